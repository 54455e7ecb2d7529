/// Bounds-checked, endian-aware reads of fixed-width fields from an ELF file's bytes.
///
/// Every read checks `offset <= count && width <= count - offset` (never `offset + width`,
/// which can overflow) against the file's size and assembles values with unaligned loads, so
/// a hostile offset can only ever produce an ``ELFError`` naming the field. The bytes are
/// either all in memory or read on demand by a ``Pager``; the readers cannot tell which.
struct ByteView: @unchecked Sendable {
    enum Storage {
        /// The whole file, `count` bytes from here.
        case memory(UnsafeRawPointer)
        /// Ranges read when first touched.
        case paged(Pager)
    }

    /// The file's size.
    let count: Int
    let littleEndian: Bool
    let is64: Bool
    let storage: Storage

    /// Whether `[offset, offset + length)` lies within the file.
    @inline(__always)
    func contains(_ offset: UInt64, _ length: UInt64) -> Bool {
        offset <= UInt64(count) && length <= UInt64(count) - offset
    }

    @inline(__always)
    func check(_ field: String, _ offset: UInt64, _ length: UInt64) throws {
        guard contains(offset, length) else {
            throw ELFError.truncated(field, at: offset, need: length, fileSize: count)
        }
    }

    /// The `length` bytes at `offset`, checked to lie within the file and, when paged, read.
    /// For loops over a table whose bounds were checked once.
    @inline(__always)
    func region(_ field: String, _ offset: UInt64, _ length: UInt64) throws -> UnsafeRawPointer {
        try check(field, offset, length)
        switch storage {
        case .memory(let base): return base + Int(offset)
        case .paged(let pager): return try pager.bytes(at: Int(offset), count: Int(length), field: field)
        }
    }

    @inline(__always)
    func u8(_ offset: UInt64, _ field: String) throws -> UInt8 {
        try region(field, offset, 1).load(as: UInt8.self)
    }

    @inline(__always)
    func u16(_ offset: UInt64, _ field: String) throws -> UInt16 {
        let raw = try region(field, offset, 2).loadUnaligned(as: UInt16.self)
        return littleEndian ? UInt16(littleEndian: raw) : UInt16(bigEndian: raw)
    }

    @inline(__always)
    func u32(_ offset: UInt64, _ field: String) throws -> UInt32 {
        let raw = try region(field, offset, 4).loadUnaligned(as: UInt32.self)
        return littleEndian ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw)
    }

    @inline(__always)
    func u64(_ offset: UInt64, _ field: String) throws -> UInt64 {
        let raw = try region(field, offset, 8).loadUnaligned(as: UInt64.self)
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
        guard let raw = try cStringRange(offset, limit: limit, field) else {
            throw ELFError(field, at: offset, "string is not NUL-terminated within its table")
        }
        return String(decoding: raw.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
    }

    /// The raw bytes of the NUL-terminated string at `offset` (without the NUL), or `nil` when
    /// it is unterminated or out of range. For hot paths that compare names without building
    /// a `String`.
    @inline(__always)
    func cStringBytes(_ offset: UInt64, limit: UInt64) -> UnsafeRawBufferPointer? {
        (try? cStringRange(offset, limit: limit, "string")).flatMap { $0 }
    }

    /// Finds the string's NUL a stretch at a time, so that a paged file reads the few bytes a
    /// name needs and not the rest of a string table that may be megabytes long.
    private func cStringRange(_ offset: UInt64, limit: UInt64, _ field: String) throws -> UnsafeRawBufferPointer? {
        let end = min(limit, UInt64(count))
        guard offset < end else {
            throw ELFError(field, at: offset, "string offset lies outside its table (ends at 0x\(String(end, radix: 16)))")
        }
        if case .memory(let base) = storage {
            let start = base + Int(offset)
            guard let nul = memchr(start, 0, Int(end - offset)) else { return nil }
            return UnsafeRawBufferPointer(start: start, count: UnsafeRawPointer(nul) - start)
        }
        var stretch: UInt64 = 256
        while true {
            let length = min(stretch, end - offset)
            let start = try region(field, offset, length)
            if let nul = memchr(start, 0, Int(length)) {
                return UnsafeRawBufferPointer(start: start, count: UnsafeRawPointer(nul) - start)
            }
            if length == end - offset { return nil }
            stretch *= 8
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
