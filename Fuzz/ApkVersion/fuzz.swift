// libFuzzer target for apk version parsing and comparison, and dependency tokens. The input is
// two strings separated by the first newline. Besides "no crash", it checks the properties the
// resolver relies on: comparison is antisymmetric, equal versions hash alike, and a version is
// a fuzzy match of itself. Compiled with Fuzz/ApkVersion/sources.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzApkVersion(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let split = bytes.firstIndex(of: 0x0a) ?? size
    let first = String(decoding: bytes[0..<split], as: UTF8.self)
    let second = String(decoding: bytes[min(split + 1, size)..<size], as: UTF8.self)
    let a = ApkVersion(first), b = ApkVersion(second)
    let forward = a.compare(to: b), backward = b.compare(to: a)
    switch (forward, backward) {
    case (.less, .greater), (.greater, .less), (.equal, .equal): break
    default: fatalError("not antisymmetric: \(first) vs \(second): \(forward) / \(backward)")
    }
    if forward == .equal, a.hashValue != b.hashValue { fatalError("equal but hashed apart: \(first) vs \(second)") }
    if !a.hasPrefix(a) { fatalError("not a prefix of itself: \(first)") }
    _ = a.isValid
    if let dependency = try? Dependency(parsing: first) {
        _ = dependency.description
        _ = dependency.isMet(byName: dependency.name, version: b)
        _ = try? Dependency(parsing: dependency.description)
    }
    _ = try? Provide(parsing: second)
    return 0
}
