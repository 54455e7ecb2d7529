import CCrypto

/// An RSA public key loaded from PEM (`-----BEGIN PUBLIC KEY-----`, X.509
/// SubjectPublicKeyInfo, as Alpine ships them), and RSASSA-PKCS1-v1_5 verification — what
/// `openssl dgst -sha1 -verify` and apk's `EVP_DigestVerify*` do.
///
/// `@unchecked Sendable`: the `EVP_PKEY` is never mutated after loading, and OpenSSL allows
/// concurrent verification with one key as long as each call has its own `EVP_MD_CTX`.
final class RSAPublicKey: @unchecked Sendable {
    private let key: OpaquePointer
    /// The modulus size in bits (2048 or 4096 for Alpine's keys).
    let bits: Int

    /// Loads a PEM public key; throws unless it is exactly one RSA public key.
    init(pem: [UInt8]) throws(KeyProblem) {
        if let fast = Self.loadRSA(pem: pem) {
            key = fast
            bits = Int(EVP_PKEY_get_bits(fast))
            return
        }
        let loaded: OpaquePointer? = pem.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(clamping: buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_PUBKEY(bio, nil, nil, nil)
        }
        ERR_clear_error()
        guard let loaded else { throw KeyProblem("is not a PEM public key (-----BEGIN PUBLIC KEY-----)") }
        guard EVP_PKEY_get_base_id(loaded) == EVP_PKEY_RSA else {
            EVP_PKEY_free(loaded)
            throw KeyProblem("is not an RSA key")
        }
        key = loaded
        bits = Int(EVP_PKEY_get_bits(loaded))
    }

    deinit {
        EVP_PKEY_free(key)
    }

    /// The usual key file, decoded without OpenSSL's generic decoder (see
    /// ``SubjectPublicKeyInfo``); nil sends the caller down the generic path.
    private static func loadRSA(pem: [UInt8]) -> OpaquePointer? {
        guard let inner = SubjectPublicKeyInfo.rsaPublicKey(pem: pem) else { return nil }
        return inner.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            guard let base = buffer.baseAddress else { return nil }
            var cursor: UnsafePointer<UInt8>? = base
            let key = d2i_PublicKey(EVP_PKEY_RSA, nil, &cursor, buffer.count)
            ERR_clear_error()
            guard let key else { return nil }
            // The whole RSAPublicKey, and nothing after it, or the generic path decides.
            guard cursor == base + buffer.count, EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA else {
                EVP_PKEY_free(key)
                return nil
            }
            return key
        }
    }

    /// Whether `signature` is a valid PKCS#1 v1.5 signature of `message` under `digest`.
    func verify(signature: [UInt8], message: UnsafeRawBufferPointer, digest: Digest) -> Bool {
        guard let context = EVP_MD_CTX_new() else { return false }
        defer {
            EVP_MD_CTX_free(context)
            ERR_clear_error()
        }
        guard EVP_DigestVerifyInit(context, nil, digest.algorithm, nil, key) == 1 else { return false }
        return signature.withUnsafeBufferPointer { signatureBytes in
            EVP_DigestVerify(context, signatureBytes.baseAddress, signatureBytes.count,
                             message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count) == 1
        }
    }

    func verify(signature: [UInt8], message: [UInt8], digest: Digest) -> Bool {
        message.withUnsafeBytes { verify(signature: signature, message: $0, digest: digest) }
    }
}

/// Why bytes are not a usable key (wrapped into ``KeyError`` with the key's name).
struct KeyProblem: Error {
    let problem: String
    init(_ problem: String) { self.problem = problem }
}
