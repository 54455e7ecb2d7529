/// Why a request failed, with the URL. Its description says what happened and what to do.
public struct FetchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Equatable, Sendable {
        /// The URL is not an http(s) URL barracks can fetch.
        case invalidURL(String)
        /// The pinned SHA-256 is not 64 hexadecimal digits.
        case invalidDigest(String)
        /// A plain `http://` URL with nothing to verify the content (``Integrity/none``).
        case plainHTTPWithoutVerification
        /// An https URL redirected to plain http (`to`).
        case insecureRedirect(to: String)
        /// More redirects than allowed.
        case tooManyRedirects(Int)
        /// The server answered with this HTTP status (after retries, for 5xx).
        case httpStatus(Int)
        /// The server's certificate did not verify against the trusted CAs.
        case untrustedCertificate(host: String, detail: String)
        /// Another TLS failure (handshake, unreadable CA file).
        case tls(String)
        /// No connection in time, or the transfer stalled below the low-speed limit.
        case timedOut(String)
        /// The connection failed or broke (refused, reset, truncated, unknown host).
        case transfer(String)
        /// The content does not match the pinned digest.
        case digestMismatch(expected: Digest, actual: Digest)
        /// Offline, and the cache does not hold it.
        case notInCache
        /// Reading or writing the cache failed.
        case cache(String)
        /// libcurl itself is missing or unusable on this host (the detail says what to install).
        case noLibcurl(String)
    }

    /// The requested URL.
    public let url: String
    /// What went wrong.
    public let reason: Reason
    /// Attempts made (0 when the request was refused before any).
    public let attempts: Int

    /// An error for `url`.
    public init(url: String, reason: Reason, attempts: Int = 0) {
        self.url = url
        self.reason = reason
        self.attempts = attempts
    }

    /// Whether retrying later could help: a transient server or network failure.
    var afterAttempts: String { attempts > 1 ? " after \(attempts) attempts" : "" }

    /// What happened, to whom, and what to do about it.
    public var description: String {
        switch reason {
        case .invalidURL(let why):
            return "cannot fetch \(url): \(why); use an https:// (or verified http://) URL"
        case .invalidDigest(let text):
            return "pinned sha256 for \(url) is not 64 hexadecimal digits: \"\(text)\"; copy it from `sha256sum FILE`"
        case .plainHTTPWithoutVerification:
            return "refusing plain http for \(url): nothing would verify the content, so anyone on the "
                + "network path could change it; use an https:// URL, or pin the file's sha256 in the manifest"
        case .insecureRedirect(let target):
            return "\(url) redirected to plain http (\(target)): refused, a redirect must not drop TLS; "
                + "use a URL that stays on https"
        case .tooManyRedirects(let count):
            return "\(url) redirected more than \(count) times: refused; use the final URL in the manifest"
        case .httpStatus(let status):
            return "HTTP \(status) from \(url)\(afterAttempts): " + Self.advice(forStatus: status)
        case .untrustedCertificate(let host, let detail):
            return "certificate of \(host) not trusted (\(url)): \(detail); if the server uses a private CA, "
                + "pass its certificate bundle with ca_file"
        case .tls(let detail):
            return "TLS failed for \(url)\(afterAttempts): \(detail)"
        case .timedOut(let detail):
            return "timed out fetching \(url)\(afterAttempts): \(detail); check the network (and proxy "
                + "variables), then try again"
        case .transfer(let detail):
            return "download of \(url) failed\(afterAttempts): \(detail); check the network, then try again"
        case .noLibcurl(let detail):
            return "cannot download \(url): \(detail)"
        case .digestMismatch(let expected, let actual):
            return "sha256 mismatch for \(url): expected \(expected.hex), got \(actual.hex); the file changed on "
                + "the server or was altered on the way; nothing was kept. If the new file is the one you want, "
                + "check it and update the pinned sha256"
        case .notInCache:
            return "offline: not in cache: \(url); run once without --offline or use `barracks mirror`"
        case .cache(let detail):
            return "cache: \(detail) (fetching \(url))"
        }
    }

    private static func advice(forStatus status: Int) -> String {
        switch status {
        case 404, 410: return "the file is not there; check the URL in the manifest"
        case 401, 403: return "the server refuses access; check the URL (barracks sends no credentials)"
        case 408, 429: return "the server is busy; try again later"
        case 500...599: return "the server failed; try again later or use another mirror"
        case 300...399: return "a redirect without a usable Location; check the URL"
        default: return "the server refused the request; check the URL in the manifest"
        }
    }
}
