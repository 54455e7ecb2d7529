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
    private(set) var records: [[UInt8]: Record] = [:]
    /// Record names in central directory order.
    private(set) var names: [[UInt8]] = []

    init(path: String, limits: ExtractionLimits) throws {
        let file: MappedFile
        do { file = try MappedFile(path: path) } catch let error as SystemError {
            throw ArchiveError(archive: path, problem: .system(error))
        }
        try withExtendedLifetime(file) {
            try read(LittleEndianBytes(bytes: file.bytes), path: path, limits: limits)
        }
    }

    private mutating func read(_ zip: LittleEndianBytes, path: String, limits: ExtractionLimits) throws {
        func corrupt(_ detail: String, entry: [UInt8]? = nil) -> ArchiveError {
            ArchiveError(archive: path, entry: entry.map(displayName), problem: .corrupt(detail))
        }
        guard let end = Self.findEndRecord(zip) else { throw corrupt("no zip end-of-central-directory record") }
        var recordPosition = end
        var entryCount = UInt64(zip.u16(end + 10) ?? 0)
        var directorySize = UInt64(zip.u32(end + 12) ?? 0)
        var directoryOffset = UInt64(zip.u32(end + 16) ?? 0)
        // Zip64: the locator sits just before the end record and points to the zip64 record.
        if end >= 20, zip.hasSignature(end - 20, 6, 7), let offset = zip.u64(end - 20 + 8) {
            guard let position = Int(exactly: offset), zip.hasSignature(position, 6, 6),
                  let count = zip.u64(position + 32), let size = zip.u64(position + 40), let start = zip.u64(position + 48)
            else { throw corrupt("bad zip64 end-of-central-directory record") }
            (recordPosition, entryCount, directorySize, directoryOffset) = (position, count, size, start)
        }
        // Data may precede the zip (self-extractors): libarchive corrects offsets the same way.
        guard let size = Int(exactly: directorySize), let offset = Int(exactly: directoryOffset),
              case let (directoryEnd, overflow) = offset.addingReportingOverflow(size), !overflow,
              directoryEnd <= recordPosition
        else { throw corrupt("the central directory lies outside the file") }
        let base = recordPosition - directoryEnd
        var position = base + offset
        var index: UInt64 = 0
        while index < entryCount {
            guard zip.hasSignature(position, 1, 2),
                  let madeBy = zip.u16(position + 4), let nameLength = zip.u16(position + 28),
                  let extraLength = zip.u16(position + 30), let commentLength = zip.u16(position + 32),
                  let external = zip.u32(position + 38), let localOffset32 = zip.u32(position + 42),
                  let name = zip.slice(position + 46, length: Int(nameLength)),
                  let extra = zip.slice(position + 46 + Int(nameLength), length: Int(extraLength))
            else { throw corrupt("central directory record \(index + 1) is truncated") }
            let rawName = Array(name)
            if Int(index) >= limits.maximumEntries {
                throw ArchiveError(archive: path, entry: displayName(rawName), problem: .tooManyEntries(limit: limits.maximumEntries))
            }
            if case .failure(let problem) = EntryPath.decode(rawName) {
                throw ArchiveError(archive: path, entry: displayName(rawName), problem: problem)
            }
            if records[rawName] != nil {
                throw ArchiveError(archive: path, entry: displayName(rawName), problem: .duplicate)
            }
            var localOffset = UInt64(localOffset32)
            if localOffset32 == 0xffff_ffff {
                guard let value = Self.zip64LocalOffset(extra: LittleEndianBytes(bytes: extra),
                                                        uncompressed: zip.u32(position + 24), compressed: zip.u32(position + 20))
                else { throw corrupt("its zip64 extra field is missing or truncated", entry: rawName) }
                localOffset = value
            }
            guard let local = Int(exactly: localOffset).flatMap({ $0.addingReportingOverflow(base).overflow ? nil : $0 + base }),
                  zip.hasSignature(local, 3, 4), let localNameLength = zip.u16(local + 26),
                  let localName = zip.slice(local + 30, length: Int(localNameLength))
            else { throw corrupt("its local header is missing or truncated", entry: rawName) }
            if !localName.elementsEqual(rawName) {
                throw ArchiveError(archive: path, entry: displayName(localName), problem: .zipNameMismatch(centralName: displayName(rawName)))
            }
            records[rawName] = Record(name: rawName, system: UInt8(madeBy >> 8), externalAttributes: external)
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
