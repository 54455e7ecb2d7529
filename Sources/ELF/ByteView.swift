/// Bounds-checked, endian-aware reads of fixed-width fields from an ELF file's bytes.
///
/// Every read checks `offset <= count && width <= count - offset` (never `offset + width`,
/// which can overflow) and assembles values with unaligned loads, so a hostile offset can
/// only ever produce an ``ELFError`` naming the field.
struct ByteView: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    let littleEndian: Bool
    let is64: Bool

    var count: Int { bytes.count }

    /// Whether `[offset, offset + length)` lies within the file.
    @inline(__always)
    func contains(_ offset: UInt64, _ length: UInt64) -> Bool {
        offset <= UInt64(bytes.count) && length <= UInt64(bytes.count) - offset
    }

    @inline(__always)
    func check(_ field: String, _ offset: UInt64, _ length: UInt64) throws {
        guard contains(offset, length) else {
            throw ELFError.truncated(field, at: offset, need: length, fileSize: bytes.count)
        }
    }

    @inline(__always)
    func u8(_ offset: UInt64, _ field: String) throws -> UInt8 {
        try check(field, offset, 1)
        return bytes[Int(offset)]
    }

    @inline(__always)
    func u16(_ offset: UInt64, _ field: String) throws -> UInt16 {
        try check(field, offset, 2)
        let raw = bytes.loadUnaligned(fromByteOffset: Int(offset), as: UInt16.self)
        return littleEndian ? UInt16(littleEndian: raw) : UInt16(bigEndian: raw)
    }

    @inline(__always)
    func u32(_ offset: UInt64, _ field: String) throws -> UInt32 {
        try check(field, offset, 4)
        let raw = bytes.loadUnaligned(fromByteOffset: Int(offset), as: UInt32.self)
        return littleEndian ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw)
    }

    @inline(__always)
    func u64(_ offset: UInt64, _ field: String) throws -> UInt64 {
        try check(field, offset, 8)
        let raw = bytes.loadUnaligned(fromByteOffset: Int(offset), as: UInt64.self)
        return littleEndian ? UInt64(littleEndian: raw) : UInt64(bigEndian: raw)
    }

    /// A class-sized word: 4 bytes in ELFCLASS32, 8 in ELFCLASS64, widened to 64 bits.
    @inline(__always)
    func word(_ offset: UInt64, _ field: String) throws -> UInt64 {
        is64 ? try u64(offset, field) : UInt64(try u32(offset, field))
    }

    /// The size of a class-sized word.
    var wordSize: UInt64 { is64 ? 8 : 4 }

    /// The NUL-terminated string at `offset`, which must end before `limit` (exclusive).
    func cString(_ offset: UInt64, limit: UInt64, _ field: String) throws -> String {
        let end = min(limit, UInt64(bytes.count))
        guard offset < end else {
            throw ELFError(field, at: offset, "string offset lies outside its table (ends at 0x\(String(end, radix: 16)))")
        }
        let start = Int(offset)
        let stop = Int(end)
        var index = start
        while index < stop {
            if bytes[index] == 0 {
                let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                return String(decoding: raw.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
            }
            index += 1
        }
        throw ELFError(field, at: offset, "string is not NUL-terminated within its table")
    }

    /// The raw bytes of the NUL-terminated string at `offset` (without the NUL), or `nil` when
    /// it is unterminated or out of range. For hot paths that compare names without building
    /// a `String`.
    @inline(__always)
    func cStringBytes(_ offset: UInt64, limit: UInt64) -> UnsafeRawBufferPointer? {
        let end = min(limit, UInt64(bytes.count))
        guard offset < end, let base = bytes.baseAddress else { return nil }
        let start = base + Int(offset)
        let length = Int(end - offset)
        guard let nul = memchr(start, 0, length) else { return nil }
        return UnsafeRawBufferPointer(start: start, count: UnsafeRawPointer(nul) - start)
    }
}

#if canImport(Glibc)
import Glibc
#endif
