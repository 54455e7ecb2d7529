/// The dynamic section (PT_DYNAMIC), decoded: what the loader reads to link the file.
///
/// String-valued entries are resolved through `DT_STRTAB`, which is found by mapping its
/// address through the PT_LOAD segments, exactly as the loader does, so files with no
/// section headers read the same as any other.
public struct DynamicSection: Sendable {
    /// Every entry up to (not including) `DT_NULL`, in file order.
    public var entries: [DynamicEntry]
    /// `DT_NEEDED`, in order: the libraries the loader must find.
    public var needed: [String]
    public var soname: String?
    /// `DT_RPATH` as written (`:`-separated; may contain `$ORIGIN`).
    public var rpath: String?
    /// `DT_RUNPATH` as written.
    public var runpath: String?
    public var flags: DynamicFlags
    public var flags1: DynamicFlags1
    /// The file range of the dynamic string table.
    let stringTable: Range<UInt64>?

    /// The first entry with `tag`, if any.
    public func value(_ tag: DynamicTag) -> UInt64? {
        entries.first { $0.tag == tag }?.value
    }

    static func read(_ file: ELFFile) throws -> DynamicSection? {
        let view = file.view
        let segments = file.programHeaders.filter { $0.type == .dynamic }
        guard let segment = segments.first else { return nil }
        let entrySize: UInt64 = view.is64 ? 16 : 8
        var entries: [DynamicEntry] = []
        if segment.fileSize > 0 {
            // The loader reads the dynamic section at its address; it must lie in a PT_LOAD.
            let start = try file.fileOffset(ofAddress: segment.virtualAddress, length: min(segment.fileSize, entrySize),
                                            field: "PT_DYNAMIC")
            let available = min(segment.fileSize, UInt64(view.count) - start)
            let count = available / entrySize
            entries.reserveCapacity(Int(min(count, 64)))
            for index in 0..<count {
                let base = start + index * entrySize
                let tag = try view.word(base, "d_tag")
                if tag == 0 { break }
                entries.append(DynamicEntry(tag: DynamicTag(rawValue: tag), value: try view.word(base + view.wordSize, "d_val")))
            }
        }
        var section = DynamicSection(entries: entries, needed: [], soname: nil, rpath: nil, runpath: nil,
                                     flags: DynamicFlags(rawValue: 0), flags1: DynamicFlags1(rawValue: 0), stringTable: nil)
        section.flags = DynamicFlags(rawValue: section.value(.flags) ?? 0)
        section.flags1 = DynamicFlags1(rawValue: section.value(.flags1) ?? 0)
        let stringTags: Set<DynamicTag> = [.needed, .soname, .rpath, .runpath]
        guard entries.contains(where: { stringTags.contains($0.tag) }) else { return section }
        guard let stringAddress = section.value(.stringTable) else {
            throw ELFError("DT_STRTAB", "the dynamic section names libraries but has no string table")
        }
        let table = try stringTableRange(file, address: stringAddress, size: section.value(.stringTableSize))
        section = DynamicSection(entries: entries, needed: [], soname: nil, rpath: nil, runpath: nil,
                                 flags: section.flags, flags1: section.flags1, stringTable: table)
        for (index, entry) in entries.enumerated() {
            func string(_ name: String) throws -> String {
                guard entry.value < table.upperBound - table.lowerBound else {
                    throw ELFError("\(name)[\(index)]", "string offset 0x\(String(entry.value, radix: 16)) lies past DT_STRSZ (0x\(String(table.upperBound - table.lowerBound, radix: 16)))")
                }
                return try view.cString(table.lowerBound + entry.value, limit: table.upperBound, name)
            }
            switch entry.tag {
            case .needed: section.needed.append(try string("DT_NEEDED"))
            case .soname: section.soname = try string("DT_SONAME")
            case .rpath: section.rpath = try string("DT_RPATH")
            case .runpath: section.runpath = try string("DT_RUNPATH")
            default: break
            }
        }
        return section
    }

    /// The file range of the string table at `address`, bounded by `DT_STRSZ` when present,
    /// else by the end of the segment holding it.
    static func stringTableRange(_ file: ELFFile, address: UInt64, size: UInt64?) throws -> Range<UInt64> {
        let start = try file.fileOffset(ofAddress: address, length: 1, field: "DT_STRTAB")
        if let size {
            guard file.view.contains(start, size) else {
                throw ELFError("DT_STRSZ", at: start, "string table of 0x\(String(size, radix: 16)) bytes runs past the end of the file")
            }
            return start..<(start + size)
        }
        let segmentEnd = file.programHeaders.first { $0.type == .load && $0.fileContains(address: address) }
            .map { $0.offset + $0.fileSize } ?? UInt64(file.view.count)
        return start..<min(segmentEnd, UInt64(file.view.count))
    }
}
