// libFuzzer target for the ELF reader: any bytes must parse or throw an ELFError, never crash,
// hang or read out of bounds (built with AddressSanitizer by scripts/fuzz).
// Compiled together with Sources/ELF (see Fuzz/ELF/sources), so it uses the module's API directly.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzELF(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let file = try? ELFFile(bytes: UnsafeRawBufferPointer(start: data, count: size)) else { return 0 }
    _ = try? ObjectSummary(file)
    _ = try? file.sectionHeaders()
    if let dynamic = try? file.dynamicSection(), let table = try? file.dynamicSymbols(dynamic) {
        for index in 0..<min(table.count, 4096) {
            if let symbol = try? table.symbol(index) {
                _ = try? table.name(of: symbol)
                _ = try? table.versionIndex(index)
            }
        }
    }
    return 0
}
