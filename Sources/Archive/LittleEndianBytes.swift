/// Bounds-checked little-endian reads from untrusted bytes: every read returns `nil`
/// instead of reading past the end, and offsets are checked without overflowing.
struct LittleEndianBytes {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var count: Int { bytes.count }

    /// Whether `length` bytes starting at `offset` lie inside the buffer.
    func contains(_ offset: Int, length: Int) -> Bool {
        guard offset >= 0, length >= 0 else { return false }
        let (end, overflow) = offset.addingReportingOverflow(length)
        return !overflow && end <= bytes.count
    }

    func u16(_ offset: Int) -> UInt16? {
        guard contains(offset, length: 2) else { return nil }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    func u32(_ offset: Int) -> UInt32? {
        guard let low = u16(offset), let high = u16(offset + 2) else { return nil }
        return UInt32(low) | UInt32(high) << 16
    }

    func u64(_ offset: Int) -> UInt64? {
        guard let low = u32(offset), let high = u32(offset + 4) else { return nil }
        return UInt64(low) | UInt64(high) << 32
    }

    func slice(_ offset: Int, length: Int) -> ArraySlice<UInt8>? {
        guard contains(offset, length: length) else { return nil }
        return bytes[offset..<offset + length]
    }

    /// Whether the four bytes at `offset` are `P K a b`.
    func hasSignature(_ offset: Int, _ a: UInt8, _ b: UInt8) -> Bool {
        guard contains(offset, length: 4) else { return false }
        return bytes[offset] == 0x50 && bytes[offset + 1] == 0x4b && bytes[offset + 2] == a && bytes[offset + 3] == b
    }
}
