/// Everything `barracks inspect` reports about one ELF file on its own (no root needed):
/// what it is, what it runs on, what loader and libraries it asks for, what it imports.
public struct ObjectSummary: Sendable, Equatable {
    public var header: FileHeader
    public var architecture: Architecture?
    public var kind: FileKind
    public var interpreter: String?
    public var libcFamily: LibcFamily?
    public var needed: [String]
    public var soname: String?
    public var rpath: String?
    public var runpath: String?
    public var dynamicFlags: [String]
    /// Strong undefined symbols: what must resolve for the program to start.
    public var strongImports: Int
    /// Weak undefined symbols: resolved if found, left null otherwise.
    public var weakImports: Int
    /// Symbols the file defines for others.
    public var exports: Int
    /// Where the symbol count came from (`DT_HASH`, `DT_GNU_HASH`, `.dynsym`).
    public var symbolCountSource: String?
    /// `GLIBC_x.y` versions the file requires, oldest first.
    public var glibcVersions: [String]
    /// Whether PT_GNU_STACK asks for an executable stack (or is missing).
    public var executableStack: Bool
    /// Oddities that do not stop the file from loading but deserve a look.
    public var warnings: [String]

    /// The newest glibc version required: the oldest glibc the file runs on.
    public var minimumGlibc: String? { glibcVersions.last }

    public init(_ file: ELFFile) throws {
        header = file.header
        architecture = file.header.architecture
        warnings = []
        let interpreters = file.programHeaders.filter { $0.type == .interpreter }
        if interpreters.count > 1 { warnings.append("\(interpreters.count) PT_INTERP headers; the kernel uses the first") }
        let dynamics = file.programHeaders.filter { $0.type == .dynamic }
        if dynamics.count > 1 { warnings.append("\(dynamics.count) PT_DYNAMIC headers; barracks reads the first, musl the last") }
        let stack = file.programHeaders.first { $0.type == .gnuStack }
        executableStack = stack.map { $0.flags & 1 != 0 } ?? (file.header.type == .executable || file.header.type == .sharedObject)
        interpreter = try file.interpreter()
        libcFamily = interpreter.map(LibcFamily.init(interpreter:))
        let dynamic = try file.dynamicSection()
        kind = try file.kind(dynamic: dynamic)
        needed = dynamic?.needed ?? []
        soname = dynamic?.soname
        rpath = dynamic?.rpath
        runpath = dynamic?.runpath
        dynamicFlags = (dynamic?.flags.names ?? []) + (dynamic?.flags1.names ?? []).map { "\($0) (FLAGS_1)" }
        strongImports = 0
        weakImports = 0
        exports = 0
        glibcVersions = []
        guard let dynamic else { return }
        if let table = try file.dynamicSymbols(dynamic) {
            symbolCountSource = table.countSource
            (strongImports, weakImports, exports) = try table.tally()
        }
        let versions = try file.symbolVersions(dynamic)
        let glibc = Set(versions.needs.map(\.version).filter { $0.hasPrefix("GLIBC_") && !$0.hasPrefix("GLIBC_PRIVATE") })
        glibcVersions = VersionName.sorted(glibc)
    }
}

/// Orders version names such as `GLIBC_2.1.3` < `GLIBC_2.2` < `GLIBC_2.34` by their numbers.
public enum VersionName {
    public static func less(_ a: String, _ b: String) -> Bool {
        let left = numbers(a), right = numbers(b)
        if left != right { return left.lexicographicallyPrecedes(right) }
        return a < b
    }

    /// Sorts `names` by ``less(_:_:)``, parsing each name once.
    public static func sorted(_ names: some Sequence<String>) -> [String] {
        names.map { (numbers($0), $0) }
            .sorted { $0.0 != $1.0 ? $0.0.lexicographicallyPrecedes($1.0) : $0.1 < $1.1 }
            .map(\.1)
    }

    /// The numeric components of a version name: `GLIBC_2.1.3` → [2, 1, 3].
    public static func numbers(_ name: String) -> [Int] {
        var result: [Int] = []
        var current: Int?
        for byte in name.utf8 {
            if byte >= 0x30 && byte <= 0x39 {
                current = (current ?? 0) &* 10 &+ Int(byte - 0x30)
            } else if byte == 0x2e, let value = current {
                result.append(value)
                current = nil
            } else if current != nil {
                break
            }
        }
        if let current { result.append(current) }
        return result
    }
}
