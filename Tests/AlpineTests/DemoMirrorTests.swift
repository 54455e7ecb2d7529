import Alpine
import Foundation
import Testing
import TestSupport

/// The offline demo mirror (scripts/make-demo-mirror: Debian's i386 musl and busybox as
/// Alpine x86 packages, apk-tools-static for x86_64) checked link by link with Alpine's
/// built-in keys plus the mirror's keys directory, then resolved.
@Suite struct DemoMirrorTests {
    struct Mirror: Decodable {
        struct Package: Decodable {
            let name, version, file, checksum, datahash: String
        }
        let key: String
        let packages: [String: [Package]]
    }

    @Test func verifyResolveAndCheckEveryPackage() throws {
        guard FileManager.default.fileExists(atPath: TestSupport.Repository.debianFixtures + "/musl/lib") else {
            Issue.record("Debian fixtures missing: run scripts/install-deps")
            return
        }
        try withScratch("demo-mirror") { dir in
            let out = dir + "/mirror"
            let made = try run(TestSupport.Repository.root + "/scripts/make-demo-mirror", [out])
            try #require(made.status.succeeded, "make-demo-mirror: \(made.errorOutput)")
            let mirror = try JSONDecoder().decode(Mirror.self, from: Data(try readFile(out + "/mirror.json")))
            for (architecture, world) in [("x86", ["musl", "busybox"]), ("x86_64", ["apk-tools-static"])] {
                let folder = "\(out)/v3.24/main/\(architecture)"
                let members = "\(dir)/members/\(architecture)"
                try Fixtures.explode(folder, into: members)
                var keyring = try Keyring.builtIn(architecture: architecture)
                try keyring.addKeys(inDirectory: out + "/keys")
                let archive = try IndexArchive(members: try Fixtures.readMembers(members + "/APKINDEX.tar.gz"),
                                               source: folder + "/APKINDEX.tar.gz")
                let (index, signature) = try archive.verifiedIndex(keyring: keyring)
                #expect(signature == VerifiedSignature(keyName: mirror.key, algorithm: .rsaSHA1))
                let resolution = try Resolver(indexes: [index], architecture: architecture).resolve(packages: world)
                let expected = try #require(mirror.packages[architecture])
                #expect(Set(resolution.names) == Set(expected.map(\.name)))
                for package in resolution.packages {
                    let entry = try #require(expected.first { $0.name == package.record.name })
                    #expect(package.record.checksum.description == entry.checksum && package.record.version.text == entry.version)
                    let file = package.record.fileName
                    #expect(file == entry.file)
                    let parts = try Fixtures.readMembers(members + "/" + file)
                    let info = try PackageInfo(text: try readFile(members + "/" + file + "/PKGINFO"), source: file)
                    try PackageIntegrity.checkControl(parts[1].compressed, against: package.record, file: file)
                    try PackageIntegrity.checkData(parts[2].compressed, against: info, file: file)
                    #expect(info.datahash.map { $0.map { String(format: "%02x", $0) }.joined() } == entry.datahash)
                }
                if architecture == "x86_64" {
                    try checkApkStaticSignature(members: members, keyring: keyring, key: mirror.key, scratch: dir)
                }
            }
        }
    }

    /// sbin/apk.static.SIGN.RSA.sha256.<key> is a detached `openssl dgst -sha256 -sign` of sbin/apk.static.
    private func checkApkStaticSignature(members: String, keyring: Keyring, key: String, scratch: String) throws {
        let parts = try Fixtures.readMembers(members + "/apk-tools-static-3.0.8-r0.apk")
        let files = try Fixtures.extractTar(parts[2].decompressed, into: scratch + "/apk-tools-static")
        let signatureName = "sbin/apk.static.SIGN.RSA.sha256." + key
        #expect(files.contains("sbin/apk.static") && files.contains(signatureName))
        let binary = try readFile(scratch + "/apk-tools-static/sbin/apk.static")
        let signature = try readFile(scratch + "/apk-tools-static/" + signatureName)
        let verified = try keyring.verifyDetached(signature: signature, keyName: key, algorithm: .rsaSHA256,
                                                  data: binary, file: "sbin/apk.static")
        #expect(verified.keyName == key)
        var tampered = binary
        tampered.append(0x0a)
        #expect(throws: SignatureError(file: "sbin/apk.static", problem: .badSignature(keyName: key, algorithm: .rsaSHA256))) {
            try keyring.verifyDetached(signature: signature, keyName: key, algorithm: .rsaSHA256, data: tampered, file: "sbin/apk.static")
        }
    }
}
