/// A section header (`Elf32_Shdr` / `Elf64_Shdr`). Only a fallback for barracks: everything
/// the loader uses is reachable from program headers, and many stripped files have no sections.
public struct SectionHeader: Hashable, Sendable {
    public var nameOffset: UInt32
    public var type: UInt32
    public var address: UInt64
    public var offset: UInt64
    public var size: UInt64
    public var link: UInt32
    public var entrySize: UInt64

    public static let dynamicSymbolsType: UInt32 = 11
    public static let noBitsType: UInt32 = 8

    /// Reads the section header table; a file without one gives an empty array.
    static func readTable(_ header: FileHeader, _ view: ByteView) throws -> [SectionHeader] {
        guard header.sectionHeaderOffset != 0 else { return [] }
        let entrySize = UInt64(header.sectionHeaderEntrySize)
        let minimum: UInt64 = view.is64 ? 64 : 40
        guard entrySize >= minimum else {
            throw ELFError("e_shentsize", at: view.is64 ? 58 : 46, "\(entrySize) is smaller than a section header (\(minimum) bytes)")
        }
        var count = UInt64(header.sectionHeaderCount)
        let table = header.sectionHeaderOffset
        guard view.contains(table, entrySize) else {
            throw ELFError("e_shoff", at: view.is64 ? 40 : 32,
                           "the section header table at 0x\(String(table, radix: 16)) lies past the end of the file (size 0x\(String(view.count, radix: 16)))")
        }
        if count == 0 {
            // Extended numbering: the real count is section 0's sh_size.
            count = try view.word(table + (view.is64 ? 32 : 20), "sh_size of section 0")
        }
        guard count > 0, count <= UInt64(view.count) / entrySize, view.contains(table, count * entrySize) else {
            throw ELFError("e_shoff", at: view.is64 ? 40 : 32,
                           "the table of \(count) section headers × \(entrySize) bytes at 0x\(String(table, radix: 16)) runs past the end of the file")
        }
        var sections: [SectionHeader] = []
        sections.reserveCapacity(Int(count))
        for index in 0..<count {
            let base = table + index * entrySize
            if view.is64 {
                sections.append(SectionHeader(
                    nameOffset: try view.u32(base, "sh_name"), type: try view.u32(base + 4, "sh_type"),
                    address: try view.u64(base + 16, "sh_addr"), offset: try view.u64(base + 24, "sh_offset"),
                    size: try view.u64(base + 32, "sh_size"), link: try view.u32(base + 40, "sh_link"),
                    entrySize: try view.u64(base + 56, "sh_entsize")))
            } else {
                sections.append(SectionHeader(
                    nameOffset: try view.u32(base, "sh_name"), type: try view.u32(base + 4, "sh_type"),
                    address: UInt64(try view.u32(base + 12, "sh_addr")), offset: UInt64(try view.u32(base + 16, "sh_offset")),
                    size: UInt64(try view.u32(base + 20, "sh_size")), link: try view.u32(base + 24, "sh_link"),
                    entrySize: UInt64(try view.u32(base + 36, "sh_entsize"))))
            }
        }
        return sections
    }
}
