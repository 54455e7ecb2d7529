/// Writes small ELF files by hand, field by field, for tests of layouts gcc will not
/// produce here (big-endian, other machines, deliberately broken tables).
///
/// Layout: header, program headers, then one data area holding the interpreter, the dynamic
/// string table, symbols, a SysV hash table and the dynamic section. One PT_LOAD maps the whole
/// file at `base`, so every address is `base + offset`.
public struct ELFBuilder {
    public var is64 = true
    public var littleEndian = true
    public var machine: UInt16 = 62
    public var type: UInt16 = 3
    public var flags: UInt32 = 0
    public var interpreter: String?
    public var needed: [String] = []
    public var soname: String?
    public var runpath: String?
    /// Symbols as (name, defined): defined ones get a non-zero value and section 1.
    public var symbols: [(String, Bool)] = []
    public var withDynamic = true
    /// Extra dynamic entries (tag, value), placed before `DT_NULL`.
    public var extraDynamic: [(UInt64, UInt64)] = []
    /// Raw bytes appended after the dynamic section (inside the PT_LOAD), at `Layout.trailerOffset`.
    public var trailer: [UInt8] = []
    public let base: UInt64 = 0x10000

    public init() {}

    /// Offsets of interesting fields in the built file, for tests that corrupt them.
    public struct Layout {
        public var programHeaderOffset = 0
        public var interpreterOffset = 0
        public var dynamicOffset = 0
        public var stringTableOffset = 0
        public var stringTableSize = 0
        public var symbolTableOffset = 0
        public var hashOffset = 0
        public var trailerOffset = 0
    }

    public func build() -> (bytes: [UInt8], layout: Layout) {
        var layout = Layout()
        let headerSize = is64 ? 64 : 52
        let phEntry = is64 ? 56 : 32
        let phCount = 1 + (interpreter != nil ? 1 : 0) + (withDynamic ? 1 : 0)
        layout.programHeaderOffset = headerSize
        var data: [UInt8] = []
        let dataStart = headerSize + phCount * phEntry

        // Interpreter.
        var interpreterRange = (0, 0)
        if let interpreter {
            interpreterRange = (dataStart + data.count, interpreter.utf8.count + 1)
            data += Array(interpreter.utf8) + [0]
        }
        layout.interpreterOffset = interpreterRange.0
        // String table.
        var strings: [UInt8] = [0]
        func intern(_ s: String) -> UInt64 { let o = UInt64(strings.count); strings += Array(s.utf8) + [0]; return o }
        let neededOffsets = needed.map(intern)
        let sonameOffset = soname.map(intern)
        let runpathOffset = runpath.map(intern)
        let symbolNameOffsets = symbols.map { intern($0.0) }
        align(&data, to: 8, start: dataStart)
        layout.stringTableOffset = dataStart + data.count
        layout.stringTableSize = strings.count
        data += strings
        // Symbols (entry 0 is null).
        align(&data, to: 8, start: dataStart)
        layout.symbolTableOffset = dataStart + data.count
        let symbolEntry = is64 ? 24 : 16
        data += [UInt8](repeating: 0, count: symbolEntry)
        for (index, symbol) in symbols.enumerated() {
            var entry: [UInt8] = []
            let value: UInt64 = symbol.1 ? base + 0x100 : 0
            let shndx: UInt16 = symbol.1 ? 1 : 0
            let info: UInt8 = (1 << 4) | 2  // GLOBAL FUNC
            if is64 {
                entry += u32(UInt32(symbolNameOffsets[index])) + [info, 0] + u16(shndx) + u64(value) + u64(0)
            } else {
                entry += u32(UInt32(symbolNameOffsets[index])) + u32(UInt32(value)) + u32(0) + [info, 0] + u16(shndx)
            }
            data += entry
        }
        // SysV hash: one bucket; nchain = symbol count. Entries are 64-bit on s390x.
        align(&data, to: 8, start: dataStart)
        layout.hashOffset = dataStart + data.count
        let nsyms = UInt64(symbols.count + 1)
        if is64 && machine == 22 {
            data += u64(1) + u64(nsyms) + u64(0) + [UInt8](repeating: 0, count: Int(nsyms) * 8)
        } else {
            data += u32(1) + u32(UInt32(nsyms)) + u32(0) + [UInt8](repeating: 0, count: Int(nsyms) * 4)
        }
        // Dynamic section.
        align(&data, to: 8, start: dataStart)
        layout.dynamicOffset = dataStart + data.count
        var dynamic: [(UInt64, UInt64)] = neededOffsets.map { (1, $0) }
        if let sonameOffset { dynamic.append((14, sonameOffset)) }
        if let runpathOffset { dynamic.append((29, runpathOffset)) }
        dynamic += [(4, base + UInt64(layout.hashOffset)), (5, base + UInt64(layout.stringTableOffset)),
                    (6, base + UInt64(layout.symbolTableOffset)), (10, UInt64(strings.count)),
                    (11, UInt64(symbolEntry))] + extraDynamic + [(0, 0)]
        for (tag, value) in dynamic { data += word(tag) + word(value) }
        let dynamicSize = dynamic.count * (is64 ? 16 : 8)
        align(&data, to: 8, start: dataStart)
        layout.trailerOffset = dataStart + data.count
        data += trailer

        let total = UInt64(dataStart + data.count)
        var file: [UInt8] = [0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, littleEndian ? 1 : 2, 1, 0] + [UInt8](repeating: 0, count: 8)
        file += u16(type) + u16(machine) + u32(1) + word(base + 0x100) + word(UInt64(headerSize)) + word(0)
        file += u32(flags) + u16(UInt16(headerSize)) + u16(UInt16(phEntry)) + u16(UInt16(phCount)) + u16(is64 ? 64 : 40) + u16(0) + u16(0)
        func programHeader(_ type: UInt32, _ offset: UInt64, _ size: UInt64, _ flags: UInt32) -> [UInt8] {
            if is64 {
                return u32(type) + u32(flags) + u64(offset) + u64(base + offset) + u64(base + offset) + u64(size) + u64(size) + u64(8)
            }
            return u32(type) + u32(UInt32(offset)) + u32(UInt32(base + offset)) + u32(UInt32(base + offset)) + u32(UInt32(size)) + u32(UInt32(size)) + u32(flags) + u32(8)
        }
        file += programHeader(1, 0, total, 5)
        if interpreter != nil { file += programHeader(3, UInt64(interpreterRange.0), UInt64(interpreterRange.1), 4) }
        if withDynamic { file += programHeader(2, UInt64(layout.dynamicOffset), UInt64(dynamicSize), 6) }
        file += data
        return (file, layout)
    }

    private func align(_ data: inout [UInt8], to alignment: Int, start: Int) {
        while (start + data.count) % alignment != 0 { data.append(0) }
    }

    public func u16(_ v: UInt16) -> [UInt8] { littleEndian ? [UInt8(v & 0xff), UInt8(v >> 8)] : [UInt8(v >> 8), UInt8(v & 0xff)] }
    public func u32(_ v: UInt32) -> [UInt8] {
        let b = (0..<4).map { UInt8((v >> (8 * UInt32($0))) & 0xff) }
        return littleEndian ? b : b.reversed()
    }
    public func u64(_ v: UInt64) -> [UInt8] {
        let b = (0..<8).map { UInt8((v >> (8 * UInt64($0))) & 0xff) }
        return littleEndian ? b : b.reversed()
    }
    public func word(_ v: UInt64) -> [UInt8] { is64 ? u64(v) : u32(UInt32(truncatingIfNeeded: v)) }
}
