import Fetch
import Foundation
import Testing
import TestSupport

@Suite struct DigestTests {
    @Test func knownVectors() {
        // FIPS 180-4 examples.
        #expect(SHA256.hash(Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hash([UInt8]()).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA1.hash(Array("abc".utf8)).hex == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(SHA1.hash(Array("abc".utf8)).bytes.count == 20)
    }

    @Test func incrementalEqualsOneShot() {
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let hasher = SHA256()
        for start in stride(from: 0, to: bytes.count, by: 7777) {
            hasher.update(bytes[start..<min(bytes.count, start + 7777)])
        }
        #expect(hasher.finalize() == SHA256.hash(bytes))
        // After finalize the state starts over.
        hasher.update(Array("abc".utf8))
        #expect(hasher.finalize() == SHA256.hash(Array("abc".utf8)))
    }

    @Test func fileDigestMatchesSha256sum() throws {
        try withScratch("digest") { dir in
            let fixture = FetchFixture(directory: dir)
            try FileManager.default.createDirectory(atPath: fixture.www, withIntermediateDirectories: true)
            let expected = try fixture.serve("big.bin", size: 3 << 20 | 12345)
            #expect(try SHA256.hash(contentsOf: fixture.www + "/big.bin").hex == expected)
        }
    }

    @Test func hexParsing() {
        let text = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"
        #expect(Digest(algorithm: .sha256, hex: text) == SHA256.hash(Array("abc".utf8)))
        #expect(Digest(algorithm: .sha256, hex: String(text.dropLast())) == nil)
        #expect(Digest(algorithm: .sha256, hex: String(text.dropLast()) + "g") == nil)
        #expect(Digest(algorithm: .sha1, hex: text) == nil)
        #expect(SHA1.hash([UInt8]()) != SHA256.hash([UInt8]()))
        #expect(SHA256.hash(Array("abc".utf8)).description.hasPrefix("sha256:ba7816bf"))
    }
}
