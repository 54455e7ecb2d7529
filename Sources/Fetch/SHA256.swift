/// SHA-256 (FIPS 180-4) through libcrypto. `SHA256.hash(bytes).hex` is what `sha256sum` prints.
public final class SHA256: HashFunction {
    /// `.sha256`.
    public static let algorithm = Digest.Algorithm.sha256
    private let hasher = EVPHasher(.sha256)

    /// A fresh hash state.
    public init() {}

    /// Adds `buffer` to the hashed stream.
    public func update(_ buffer: UnsafeRawBufferPointer) { hasher.update(buffer) }

    /// The digest of everything added so far; the state then starts over, empty.
    public func finalize() -> Digest { hasher.finalize() }
}
