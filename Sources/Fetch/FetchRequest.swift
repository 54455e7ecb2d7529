/// One thing to download: where from, and what vouches for it.
public struct FetchRequest: Sendable, Hashable {
    /// An `https://` URL, or `http://` when ``integrity`` verifies the content.
    public var url: String
    /// What checks the bytes (see ``Integrity``).
    public var integrity: Integrity
    /// The URL names content that never changes (a versioned package file): a cached copy is
    /// used without asking the server. Mutable things (an APKINDEX) leave this `false` and are
    /// revalidated with `If-None-Match` / `If-Modified-Since`. Pinned requests are always
    /// immutable.
    public var immutable: Bool

    /// A request for `url`, checked by `integrity`.
    public init(_ url: String, integrity: Integrity, immutable: Bool = false) {
        self.url = url
        self.integrity = integrity
        self.immutable = immutable
    }
}
