// libFuzzer target for the ELF reader: any bytes must parse or throw an ELFError, never crash,
// hang or read out of bounds (built with AddressSanitizer by scripts/fuzz). And the two ways
// of reading, the file in memory and range by range through a read function (as `inspect`
// reads), must agree exactly, on the summary or on the error.
// Compiled together with Sources/ELF (see Fuzz/ELF/sources), so it uses the module's API directly.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzELF(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let inMemory = Result { try ObjectSummary(ELFFile(bytes: bytes)) }
    nonisolated(unsafe) let shared = bytes
    let paged = Result {
        try ObjectSummary(ELFFile(size: size) { offset, count in
            precondition(offset >= 0 && count >= 0 && offset <= size && count <= size - offset, "read outside the file")
            return UnsafeRawBufferPointer(rebasing: shared[offset..<offset + count])
        })
    }
    switch (inMemory, paged) {
    case (.success(let a), .success(let b)):
        precondition(a == b, "in memory and paged disagree:\n\(a)\n\(b)")
    case (.failure(let a), .failure(let b)):
        precondition(String(describing: a) == String(describing: b), "in memory and paged fail differently:\n\(a)\n\(b)")
    default:
        preconditionFailure("one way of reading failed and the other did not:\n\(inMemory)\n\(paged)")
    }

    guard let file = try? ELFFile(bytes: bytes) else { return 0 }
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
