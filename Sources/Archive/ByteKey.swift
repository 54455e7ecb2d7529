/// Raw bytes (a path, a zip entry name) as a dictionary key.
///
/// Compared byte for byte (`String` equality is Unicode-canonical, but two names that differ
/// in bytes are two files), and hashed in one call over the whole buffer: `[UInt8]`'s own
/// `Hashable` feeds the hasher one byte at a time, which showed up in extraction profiles.
struct ByteKey: Hashable {
    var bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
