/// What vouches for a download's content, which decides whether plain `http://` is acceptable.
///
/// TLS only proves who sent the bytes; a pinned digest or a signature proves what they are.
/// So plain http is allowed when something checks the content, and refused when nothing does.
public enum Integrity: Sendable, Hashable {
    /// The content's SHA-256 (64 hex digits) is pinned, as in a manifest's `sha256`. A download
    /// that does not match fails and leaves nothing in the cache; the cache is keyed by it, so a
    /// cached copy is used without asking the server.
    case sha256(String)
    /// The caller verifies the content after the download, for `reason` (for instance "APKINDEX
    /// signed by an Alpine key", "apk checked against the signed index"). Plain http is
    /// allowed; the download is cached by URL and revalidated unless the request is immutable.
    case verifiedLater(String)
    /// Nothing verifies the content: only https is accepted (trust on first use).
    case none
}
