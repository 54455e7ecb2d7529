import ELF
import POSIX

/// An ELF object the emulated loader has mapped: its paths, its parsed tables, and the
/// symbols it offers to others.
final class LoadedObject: @unchecked Sendable {
    /// The name it was asked for by (`libc.so.6`), or the program's path.
    let name: String
    /// The path the loader opened (a search directory + name): `$ORIGIN` of a library.
    let openedPath: String
    /// The path after every symlink: what `/proc/self/exe` names for the program.
    let runtimePath: String
    let hostPath: String
    let file: ELFFile
    let dynamic: DynamicSection?
    let symbols: DynamicSymbolTable?
    let versions: SymbolVersions
    /// The object whose DT_NEEDED brought this one in (`nil` for the program).
    let neededBy: LoadedObject?
    let identity: FileIdentity
    private let mapping: MappedFile

    init(name: String, resolved: RootView.Resolved, neededBy: LoadedObject?) throws {
        self.name = name
        openedPath = resolved.chain.first ?? resolved.runtimePath
        runtimePath = resolved.runtimePath
        hostPath = resolved.hostPath
        self.neededBy = neededBy
        do {
            let mapping = try MappedFile(path: resolved.hostPath)
            let file = try ELFFile(bytes: mapping.bytes, owner: mapping)
            let dynamic = try file.dynamicSection()
            self.mapping = mapping
            self.file = file
            self.dynamic = dynamic
            symbols = try dynamic.flatMap { try file.dynamicSymbols($0) }
            versions = try dynamic.map { try file.symbolVersions($0) } ?? SymbolVersions()
        } catch {
            throw LinkageError(path: resolved.runtimePath, reason: String(describing: error))
        }
        identity = FileIdentity(path: resolved.hostPath)
    }

    /// Names this object defines for others, as musl's lookup sees them: defined, of an
    /// accepted type (no IFUNC) and binding, and not hidden by `versym` (musl ignores versions
    /// otherwise).
    private(set) lazy var exports: Set<String> = {
        var names = Set<String>()
        forEachDefinition { name, symbol, version in
            if symbol.type != .gnuIndirectFunction, (version ?? 0) & 0x8000 == 0 { names.insert(name) }
        }
        return names
    }()

    /// Names this object defines, as glibc's lookup sees them: IFUNCs included, and hidden
    /// (non-default) versions too, which versioned references may bind to. Each name maps to
    /// the versions it is defined with.
    private(set) lazy var glibcExports: [String: Set<String>] = {
        var names: [String: Set<String>] = [:]
        forEachDefinition { name, _, version in
            let index = (version ?? 1) & 0x7fff
            let versionName = index >= 2 ? versions.definition(index: index)?.name : nil
            names[name, default: []].formUnion(versionName.map { [$0] } ?? [])
        }
        return names
    }()

    private func forEachDefinition(_ body: (String, Symbol, UInt16?) -> Void) {
        guard let table = symbols else { return }
        for index in 1..<max(table.count, 1) {
            guard let symbol = try? table.symbol(index), symbol.isExport || symbol.isDefinedIndirectFunction,
                  let name = try? table.name(of: symbol) else { continue }
            body(name, symbol, try? table.versionIndex(index))
        }
    }

    /// What this object imports: undefined, non-local dynamic symbols, with the version and
    /// library they ask for when versioned.
    func imports() throws -> [Import] {
        guard let table = symbols else { return [] }
        var result: [Import] = []
        for index in 1..<max(table.count, 1) {
            let symbol = try table.symbol(index)
            guard symbol.isImport else { continue }
            var version: SymbolVersions.Need?
            if let raw = try table.versionIndex(index), raw & 0x7fff >= 2 { version = versions.need(index: raw & 0x7fff) }
            result.append(Import(name: try table.name(of: symbol), weak: symbol.isWeak, version: version?.version,
                                 library: version?.library))
        }
        return result
    }

    /// The rpath the loader searches for this object's needs: DT_RUNPATH overrides DT_RPATH.
    var searchPath: String? { dynamic?.runpath ?? dynamic?.rpath }

    /// Whether the object is a C library (musl's guard: it defines both `__libc_start_main`
    /// and `stdin`), which musl refuses to map beside itself.
    var isLibc: Bool { exports.contains("__libc_start_main") && exports.contains("stdin") }

    struct Import {
        var name: String
        var weak: Bool
        var version: String?
        var library: String?
    }
}

/// Device and inode of a file: the loader's test for "already loaded under another name".
struct FileIdentity: Hashable {
    var device: UInt64 = 0
    var inode: UInt64 = 0

    init(path: String) {
        var st = stat()
        if stat(path, &st) == 0 {
            device = UInt64(st.st_dev)
            inode = UInt64(st.st_ino)
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
