@testable import Alpine
import Foundation
import Testing
import TestSupport

/// The fast path that takes the RSA key out of a PEM `PUBLIC KEY` without OpenSSL's generic
/// decoder: for every shipped key it must give exactly the PKCS#1 key `openssl rsa -pubin
/// -RSAPublicKey_out` gives, and anything unusual must fall back to OpenSSL.
@Suite struct PublicKeyDecodingTests {
    @Test func everyShippedKeyDecodesAsOpenSSLDecodesIt() throws {
        try withScratch("spki") { dir in
            for name in AlpinePublicKeys.allKeyNames {
                let pem = try #require(AlpinePublicKeys.pemText(named: name))
                let inner = try #require(SubjectPublicKeyInfo.rsaPublicKey(pem: Array(pem.utf8)), "\(name)")
                try writeFile(dir + "/key.pem", pem)
                let openssl = try run("openssl", ["rsa", "-pubin", "-in", dir + "/key.pem", "-RSAPublicKey_out", "-outform", "DER",
                                                  "-out", dir + "/key.der"])
                try #require(openssl.status.succeeded, "\(openssl.errorOutput)")
                #expect(inner == (try readFile(dir + "/key.der")), "\(name)")
            }
        }
    }

    @Test func unusualInputTakesTheGenericPath() throws {
        let pem = try #require(AlpinePublicKeys.pemText(named: AlpinePublicKeys.keyNames(for: "x86")[0]))
        let crlf = pem.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(SubjectPublicKeyInfo.rsaPublicKey(pem: Array(crlf.utf8)) != nil)
        #expect(SubjectPublicKeyInfo.rsaPublicKey(pem: Array((pem + pem).utf8)) == nil, "two blocks")
        #expect(SubjectPublicKeyInfo.rsaPublicKey(pem: Array(("junk\n" + pem).utf8)) == nil)
        let der = try #require(SubjectPublicKeyInfo.der(Array(pem.utf8)))
        #expect(SubjectPublicKeyInfo.rsaPublicKey(der: der + [0]) == nil, "trailing byte")
        var otherAlgorithm = der
        if let position = otherAlgorithm.firstIndex(of: 0x2a) { otherAlgorithm[position + 8] = 0x02 }  // 1.2.840.113549.1.1.2
        #expect(SubjectPublicKeyInfo.rsaPublicKey(der: otherAlgorithm) == nil)
        #expect(SubjectPublicKeyInfo.rsaPublicKey(der: Array(der.prefix(40))) == nil, "truncated")
        // Whatever the path, the keyring loads the same keys as before.
        var keyring = Keyring()
        try keyring.add(name: "crlf.rsa.pub", pem: Array(crlf.utf8), origin: "test")
        #expect(keyring.key(named: "crlf.rsa.pub")?.bits == 2048)
    }
}
