/// A package's identity, the index's `C:` field: the SHA-1 of the package's compressed
/// control gzip member. apk writes it `Q1` + base64 (`Q1q+b+YJqvl8+pTo4w26MOThV13Ew=`) and
/// also reads `X1` + hex; the same value appears in `><Q1…` identity constraints.
///
/// A v2 index must carry SHA-1 here: apk 3 refuses `Q2`/`X2` (SHA-256) identities with
/// "v2 package integrity error", so they are refused when parsing.
public struct PackageChecksum: Hashable, Sendable, CustomStringConvertible {
    /// The 20-byte SHA-1.
    public let sha1: [UInt8]

    /// A checksum from its 20 digest bytes.
    public init(sha1: [UInt8]) throws(ChecksumFormatError) {
        guard sha1.count == 20 else { throw ChecksumFormatError(text: Hex.encode(sha1), problem: "is not 20 bytes (SHA-1)") }
        self.sha1 = sha1
    }

    /// Parses `Q1<base64>` or `X1<hex>`.
    public init(parsing text: Substring) throws(ChecksumFormatError) {
        let prefix = text.prefix(2)
        let body = text.dropFirst(2)
        let bytes: [UInt8]?
        switch prefix {
        case "Q1": bytes = Base64.decode(body)
        case "X1": bytes = Hex.decode(body)
        case "Q2", "X2":
            throw ChecksumFormatError(text: String(text), problem: "is a SHA-256 identity; a v2 index needs SHA-1 (Q1…)")
        default:
            throw ChecksumFormatError(text: String(text), problem: "is not Q1+base64 or X1+hex of a SHA-1")
        }
        guard let bytes else {
            throw ChecksumFormatError(text: String(text), problem: "has a bad \(prefix == "Q1" ? "base64" : "hex") body")
        }
        guard bytes.count == 20 else {
            throw ChecksumFormatError(text: String(text), problem: "holds \(bytes.count) bytes, not the 20 of a SHA-1")
        }
        sha1 = bytes
    }

    /// `Q1` + base64, as apk writes it.
    public var description: String { "Q1" + Base64.encode(sha1) }

    /// The SHA-1 in lowercase hex.
    public var hex: String { Hex.encode(sha1) }
}

/// A `C:` value (or `><` constraint) that is not a SHA-1 identity.
public struct ChecksumFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The value as written.
    public var text: String
    /// What is wrong with it.
    public var problem: String

    public var description: String { "package checksum `\(text)` \(problem)" }
}
