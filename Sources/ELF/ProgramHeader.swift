/// A program header (`Elf32_Phdr` / `Elf64_Phdr`): one segment as the loader sees it.
public struct ProgramHeader: Hashable, Sendable {
    public var type: SegmentType
    /// `PF_X` 1, `PF_W` 2, `PF_R` 4.
    public var flags: UInt32
    public var offset: UInt64
    public var virtualAddress: UInt64
    public var fileSize: UInt64
    public var memorySize: UInt64
    public var alignment: UInt64

    /// Whether the segment's file bytes hold virtual address `address` (by `p_filesz`, not
    /// `p_memsz`: addresses in .bss have no bytes in the file).
    @inline(__always)
    func fileContains(address: UInt64) -> Bool {
        address >= virtualAddress && address - virtualAddress < fileSize
    }

    /// Reads the program header table, validating its entry size, count and bounds.
    static func readTable(_ header: FileHeader, _ view: ByteView) throws -> [ProgramHeader] {
        let count = UInt64(header.programHeaderCount)
        if count == 0 { return [] }
        let minimum: UInt64 = view.is64 ? 56 : 32
        let entrySize = UInt64(header.programHeaderEntrySize)
        guard entrySize >= minimum else {
            throw ELFError("e_phentsize", at: view.is64 ? 54 : 42,
                           "\(entrySize) is smaller than a program header (\(minimum) bytes)")
        }
        if header.programHeaderCount == 0xffff {
            throw ELFError("e_phnum", at: view.is64 ? 56 : 44, "PN_XNUM (extended numbering) is used only by core files")
        }
        let table = header.programHeaderOffset
        guard view.contains(table, count * entrySize) else {
            throw ELFError("e_phoff", at: view.is64 ? 32 : 28,
                           "the table of \(count) program headers × \(entrySize) bytes at 0x\(String(table, radix: 16)) runs past the end of the file (size 0x\(String(view.count, radix: 16)))")
        }
        var headers: [ProgramHeader] = []
        headers.reserveCapacity(Int(count))
        for index in 0..<count {
            let base = table + index * entrySize
            if view.is64 {
                headers.append(ProgramHeader(
                    type: SegmentType(rawValue: try view.u32(base, "p_type")),
                    flags: try view.u32(base + 4, "p_flags"),
                    offset: try view.u64(base + 8, "p_offset"),
                    virtualAddress: try view.u64(base + 16, "p_vaddr"),
                    fileSize: try view.u64(base + 32, "p_filesz"),
                    memorySize: try view.u64(base + 40, "p_memsz"),
                    alignment: try view.u64(base + 48, "p_align")))
            } else {
                headers.append(ProgramHeader(
                    type: SegmentType(rawValue: try view.u32(base, "p_type")),
                    flags: try view.u32(base + 24, "p_flags"),
                    offset: UInt64(try view.u32(base + 4, "p_offset")),
                    virtualAddress: UInt64(try view.u32(base + 8, "p_vaddr")),
                    fileSize: UInt64(try view.u32(base + 16, "p_filesz")),
                    memorySize: UInt64(try view.u32(base + 20, "p_memsz")),
                    alignment: UInt64(try view.u32(base + 28, "p_align"))))
            }
        }
        return headers
    }
}
