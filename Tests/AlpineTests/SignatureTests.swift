import Alpine
import Foundation
import Testing
import TestSupport

/// The chain of trust this module covers, against real files from make-apk-repo: the index
/// signature (each deliberate breakage caught and named), a package's control member
/// against `C:`, its data member against `datahash`, and a standalone package's own `.SIGN`.
@Suite struct SignatureTests {
    @Test(arguments: ["RSA", "RSA256"])
    func goodIndexVerifies(algorithm: String) throws {
        try withScratch("signature") { dir in
            let repository = try Fixtures.makeRepository(in: dir, arguments: ["--sign-alg", algorithm])
            let archive = try repository.indexArchive()
            let (index, signature) = try archive.verifiedIndex(keyring: try repository.keyring())
            #expect(signature.keyName == (try repository.publicKeyName()))
            #expect(signature.algorithm == (algorithm == "RSA" ? .rsaSHA1 : .rsaSHA256))
            #expect(index.records.map(\.name).sorted() == ["busybox", "musl"])
        }
    }

    /// (make-apk-repo breakage, expected problem; nil key name means "the repository's key")
    @Test(arguments: ["index-unknown-key", "index-wrong-key", "index-bad-signature", "index-unsigned"])
    func brokenIndexSignatureIsCaughtAndNamed(breakage: String) throws {
        try withScratch("signature") { dir in
            let repository = try Fixtures.makeRepository(in: dir, arguments: ["--break", breakage])
            let archive = try repository.indexArchive()
            let keyring = try repository.keyring()
            let error = #expect(throws: SignatureError.self) { try archive.verifiedIndex(keyring: keyring) }
            let trusted = try repository.publicKeyName()
            switch (breakage, error?.problem) {
            case ("index-unknown-key", .unknownKeys(let names)?):
                #expect(names.count == 1 && names[0].hasPrefix("unknown@example.org-") && names[0] != trusted)
                #expect(error?.description.contains("signed by an unknown key `\(names[0])`") == true)
                #expect(error?.description.contains("add its public key") == true)
            case ("index-wrong-key", .badSignature(let keyName, .rsaSHA1)?), ("index-bad-signature", .badSignature(let keyName, .rsaSHA1)?):
                #expect(keyName == trusted)
                #expect(error?.description == "\(repository.indexPath): BAD signature: the RSA signature by trusted key `\(trusted)` does not match the data (corrupt or tampered download, or a different key under that name)")
            case ("index-unsigned", .noSignature?):
                #expect(archive.signatures.isEmpty)
                #expect(error?.description.hasPrefix(repository.indexPath + ": no signature") == true)
                // The index itself is readable, for a manifest that explicitly allows untrusted repositories.
                #expect(try archive.unverifiedIndex().records.count == 2)
            default:
                Issue.record("\(breakage): unexpected \(String(describing: error))")
            }
        }
    }

