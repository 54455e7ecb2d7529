/// The ELF file header (`Elf32_Ehdr` / `Elf64_Ehdr`), with 32-bit fields widened.
public struct FileHeader: Hashable, Sendable {
    public var elfClass: ELFClass
    public var byteOrder: ByteOrder
    /// `EI_OSABI`: 0 System V, 3 GNU/Linux, 9 FreeBSD, …
    public var osABI: UInt8
    public var type: ObjectType
    public var machine: Machine
    public var entry: UInt64
    public var programHeaderOffset: UInt64
    public var sectionHeaderOffset: UInt64
    public var flags: UInt32
    public var programHeaderEntrySize: UInt16
    public var programHeaderCount: UInt16
    public var sectionHeaderEntrySize: UInt16
    public var sectionHeaderCount: UInt16
    public var sectionNameTableIndex: UInt16

    /// The architecture names of this file, when the machine is one barracks knows.
    public var architecture: Architecture? {
        Architecture(machine: machine, elfClass: elfClass, byteOrder: byteOrder, flags: flags)
    }

    /// Reads and checks the identification bytes and the header of the `size`-byte file in
    /// `storage`.
    static func read(size: Int, _ storage: ByteView.Storage) throws -> (FileHeader, ByteView) {
        if size == 0 { throw ELFError("e_ident", at: 0, "the file is empty") }
        // e_ident is single bytes: no byte order or class needed to read it.
        let raw = ByteView(count: size, littleEndian: true, is64: false, storage: storage)
        let ident = try raw.region("e_ident", 0, UInt64(min(size, 16)))
        let bytes = UnsafeRawBufferPointer(start: ident, count: min(size, 16))
        guard size >= 16 else {
            if size >= 4 && bytes[0] == 0x7f && bytes[1] == 0x45 && bytes[2] == 0x4c && bytes[3] == 0x46 {
                throw ELFError.truncated("e_ident", at: 0, need: 16, fileSize: size)
            }
            throw ELFError.notELF()
        }
        guard bytes[0] == 0x7f, bytes[1] == 0x45, bytes[2] == 0x4c, bytes[3] == 0x46 else { throw ELFError.notELF() }
        guard let elfClass = ELFClass(rawValue: bytes[4]) else {
            throw ELFError("EI_CLASS", at: 4, "unknown class \(bytes[4]) (expected 1 for ELF32 or 2 for ELF64)")
        }
        guard let byteOrder = ByteOrder(rawValue: bytes[5]) else {
            throw ELFError("EI_DATA", at: 5, "unknown byte order \(bytes[5]) (expected 1 or 2)")
        }
        let view = ByteView(count: size, littleEndian: byteOrder == .littleEndian, is64: elfClass == .elf64, storage: storage)
        let is64 = elfClass == .elf64
        let headerSize: UInt64 = is64 ? 64 : 52
        try view.check("ELF header", 0, headerSize)
        // Offsets differ after e_entry, whose size is the class's word size.
        let w = view.wordSize
        let header = FileHeader(
            elfClass: elfClass,
            byteOrder: byteOrder,
            osABI: bytes[7],
            type: ObjectType(rawValue: try view.u16(16, "e_type")),
            machine: Machine(rawValue: try view.u16(18, "e_machine")),
            entry: try view.word(24, "e_entry"),
            programHeaderOffset: try view.word(24 + w, "e_phoff"),
            sectionHeaderOffset: try view.word(24 + 2 * w, "e_shoff"),
            flags: try view.u32(24 + 3 * w, "e_flags"),
            programHeaderEntrySize: try view.u16(28 + 3 * w + 2, "e_phentsize"),
            programHeaderCount: try view.u16(28 + 3 * w + 4, "e_phnum"),
            sectionHeaderEntrySize: try view.u16(28 + 3 * w + 6, "e_shentsize"),
            sectionHeaderCount: try view.u16(28 + 3 * w + 8, "e_shnum"),
            sectionNameTableIndex: try view.u16(28 + 3 * w + 10, "e_shstrndx"))
        return (header, view)
    }
}
