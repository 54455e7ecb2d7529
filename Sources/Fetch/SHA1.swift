/// SHA-1 through libcrypto, for formats that still use it (APKINDEX `C:` checksums, v2 apk
/// `.SIGN.RSA.` signatures). Never use it to pin downloads: pin SHA-256.
public final class SHA1: HashFunction {
    /// `.sha1`.
    public static let algorithm = Digest.Algorithm.sha1
    private let hasher = EVPHasher(.sha1)

    /// A fresh hash state.
    public init() {}

    /// Adds `buffer` to the hashed stream.
    public func update(_ buffer: UnsafeRawBufferPointer) { hasher.update(buffer) }

    /// The digest of everything added so far; the state then starts over, empty.
    public func finalize() -> Digest { hasher.finalize() }
}
