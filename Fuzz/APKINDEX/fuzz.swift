// libFuzzer target for the APKINDEX parser, the index archive's tar reader and the resolver:
// any bytes must parse or throw an AlpineFormatError, and any parsed index must resolve or
// throw a ResolutionError — never crash, hang or read out of bounds (AddressSanitizer).
// Compiled together with the Alpine files listed in Fuzz/APKINDEX/sources.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAPKINDEX(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? TarEntries.read(bytes, file: "fuzz", part: "member")
    guard let index = try? APKIndex(text: bytes, source: "fuzz") else { return 0 }
    for record in index.records {
        _ = record.description
        _ = record.refusal(architecture: "x86")
        _ = record.downloadPath(primaryArchitecture: "x86")
    }
    // Resolve the first few names (and what the first record depends on) against the index.
    let resolver = Resolver(indexes: [index], architecture: "x86")
    var world = index.records.prefix(3).map { Dependency(name: $0.name) }
    world += index.records.first?.depends ?? []
    _ = try? resolver.resolve(world)
    return 0
}
