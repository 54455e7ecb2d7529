#if canImport(Glibc)
import Glibc
#endif
import POSIX

/// A zip file's central directory, read by barracks itself, in addition to libarchive.
///
/// libarchive cuts names at a NUL byte, does not say which system made an entry, and guesses
/// modes for entries made without a Unix mode (0664, 0775, sometimes 0600). Reading the
/// directory here lets extraction refuse names with NUL or invalid UTF-8 and names on which the
/// local header and the central directory disagree, refuse duplicate names and archives with
/// too many entries before anything is written, and give entries the mode barracks promises:
/// the recorded Unix permissions, or 0644 (0755 for directories) when there are none.
struct ZipDirectory {
    /// What barracks needs of one central directory record.
    struct Record {
        var name: [UInt8]
        /// The "version made by" high byte: 0 MS-DOS, 3 Unix, 19 OS X, …
        var system: UInt8
        var externalAttributes: UInt32
        /// The modification time, the same whatever the local time zone (see ``ZipTime``).
        var modificationTime: Int64?

        /// The recorded Unix permission bits, or `nil` when the entry has none.
        var unixPermissions: UInt32? {
            guard system == 3 || system == 19 else { return nil }
            let mode = externalAttributes >> 16
            return mode & 0o7777 == 0 ? nil : mode & 0o7777
        }

        /// Whether the record describes a directory (trailing `/`, Unix or MS-DOS attributes).
        var isDirectory: Bool {
            if name.last == UInt8(ascii: "/") { return true }
            if system == 3 || system == 19 { return (externalAttributes >> 16) & 0o170000 == 0o040000 }
            return externalAttributes & 0x10 != 0
        }
    }

    /// Records by raw name (names are unique: duplicates are refused).
    private(set) var records: [ByteKey: Record] = [:]
    /// Record names in central directory order.
    private(set) var names: [[UInt8]] = []

    /// The central directory may not be larger than this (200 000 entries with long names
    /// fit many times over).
    static let maximumDirectorySize = 256 << 20

    init(path: String, limits: ExtractionLimits) throws {
        // Read with pread, not mmap: only the tail, the central directory and each local
        // header are touched, so memory does not grow with the size of the file.
        do {
            let file = try FileDescriptor.open(path, O_RDONLY)
            defer { try? file.close() }
            try read(ZipFile(descriptor: file, size: Int(try file.status().st_size)), path: path, limits: limits)
        } catch let error as SystemError {
            throw ArchiveError(archive: path, problem: .system(error))
        }
    }

