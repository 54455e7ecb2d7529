import CCrypto

/// SHA-1 and SHA-256 through libcrypto, for package identities (`C:`), `datahash` and
/// signature checks. (The `Fetch` module has its own streaming SHA-256 for downloads; these
/// digests are over bytes already in memory.)
enum Digest: Sendable {
    case sha1, sha256

    /// The digest of `bytes`.
    func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = output.withUnsafeMutableBufferPointer { out in
            EVP_Digest(bytes.baseAddress, bytes.count, out.baseAddress, &length, algorithm, nil)
        }
        // EVP_Digest fails only when out of memory. An empty digest matches nothing, so every
        // check built on it fails closed.
        guard ok == 1 else { return [] }
        return Array(output[0..<Int(min(length, UInt32(output.count)))])
    }

    func hash(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// OpenSSL's message digest.
    var algorithm: OpaquePointer? {
        switch self {
        case .sha1: return EVP_sha1()
        case .sha256: return EVP_sha256()
        }
    }
}
