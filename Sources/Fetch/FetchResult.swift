/// A downloaded (or cached) file: where its bytes are and what they hash to.
public struct FetchResult: Sendable, Hashable {
    /// Where the bytes came from.
    public enum Source: String, Sendable, Hashable {
        /// Transferred from the server now.
        case downloaded
        /// Taken from the cache without asking the server (pinned, immutable, or offline).
        case cache
        /// The server answered 304 Not Modified to a conditional request: the cached copy.
        case revalidated
    }

    /// The requested URL.
    public let url: String
    /// The blob in the cache (`blobs/sha256/<hex>`), read-only. Copy or hard-link it; never
    /// modify it in place (the next use would find it corrupt and download it again).
    public let path: String
    /// The content's SHA-256, computed from the bytes (for a pinned request, equal to the pin).
    public let sha256: Digest
    /// The content's length in bytes.
    public let size: Int64
    /// Whether the bytes came over the network.
    public let source: Source

    /// A result; built by ``Fetcher``, public so callers' tests can make their own.
    public init(url: String, path: String, sha256: Digest, size: Int64, source: Source) {
        self.url = url
        self.path = path
        self.sha256 = sha256
        self.size = size
        self.source = source
    }
}
