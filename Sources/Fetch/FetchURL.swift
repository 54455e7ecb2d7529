/// The parts of an http(s) URL the fetch rules look at: its scheme and host.
///
/// libcurl parses the URL for the request itself; this only decides what is allowed and
/// names the host in messages.
struct FetchURL: Equatable {
    enum Scheme: String { case http, https }

    let text: String
    let scheme: Scheme
    /// The host without user information or port (an IPv6 literal keeps its brackets).
    let host: String

    /// Parses `text`; throws the reason when it is not an absolute http(s) URL with a host.
    static func parse(_ text: String) throws(URLRefusal) -> FetchURL {
        guard let separator = text.range(of: "://") else {
            throw URLRefusal(reason: .invalidURL("not an absolute URL"))
        }
        let schemeText = text[..<separator.lowerBound].lowercased()
        guard let scheme = Scheme(rawValue: schemeText) else {
            throw URLRefusal(reason: .invalidURL("the scheme \"\(schemeText)\" is not supported (only http and https)"))
        }
        let rest = text[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostAndPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        let host = hostAndPort.hasPrefix("[")
            ? String(hostAndPort.prefix { $0 != "]" }) + "]"
            : String(hostAndPort.prefix { $0 != ":" })
        guard !host.isEmpty, !text.contains(where: { $0 == " " || $0.isNewline }) else {
            throw URLRefusal(reason: .invalidURL("no host, or spaces in the URL"))
        }
        return FetchURL(text: text, scheme: scheme, host: host)
    }
}

/// Why a URL cannot be fetched.
struct URLRefusal: Error {
    let reason: FetchError.Reason
}
