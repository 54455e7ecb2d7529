/// The dynamic symbol table (`DT_SYMTAB`), read lazily entry by entry.
///
/// The table has no count field: it is derived as the loader derives it, from `DT_HASH`
/// (`nchain`) or `DT_GNU_HASH` (the last chain's end), falling back to the `.dynsym` section
/// header when neither is present, and checked to fit in the file.
public struct DynamicSymbolTable: @unchecked Sendable {
    /// How many entries the table has (entry 0 is the null symbol).
    public let count: Int
    /// Where ``count`` came from: `DT_HASH`, `DT_GNU_HASH` or `.dynsym`.
    public let countSource: String
    let view: ByteView
    let offset: UInt64
    let entrySize: UInt64
    let strings: Range<UInt64>
    /// File offset of the `DT_VERSYM` array (one `UInt16` per symbol), if any.
    let versionTable: UInt64?

    /// The symbol at `index` (0 ..< ``count``).
    @inline(__always)
    public func symbol(_ index: Int) throws -> Symbol {
        let base = offset + UInt64(index) * entrySize
        if view.is64 {
            return Symbol(index: index, nameOffset: try view.u32(base, "st_name"), value: try view.u64(base + 8, "st_value"),
                          size: try view.u64(base + 16, "st_size"), info: try view.u8(base + 4, "st_info"),
                          other: try view.u8(base + 5, "st_other"), sectionIndex: try view.u16(base + 6, "st_shndx"))
        }
        return Symbol(index: index, nameOffset: try view.u32(base, "st_name"), value: UInt64(try view.u32(base + 4, "st_value")),
                      size: UInt64(try view.u32(base + 8, "st_size")), info: try view.u8(base + 12, "st_info"),
                      other: try view.u8(base + 13, "st_other"), sectionIndex: try view.u16(base + 14, "st_shndx"))
    }

    /// The symbol's name from the dynamic string table.
    public func name(of symbol: Symbol) throws -> String {
        guard UInt64(symbol.nameOffset) < UInt64(strings.count) else {
            throw ELFError("st_name of symbol \(symbol.index)", "offset 0x\(String(symbol.nameOffset, radix: 16)) lies past the string table")
        }
        return try view.cString(strings.lowerBound + UInt64(symbol.nameOffset), limit: strings.upperBound, "st_name of symbol \(symbol.index)")
    }

    /// The raw bytes of the symbol's name, or `nil` when it is malformed; for hot loops.
    @inline(__always)
    public func nameBytes(of symbol: Symbol) -> UnsafeRawBufferPointer? {
        guard UInt64(symbol.nameOffset) < UInt64(strings.count) else { return nil }
        return view.cStringBytes(strings.lowerBound + UInt64(symbol.nameOffset), limit: strings.upperBound)
    }

    /// Counts strong imports, weak imports and exports in one pass over the table, reading only
    /// `st_info`, `st_shndx` and `st_value`. The table's bounds were checked when it was read,
    /// so this loop needs no per-entry checks; it throws only when a paged file cannot be read.
    public func tally() throws -> (strongImports: Int, weakImports: Int, exports: Int) {
        var strong = 0, weak = 0, exports = 0
        guard count > 1 else { return (0, 0, 0) }
        let base = try view.region("the dynamic symbol table", offset, UInt64(count) * entrySize)
        let infoOffset = view.is64 ? 4 : 12
        let sectionOffset = view.is64 ? 6 : 14
        let valueOffset = view.is64 ? 8 : 4
        for index in 1..<count {
            let entry = base + index * Int(entrySize)
            let info = entry.load(fromByteOffset: infoOffset, as: UInt8.self)
            let rawSection = entry.loadUnaligned(fromByteOffset: sectionOffset, as: UInt16.self)
            let section = view.littleEndian ? UInt16(littleEndian: rawSection) : UInt16(bigEndian: rawSection)
            let binding = info >> 4
            if section == 0 {
                if binding == 2 { weak += 1 } else if binding != 0 { strong += 1 }
                continue
            }
            let type = info & 0xf
            let value = view.is64 ? entry.loadUnaligned(fromByteOffset: valueOffset, as: UInt64.self)
                                  : UInt64(entry.loadUnaligned(fromByteOffset: valueOffset, as: UInt32.self))
            guard value != 0 || type == 6 else { continue }
            guard binding == 1 || binding == 2 || binding == 10 else { continue }
            if type <= 2 || type == 5 || type == 6 { exports += 1 }
        }
        return (strong, weak, exports)
    }

    /// The `versym` entry of the symbol at `index`: the version index in the low 15 bits, the
    /// hidden flag in bit 15. `nil` when the file has no version table.
    public func versionIndex(_ index: Int) throws -> UInt16? {
        guard let versionTable else { return nil }
        return try view.u16(versionTable + UInt64(index) * 2, "versym[\(index)]")
    }

    static func read(_ file: ELFFile, _ dynamic: DynamicSection) throws -> DynamicSymbolTable? {
        guard let address = dynamic.value(.symbolTable) else { return nil }
        let view = file.view
        let minimum: UInt64 = view.is64 ? 24 : 16
        let entrySize = dynamic.value(.symbolEntrySize) ?? minimum
        guard entrySize >= minimum, entrySize <= 1024 else {
            throw ELFError("DT_SYMENT", "\(entrySize) is not a valid symbol entry size (expected \(minimum))")
        }
        let offset = try file.fileOffset(ofAddress: address, length: entrySize, field: "DT_SYMTAB")
        guard let stringAddress = dynamic.value(.stringTable) else {
            throw ELFError("DT_STRTAB", "the file has a symbol table but no string table")
        }
        let strings = try dynamic.stringTable
            ?? DynamicSection.stringTableRange(file, address: stringAddress, size: dynamic.value(.stringTableSize))
        let (count, source) = try SymbolCount.count(file, dynamic, entrySize: entrySize)
        guard count <= UInt64(view.count), view.contains(offset, count * entrySize) else {
            throw ELFError(source, "gives \(count) symbols (\(count * entrySize) bytes), but the symbol table at 0x\(String(offset, radix: 16)) runs past the end of the file (size 0x\(String(view.count, radix: 16)))")
        }
        var versionTable: UInt64?
        if let versym = dynamic.value(.versionSymbols), count > 0 {
            let start = try file.fileOffset(ofAddress: versym, length: 2, field: "DT_VERSYM")
            let segmentEnd = file.programHeaders.first { $0.type == .load && $0.fileContains(address: versym) }
                .map { $0.offset + $0.fileSize } ?? UInt64(view.count)
            guard count * 2 <= segmentEnd - start else {
                throw ELFError("DT_VERSYM", at: start, "the version table holds \((segmentEnd - start) / 2) entries, shorter than the \(count) symbols it describes")
            }
            versionTable = start
        }
        return DynamicSymbolTable(count: Int(count), countSource: source, view: view, offset: offset,
                                  entrySize: entrySize, strings: strings, versionTable: versionTable)
    }
}
