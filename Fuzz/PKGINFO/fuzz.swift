// libFuzzer target for the .PKGINFO parser: any bytes must parse or throw an
// AlpineFormatError, and every accessor must answer. Compiled with Fuzz/PKGINFO/sources.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPKGINFO(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let info = try? PackageInfo(text: Array(UnsafeBufferPointer(start: data, count: size)), source: "fuzz") else {
        return 0
    }
    _ = (info.name, info.version, info.architecture, info.installedSize, info.buildTime, info.providerPriority)
    _ = (info.depends, info.provides, info.installIf, info.datahash, info.warnings)
    return 0
}
