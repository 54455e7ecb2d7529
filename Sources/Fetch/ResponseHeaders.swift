import Foundation

/// The headers of the response a transfer is reading, parsed line by line from libcurl's
/// header callback.
///
/// A status line starts over: libcurl passes every response through the callback (a proxy's
/// `CONNECT` answer, `100 Continue`), and only the last one describes the body.
struct ResponseHeaders {
    /// The HTTP status, 0 before a status line.
    private(set) var status = 0
    private var fields: [String: String] = [:]

    mutating func consume(line raw: String) {
        let line = raw.trimmingCharacters(in: ["\r", "\n"])
        if line.hasPrefix("HTTP/") {
            fields = [:]
            let words = line.split(separator: " ", maxSplits: 2)
            status = words.count > 1 ? Int(words[1]) ?? 0 : 0
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: [" ", "\t"])
        fields[name] = value
    }

    /// The `ETag`, as sent (quotes and `W/` included), to send back in `If-None-Match`.
    var entityTag: String? { fields["etag"] }
    /// `Last-Modified`, verbatim, to send back in `If-Modified-Since` (RFC 9110 advises
    /// returning the server's own text rather than a reformatted date).
    var lastModified: String? { fields["last-modified"] }

    /// `Content-Length`, when present and a plain non-negative number.
    var contentLength: Int64? {
        guard let text = fields["content-length"], let value = Int64(text), value >= 0 else { return nil }
        return value
    }

    /// `Content-Range: bytes START-END/TOTAL` (TOTAL may be `*`).
    var contentRange: ContentRange? { fields["content-range"].flatMap(ContentRange.init(header:)) }

    /// The validator that ties a partial download to one version of the file, for `If-Range`:
    /// a strong ETag, else the Last-Modified date (weak ETags cannot be used there).
    var rangeValidator: String? {
        if let tag = entityTag, !tag.hasPrefix("W/") { return tag }
        return lastModified
    }
}

/// A `Content-Range` header of a 206 answer.
struct ContentRange: Equatable {
    let start: Int64
    let end: Int64
    let total: Int64?

    init?(header: String) {
        guard header.hasPrefix("bytes ") else { return nil }
        let spec = header.dropFirst("bytes ".count)
        let halves = spec.split(separator: "/", maxSplits: 1)
        guard halves.count == 2 else { return nil }
        let bounds = halves[0].split(separator: "-", maxSplits: 1)
        guard bounds.count == 2, let start = Int64(bounds[0]), let end = Int64(bounds[1]),
              start >= 0, end >= start else { return nil }
        self.start = start
        self.end = end
        if halves[1] == "*" {
            total = nil
        } else {
            guard let total = Int64(halves[1]), total > end else { return nil }
            self.total = total
        }
    }
}
