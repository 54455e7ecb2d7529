/// The result of a hash function: its algorithm and bytes, shown as lowercase hex.
///
/// Values compare by algorithm and bytes, so a SHA-1 never equals a SHA-256 that happens to
/// share a prefix.
public struct Digest: Hashable, Sendable, CustomStringConvertible {
    /// Which hash function made the digest.
    public enum Algorithm: String, Hashable, Sendable {
        case sha1
        case sha256

        /// The digest's length in bytes.
        public var byteCount: Int { self == .sha1 ? 20 : 32 }
    }

    /// The hash function.
    public let algorithm: Algorithm
    /// The raw digest bytes (20 for SHA-1, 32 for SHA-256).
    public let bytes: [UInt8]

    /// A digest from raw bytes; `nil` when the length does not fit the algorithm.
    public init?(algorithm: Algorithm, bytes: [UInt8]) {
        guard bytes.count == algorithm.byteCount else { return nil }
        self.algorithm = algorithm
        self.bytes = bytes
    }

    /// A digest libcrypto just computed: its length is the algorithm's by construction.
    init(algorithm: Algorithm, computed bytes: [UInt8]) {
        self.algorithm = algorithm
        self.bytes = bytes
    }

    /// A digest from hexadecimal text (either case); `nil` when it is not exactly
    /// `2 × byteCount` hex digits, so a pinned digest with a typo is caught before any download.
    public init?(algorithm: Algorithm, hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == algorithm.byteCount * 2 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(algorithm.byteCount)
        var index = 0
        while index < digits.count {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self.algorithm = algorithm
        self.bytes = bytes
    }

    /// Lowercase hexadecimal, the form `sha256sum` prints and manifests pin.
    public var hex: String {
        let alphabet = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(alphabet[Int(byte >> 4)])
            text.append(alphabet[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// `sha256:<hex>`.
    public var description: String { "\(algorithm.rawValue):\(hex)" }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