    private mutating func read(_ file: ZipFile, path: String, limits: ExtractionLimits) throws {
        func corrupt(_ detail: String, entry: [UInt8]? = nil) -> ArchiveError {
            ArchiveError(archive: path, entry: entry.map(displayName), problem: .corrupt(detail))
        }
        let tailStart = max(0, file.size - 22 - 65535)
        let tail = LittleEndianBytes(try file.bytes(at: tailStart, count: file.size - tailStart))
        guard let endInTail = Self.findEndRecord(tail) else { throw corrupt("no zip end-of-central-directory record") }
        let end = tailStart + endInTail
        var recordPosition = end
        var entryCount = UInt64(tail.u16(endInTail + 10) ?? 0)
        var directorySize = UInt64(tail.u32(endInTail + 12) ?? 0)
        var directoryOffset = UInt64(tail.u32(endInTail + 16) ?? 0)
        // Zip64: the locator sits just before the end record and points to the zip64 record.
        if end >= 20, case let locator = LittleEndianBytes(try file.bytes(at: end - 20, count: 20)),
           locator.hasSignature(0, 6, 7), let offset = locator.u64(8) {
            guard let position = Int(exactly: offset), position <= file.size - 56,
                  case let record = LittleEndianBytes(try file.bytes(at: position, count: 56)), record.hasSignature(0, 6, 6),
                  let count = record.u64(32), let size = record.u64(40), let start = record.u64(48)
            else { throw corrupt("bad zip64 end-of-central-directory record") }
            (recordPosition, entryCount, directorySize, directoryOffset) = (position, count, size, start)
        }
        // Data may precede the zip (self-extractors): libarchive corrects offsets the same way.
        guard let size = Int(exactly: directorySize), let offset = Int(exactly: directoryOffset),
              case let (directoryEnd, overflow) = offset.addingReportingOverflow(size), !overflow,
              directoryEnd <= recordPosition
        else { throw corrupt("the central directory lies outside the file") }
        guard size <= Self.maximumDirectorySize else {
            throw corrupt("the central directory is \(size) bytes long, over the limit of \(Self.maximumDirectorySize)")
        }
        let base = recordPosition - directoryEnd
        let directoryBytes = try file.bytes(at: base + offset, count: size)
        let directory = LittleEndianBytes(directoryBytes)
        var position = 0
        var index: UInt64 = 0
        while index < entryCount {
            guard directory.hasSignature(position, 1, 2),
                  let madeBy = directory.u16(position + 4), let dosTime = directory.u16(position + 12),
                  let dosDate = directory.u16(position + 14), let nameLength = directory.u16(position + 28),
                  let extraLength = directory.u16(position + 30), let commentLength = directory.u16(position + 32),
                  let external = directory.u32(position + 38), let localOffset32 = directory.u32(position + 42),
                  let name = directory.slice(position + 46, length: Int(nameLength)),
                  let extra = directory.slice(position + 46 + Int(nameLength), length: Int(extraLength))
            else { throw corrupt("central directory record \(index + 1) is truncated") }
            let rawName = Array(name)
            if Int(index) >= limits.maximumEntries {
                throw ArchiveError(archive: path, entry: displayName(rawName), problem: .tooManyEntries(limit: limits.maximumEntries))
            }
            if case .failure(let problem) = EntryPath.decode(rawName) {
                throw ArchiveError(archive: path, entry: displayName(rawName), problem: problem)
            }
            if records[ByteKey(rawName)] != nil {
                throw ArchiveError(archive: path, entry: displayName(rawName), problem: .duplicate)
            }
            var localOffset = UInt64(localOffset32)
            if localOffset32 == 0xffff_ffff {
                guard let value = Self.zip64LocalOffset(extra: LittleEndianBytes(Array(extra)),
                                                        uncompressed: directory.u32(position + 24), compressed: directory.u32(position + 20))
                else { throw corrupt("its zip64 extra field is missing or truncated", entry: rawName) }
                localOffset = value
            }
            guard let local = Int(exactly: localOffset), local <= file.size - base - 30 else {
                throw corrupt("its local header lies outside the file", entry: rawName)
            }
            let header = LittleEndianBytes(try file.bytes(at: base + local, count: min(30 + Int(nameLength), file.size - base - local)))
            guard header.hasSignature(0, 3, 4), let localNameLength = header.u16(26) else {
                throw corrupt("its local header is missing", entry: rawName)
            }
            if localNameLength != nameLength || !(header.slice(30, length: Int(nameLength)).map { $0.elementsEqual(rawName) } ?? false) {
                let localName = Array(try file.bytes(at: base + local + 30, count: min(Int(localNameLength), file.size - base - local - 30)))
                throw ArchiveError(archive: path, entry: displayName(localName), problem: .zipNameMismatch(centralName: displayName(rawName)))
            }
            let time = ZipTime.modificationTime(date: dosDate, time: dosTime, extra: LittleEndianBytes(Array(extra)))
            records[ByteKey(rawName)] = Record(name: rawName, system: UInt8(madeBy >> 8), externalAttributes: external,
                                               modificationTime: time)
            names.append(rawName)
            position += 46 + Int(nameLength) + Int(extraLength) + Int(commentLength)
            index += 1
        }
    }

    /// The offset of the end-of-central-directory record: the last "PK\5\6" in the final
    /// 64 KiB + 22 bytes whose comment length fits the file.
    private static func findEndRecord(_ zip: LittleEndianBytes) -> Int? {
        guard zip.count >= 22 else { return nil }
        var position = zip.count - 22
        let lowest = max(0, zip.count - 22 - 65535)
        while position >= lowest {
            if zip.hasSignature(position, 5, 6), let comment = zip.u16(position + 20), position + 22 + Int(comment) <= zip.count {
                return position
            }
            position -= 1
        }
        return nil
    }

    /// The local header offset from a zip64 extended information extra field (0x0001), whose
    /// fields appear only for the 32-bit values that are 0xFFFFFFFF, in a fixed order.
    private static func zip64LocalOffset(extra: LittleEndianBytes, uncompressed: UInt32?, compressed: UInt32?) -> UInt64? {
        var position = 0
        while let id = extra.u16(position), let length = extra.u16(position + 2) {
            let data = position + 4
            if id == 1 {
                var field = data
                if uncompressed == 0xffff_ffff { field += 8 }
                if compressed == 0xffff_ffff { field += 8 }
                guard field + 8 <= data + Int(length) else { return nil }
                return extra.u64(field)
            }
            position = data + Int(length)
        }
        return nil
    }
}

/// A zip file read in pieces with `pread`.
private struct ZipFile {
    let descriptor: FileDescriptor
    let size: Int

    /// Exactly `count` bytes at `offset` (fewer only if the file shrank meanwhile).
    func bytes(at offset: Int, count: Int) throws -> [UInt8] {
        var result = [UInt8](repeating: 0, count: max(0, count))
        var filled = 0
        try result.withUnsafeMutableBytes { buffer in
            while filled < buffer.count {
                let n = try descriptor.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]), at: Int64(offset + filled))
                if n == 0 { break }
                filled += n
            }
        }
        return filled == result.count ? result : Array(result[0..<filled])
    }
}
