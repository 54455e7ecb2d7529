/// Just enough DER to take the PKCS#1 `RSAPublicKey` out of a PEM `PUBLIC KEY` (an X.509
/// SubjectPublicKeyInfo with the rsaEncryption algorithm), for ``RSAPublicKey``'s fast path.
///
/// OpenSSL 3's generic decoder (`PEM_read_bio_PUBKEY`) costs about 0.35 ms per key, which
/// was most of the time of re-provisioning a cached root; handing the inner key to
/// `d2i_PublicKey` costs microseconds. Every length is bounds-checked; anything unusual
/// (another algorithm, extra bytes, a second PEM block, headers) returns nil and the caller
/// takes the generic path, so this never accepts what OpenSSL would refuse.
enum SubjectPublicKeyInfo {
    /// DER of OID 1.2.840.113549.1.1.1 (rsaEncryption).
    private static let rsaEncryption: [UInt8] = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]

    /// The `RSAPublicKey` DER inside `pem`, or nil when `pem` is not exactly one plain
    /// `-----BEGIN PUBLIC KEY-----` block holding an RSA SubjectPublicKeyInfo.
    static func rsaPublicKey(pem: [UInt8]) -> [UInt8]? {
        guard let der = der(pem) else { return nil }
        return rsaPublicKey(der: der)
    }

    static func der(_ pem: [UInt8]) -> [UInt8]? {
        let begin = Array("-----BEGIN PUBLIC KEY-----".utf8), end = Array("-----END PUBLIC KEY-----".utf8)
        var text = pem[...]
        while let last = text.last, last == 0x0a || last == 0x0d { text = text.dropLast() }
        guard text.starts(with: begin), text.reversed().starts(with: end.reversed()) else { return nil }
        let body = text.dropFirst(begin.count).dropLast(end.count).filter { $0 != 0x0a && $0 != 0x0d }
        // A header line (Proc-Type:) or another block would hold ':' or '-': not base64.
        guard !body.isEmpty, !body.contains(UInt8(ascii: "-")) else { return nil }
        return Base64.decode(Substring(decoding: body, as: UTF8.self))
    }

    static func rsaPublicKey(der: [UInt8]) -> [UInt8]? {
        guard let outer = element(der, at: 0, tag: 0x30), outer.end == der.count,
              let algorithm = element(der, at: outer.contentStart, tag: 0x30),
              let oid = element(der, at: algorithm.contentStart, tag: 0x06),
              der[oid.contentStart..<oid.end].elementsEqual(rsaEncryption) else { return nil }
        // The parameters are NULL for rsaEncryption (or absent).
        if oid.end != algorithm.end {
            guard let null = element(der, at: oid.end, tag: 0x05), null.contentStart == null.end, null.end == algorithm.end else { return nil }
        }
        guard let bits = element(der, at: algorithm.end, tag: 0x03), bits.end == outer.end,
              bits.end - bits.contentStart > 1, der[bits.contentStart] == 0 else { return nil }
        return Array(der[(bits.contentStart + 1)..<bits.end])
    }

    /// The TLV with `tag` at `offset`: where its contents start and where it ends.
    private static func element(_ der: [UInt8], at offset: Int, tag: UInt8) -> (contentStart: Int, end: Int)? {
        guard offset >= 0, offset + 2 <= der.count, der[offset] == tag else { return nil }
        var position = offset + 2
        var length = Int(der[offset + 1])
        if length & 0x80 != 0 {
            let count = length & 0x7f
            guard count >= 1, count <= 3, position + count <= der.count else { return nil }
            length = 0
            for byte in der[position..<position + count] { length = length << 8 | Int(byte) }
            position += count
        }
        guard length <= der.count - position else { return nil }
        return (position, position + length)
    }
}
