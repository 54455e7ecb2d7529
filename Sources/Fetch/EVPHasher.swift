import CCrypto

/// One libcrypto digest context (`EVP_MD_CTX`), fed incrementally. SHA256 and SHA1 wrap it.
///
/// libcrypto picks the fastest implementation the CPU offers (SHA-NI, AVX2), which is why the
/// digests come from it rather than from Swift code.
final class EVPHasher {
    let algorithm: Digest.Algorithm
    private let context: OpaquePointer

    init(_ algorithm: Digest.Algorithm) {
        self.algorithm = algorithm
        // Allocation is the only way these fail; there is no input to blame and nothing
        // sensible to continue with.
        guard let context = EVP_MD_CTX_new() else { fatalError("libcrypto: EVP_MD_CTX_new failed (out of memory)") }
        self.context = context
        start()
    }

    deinit { EVP_MD_CTX_free(context) }

    func update(_ buffer: UnsafeRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        EVP_DigestUpdate(context, base, buffer.count)
    }

    /// The digest of everything fed since the start; the context then starts over.
    func finalize() -> Digest {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &output, &length)
        start()
        return Digest(algorithm: algorithm, computed: Array(output.prefix(algorithm.byteCount)))
    }

    private func start() {
        let method = algorithm == .sha256 ? EVP_sha256() : EVP_sha1()
        EVP_DigestInit_ex(context, method, nil)
    }
}