    @Test func firstTrustedSignatureDecides() throws {
        try withScratch("signature") { dir in
            let repository = try Fixtures.makeRepository(in: dir)
            let archive = try repository.indexArchive()
            let keyring = try repository.keyring()
            let trusted = try repository.publicKeyName()
            let good = try #require(archive.signatures.first)
            // A SHA-256 signature of the same bytes by the same key, made by openssl.
            let signedPath = dir + "/signed.gz"
            try writeFile(signedPath, archive.signedData)
            let privateKey = repository.keyDirectory + "/" + String(trusted.dropLast(4))
            let rsa256 = try run("openssl", ["dgst", "-sha256", "-sign", privateKey, signedPath])
            try #require(rsa256.status.succeeded)
            let good256 = SignatureFile(entryName: ".SIGN.RSA256.\(trusted)", signature: rsa256.standardOutput)
            var flipped = good.signature
            flipped[flipped.count / 2] ^= 1
            let corrupt = SignatureFile(entryName: good.entryName, signature: flipped)
            let stranger = SignatureFile(entryName: ".SIGN.RSA.stranger@example.org-1.rsa.pub", signature: flipped)

            // Unknown keys are passed over until a trusted one.
            let result = try keyring.verify(signatures: [stranger, good], signedData: archive.signedData, file: "i")
            #expect(result == VerifiedSignature(keyName: trusted, algorithm: .rsaSHA1))
            #expect(try keyring.verify(signatures: [good256], signedData: archive.signedData, file: "i").algorithm == .rsaSHA256)
            // The first trusted signature decides, even when a later one would verify (apk does the same).
            let error = #expect(throws: SignatureError.self) {
                try keyring.verify(signatures: [corrupt, good256], signedData: archive.signedData, file: "i")
            }
            #expect(error?.problem == .badSignature(keyName: trusted, algorithm: .rsaSHA1))
            // DSA and RSA512 entries are skipped (like apko), as are entries over 64 KiB.
            let skipped = [SignatureFile(entryName: ".SIGN.DSA.\(trusted)", signature: good.signature),
                           SignatureFile(entryName: ".SIGN.RSA512.\(trusted)", signature: good.signature),
                           SignatureFile(entryName: good.entryName, signature: good.signature + [UInt8](repeating: 0, count: 65536))]
            #expect(throws: SignatureError(file: "i", problem: .noSignature)) {
                try keyring.verify(signatures: skipped, signedData: archive.signedData, file: "i")
            }
            // Altered data fails under the right key.
            var altered = archive.signedData
            altered[altered.count / 2] ^= 0x40
            #expect(throws: SignatureError.self) { try keyring.verify(signatures: [good], signedData: altered, file: "i") }
        }
    }

    @Test func keysAreMatchedByFileName() throws {
        try withScratch("signature") { dir in
            let repository = try Fixtures.makeRepository(in: dir)
            let archive = try repository.indexArchive()
            let trusted = try repository.publicKeyName()
            var renamed = Keyring()
            try renamed.add(name: "renamed.rsa.pub", pem: readFile(repository.keyDirectory + "/" + trusted), origin: "renamed")
            let error = #expect(throws: SignatureError.self) { try archive.verify(keyring: renamed) }
            #expect(error?.problem == .unknownKeys([trusted]))
        }
    }

    @Test func packageMembersAgainstIndexAndDatahash() throws {
        try withScratch("integrity") { dir in
            let good = try Fixtures.makeRepository(in: dir + "/good")
            let index = try good.indexArchive().verifiedIndex(keyring: try good.keyring()).index
            for record in index.records {
                let file = good.folder + "/" + record.fileName
                let members = try good.members(of: record.fileName)
                #expect(members.count == 3)
                let info = try good.packageInfo(of: record.fileName)
                try PackageIntegrity.checkControl(members[1].compressed, against: record, file: file)
                try PackageIntegrity.checkData(members[2].compressed, against: info, file: file)
            }
            for breakage in ["control-mismatch", "datahash-mismatch", "no-datahash"] {
                let broken = try Fixtures.makeRepository(in: dir + "/" + breakage, keyDirectory: good.keyDirectory,
                                                         arguments: ["--break", "\(breakage)=musl"])
                let brokenIndex = try broken.indexArchive()
                    .verifiedIndex(keyring: try broken.keyring()).index
                let record = try #require(brokenIndex.records.first { $0.name == "musl" })
                let file = broken.folder + "/" + record.fileName
                let members = try broken.members(of: record.fileName)
                let info = try broken.packageInfo(of: record.fileName)
                switch breakage {
                case "control-mismatch":
                    let error = #expect(throws: IntegrityError.self) {
                        try PackageIntegrity.checkControl(members[1].compressed, against: record, file: file)
                    }
                    #expect(error?.description.contains("but the signed index says C:\(record.checksum)") == true)
                case "datahash-mismatch":
                    try PackageIntegrity.checkControl(members[1].compressed, against: record, file: file)
                    let error = #expect(throws: IntegrityError.self) {
                        try PackageIntegrity.checkData(members[2].compressed, against: info, file: file)
                    }
                    #expect(error?.description.contains("data member SHA-256 is") == true)
                default:
                    #expect(throws: IntegrityError(file: file, problem: .noDatahash)) {
                        try PackageIntegrity.checkData(members[2].compressed, against: info, file: file)
                    }
                }
            }
        }
    }

    @Test(arguments: ["none", "package-unknown-key", "package-bad-signature", "package-unsigned"])
    func standalonePackageSignature(breakage: String) throws {
        try withScratch("package-signature") { dir in
            let repository = try Fixtures.makeRepository(
                in: dir, arguments: breakage == "none" ? [] : ["--break", "\(breakage)=musl"])
            let file = repository.folder + "/musl-1.2.3-r0.apk"
            let members = try repository.members(of: "musl-1.2.3-r0.apk")
            let signatures = try SignatureFile.entries(ofFirstMember: members[0].decompressed, file: file)
            // A signed package's signature covers the control member (the one after the signatures).
            let control = signatures.isEmpty ? members[0] : members[1]
            let keyring = try repository.keyring()
            let trusted = try repository.publicKeyName()
            switch breakage {
            case "none":
                #expect(try keyring.verify(signatures: signatures, signedData: control.compressed, file: file).keyName == trusted)
            case "package-unknown-key":
                let error = #expect(throws: SignatureError.self) {
                    try keyring.verify(signatures: signatures, signedData: control.compressed, file: file)
                }
                if case .unknownKeys(let names)? = error?.problem { #expect(!names.contains(trusted)) } else { Issue.record("\(String(describing: error))") }
            case "package-bad-signature":
                #expect(throws: SignatureError(file: file, problem: .badSignature(keyName: trusted, algorithm: .rsaSHA1))) {
                    try keyring.verify(signatures: signatures, signedData: control.compressed, file: file)
                }
            default:
                #expect(members.count == 2 && signatures.isEmpty)
                #expect(throws: SignatureError(file: file, problem: .noSignature)) {
                    try keyring.verify(signatures: signatures, signedData: control.compressed, file: file)
                }
            }
        }
    }
}
