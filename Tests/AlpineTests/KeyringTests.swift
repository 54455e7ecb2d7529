import Alpine
import Foundation
import POSIX
import Testing
import TestSupport

/// Alpine's shipped keys and the keyring: every key parses as RSA, the embedded copies are
/// the files byte for byte, keys are found by file name, a manifest keys dir adds keys.
@Suite struct KeyringTests {
    static let keysFolder = TestSupport.Repository.root + "/Sources/Alpine/Keys"

    @Test func everyShippedKeyIsAnRSAPublicKey() throws {
        let names = AlpinePublicKeys.allKeyNames
        #expect(names.count == 18)
        for name in names {
            #expect(name.hasPrefix("alpine-devel@lists.alpinelinux.org-") && name.hasSuffix(".rsa.pub"))
            var keyring = Keyring()
            try keyring.add(name: name, pem: Array(try #require(AlpinePublicKeys.pemText(named: name)).utf8), origin: "built-in")
            let bits = try #require(keyring.key(named: name)?.bits)
            #expect(bits == 2048 || bits == 4096, "\(name): \(bits) bits")
            // openssl agrees, reading the shipped file.
            let text = try run("openssl", ["pkey", "-pubin", "-in", Self.keysFolder + "/" + name, "-noout", "-text"])
            #expect(text.status.succeeded && text.output.contains("Public-Key: (\(bits) bit)"), "\(name)")
        }
    }

    @Test func embeddedKeysAreTheShippedFilesByteForByte() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.keysFolder).filter { $0.hasSuffix(".rsa.pub") }.sorted()
        #expect(files == AlpinePublicKeys.allKeyNames, "run scripts/embed-alpine-keys")
        for file in files {
            #expect(AlpinePublicKeys.pemText(named: file).map { Array($0.utf8) } == (try readFile(Self.keysFolder + "/" + file)),
                    "\(file) differs from its embedded copy: run scripts/embed-alpine-keys")
        }
    }

    @Test func keysPerArchitecture() throws {
        let x86 = try Keyring.builtIn(architecture: "x86")
        #expect(x86.names == ["4a6a0840", "5243ef4b", "61666e3f"].map(AlpinePublicKeys.fileName(id:)))
        #expect(x86.key(named: AlpinePublicKeys.fileName(id: "61666e3f"))?.bits == 4096)
        #expect(x86.key(named: AlpinePublicKeys.fileName(id: "6165ee59")) == nil)  // x86_64's builder key
        let x86_64 = try Keyring.builtIn(architecture: "x86_64")
        #expect(x86_64.names == ["4a6a0840", "5261cecb", "6165ee59"].map(AlpinePublicKeys.fileName(id:)))
        #expect(try Keyring.builtIn(architecture: "aarch64").names.contains(AlpinePublicKeys.fileName(id: "616ae350")))
        #expect(try Keyring.builtIn(architecture: "loongarch64").names == [AlpinePublicKeys.fileName(id: "66ba20fe")])
        var mapped = Set<String>()
        for architecture in AlpinePublicKeys.architectures {
            let keyring = try Keyring.builtIn(architecture: architecture)
            #expect(!keyring.names.isEmpty)
            mapped.formUnion(keyring.names)
        }
        #expect(mapped == Set(AlpinePublicKeys.allKeyNames))  // every shipped key serves some arch
        let error = #expect(throws: KeyError.self) { try Keyring.builtIn(architecture: "m68k") }
        #expect(error?.description.contains("add the repository's key to the manifest's keys directory") == true)
    }

    @Test func manifestKeysDirectoryAddsKeys() throws {
        try withScratch("keys") { dir in
            let repository = try Fixtures.makeRepository(in: dir)
            let keyName = try repository.publicKeyName()
            let keys = dir + "/manifest-keys"
            try FileTree.makeDirectories(keys)
            try writeFile(keys + "/" + keyName, try readFile(repository.keyDirectory + "/" + keyName))
            try writeFile(keys + "/README", "these are my keys\n")
            try writeFile(keys + "/.hidden.rsa.pub", try readFile(repository.keyDirectory + "/" + keyName))
            try FileTree.makeDirectories(keys + "/subfolder")
            // Alpine's keys alone do not trust the test repository.
            var keyring = try Keyring.builtIn(architecture: "x86")
            let archive = try repository.indexArchive()
            let error = #expect(throws: SignatureError.self) { try archive.verify(keyring: keyring) }
            #expect(error?.problem == .unknownKeys([keyName]))
            try keyring.addKeys(inDirectory: keys)
            #expect(keyring.names.count == 4 && keyring.key(named: keyName)?.origin == keys + "/" + keyName)
            #expect(keyring.key(named: ".hidden.rsa.pub") == nil)
            #expect(keyring.skippedFiles.map(\.path) == [keys + "/README"])
            #expect(try archive.verify(keyring: keyring).keyName == keyName)
            // The same directory again is harmless.
            try keyring.addKeys(inDirectory: keys)
            #expect(keyring.names.count == 4)
        }
    }

    @Test func aDifferentKeyUnderABuiltInNameIsRefused() throws {
        try withScratch("keys") { dir in
            let repository = try Fixtures.makeRepository(in: dir)
            let impostor = dir + "/impostor"
            let builtInName = AlpinePublicKeys.fileName(id: "61666e3f")
            try writeFile(impostor + "/" + builtInName, try readFile(repository.keyDirectory + "/" + (try repository.publicKeyName())))
            var keyring = try Keyring.builtIn(architecture: "x86")
            let error = #expect(throws: KeyError.self) { try keyring.addKeys(inDirectory: impostor) }
            #expect(error?.description.contains("same file name as the trusted key from built-in") == true)
            // An exact copy of a built-in key is fine.
            let copy = dir + "/copy"
            try writeFile(copy + "/" + builtInName, try readFile(Self.keysFolder + "/" + builtInName))
            try keyring.addKeys(inDirectory: copy)
            #expect(keyring.key(named: builtInName)?.origin == "built-in")
        }
    }

    @Test func unreadableDirectoryAndBadPEM() throws {
        var keyring = Keyring()
        #expect(throws: KeyError.self) { try keyring.addKeys(inDirectory: "/nonexistent/keys") }
        let error = #expect(throws: KeyError.self) {
            try keyring.add(name: "x.rsa.pub", pem: Array("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n".utf8), origin: "keys/x.rsa.pub")
        }
        #expect(error?.description == "key keys/x.rsa.pub: is not a PEM public key (-----BEGIN PUBLIC KEY-----)")
        // An EC key is a public key, but not RSA.
        try withScratch("keys") { dir in
            let ec = try run("/bin/sh", ["-c", "openssl ecparam -name prime256v1 -genkey -noout | openssl ec -pubout 2>/dev/null"])
            try #require(ec.status.succeeded)
            let error = #expect(throws: KeyError.self) { try keyring.add(name: "ec.pub", pem: ec.standardOutput, origin: dir) }
            #expect(error?.description.hasSuffix("is not an RSA key") == true)
        }
    }
}
