import ELF
import Foundation
import POSIX

/// Predicts what a root's dynamic loader will do with a program, without running any of its
/// code: finds the loader, resolves every needed library by that loader's rules, looks up
/// every import, and gives a verdict with remedies.
public struct LinkageAnalyzer: Sendable {
    public let view: RootView

    public init(view: RootView) {
        self.view = view
    }

    /// An analyzer for a program given by its host path, against the root at `root`. A program
    /// inside the root is seen at its place there; one outside is seen at its own path, as if
    /// bind-mounted there.
    public static func forHostProgram(_ path: String, root: String) -> (LinkageAnalyzer, runtimePath: String) {
        let program = (path as NSString).standardizingPath
        let absolute = program.hasPrefix("/") ? program : FileManager.default.currentDirectoryPath + "/" + program
        let rootReal = (root as NSString).resolvingSymlinksInPath
        let programReal = (absolute as NSString).resolvingSymlinksInPath
        if programReal.hasPrefix(rootReal + "/") {
            return (LinkageAnalyzer(view: RootView(root: rootReal)), String(programReal.dropFirst(rootReal.count)))
        }
        let directory = FileTree.parentDirectory(of: programReal)
        let view = RootView(root: rootReal, extra: [RootView.Mount(runtimePath: directory, hostPath: directory)])
        return (LinkageAnalyzer(view: view), programReal)
    }

    /// Analyses the program at `programPath` (a runtime path in the view).
    public func analyze(programPath: String) throws -> LinkageReport {
        guard let resolvedProgram = view.resolve(programPath) else {
            throw LinkageError(path: programPath, reason: "no such file in the root")
        }
        let program = try LoadedObject(name: programPath, resolved: resolvedProgram, neededBy: nil)
        guard let interpreter = try program.file.interpreter() else {
            // A static program (or static PIE) needs nothing from the root.
            return LinkageReport(program: programPath, loader: nil, libraries: [], objects: [],
                                 verdict: Verdict(outcome: .runs, remedies: []))
        }
        var status = LoaderStatus(requested: interpreter, resolved: nil, used: nil, flavor: nil, suggestedLink: nil)
        let architecture = program.file.header.architecture
        let loader: LoadedObject
        var preloads: [LoadedObject] = []
        if let resolved = view.resolve(interpreter) {
            status.resolved = resolved.runtimePath
            let candidate = try LoadedObject(name: interpreter, resolved: resolved, neededBy: nil)
            if let (musl, gcompat) = gcompatStub(candidate, architecture) {
                loader = musl
                preloads = [gcompat]
            } else {
                loader = candidate
            }
        } else if let muslPath = architecture?.muslLoader, let resolved = view.resolve(muslPath) {
            loader = try LoadedObject(name: muslPath, resolved: resolved, neededBy: nil)
            status.suggestedLink = LoaderLink(path: interpreter, target: Self.linkTarget(from: interpreter, to: muslPath))
        } else {
            let wanted = architecture.map { "musl's loader \($0.muslLoader)" } ?? "a loader"
            return LinkageReport(program: programPath, loader: status, libraries: [], objects: [], verdict: Verdict(
                outcome: .wontRun,
                remedies: ["the root has neither \(interpreter) nor \(wanted): add the `musl` package for \(architecture?.alpine ?? "this architecture")"]))
        }
        status.used = loader.runtimePath
        guard let flavor = Self.flavor(of: loader, chain: view.resolve(loader.name)?.chain ?? []) else {
            throw LinkageError(path: loader.runtimePath, reason: "is neither musl's nor glibc's dynamic loader; barracks cannot predict it")
        }
        status.flavor = flavor

        let search = LibrarySearch(view: view, flavor: flavor, loaderName: interpreter, architecture: architecture,
                                   is64: program.file.header.elfClass == .elf64,
                                   workingDirectory: FileTree.parentDirectory(of: resolvedProgram.runtimePath),
                                   programPath: resolvedProgram.runtimePath)
        var graph = LoadGraph(program: program, preloads: preloads, loader: loader, search: search)
        graph.load()
        let objects = try ImportClassifier(objects: graph.objects, loader: loader, flavor: flavor).classify()
        let verdict = VerdictBuilder(loader: status, libraries: graph.resolutions, objects: objects,
                                     architecture: architecture).verdict()
        return LinkageReport(program: programPath, loader: status, libraries: graph.resolutions, objects: objects, verdict: verdict)
    }

    /// musl if the loader's SONAME or any name on its symlink chain says so; glibc likewise.
    static func flavor(of loader: LoadedObject, chain: [String]) -> LoaderFlavor? {
        let names = ([loader.dynamic?.soname].compactMap { $0 } + chain + [loader.runtimePath])
            .map { FileTree.lastComponent(of: $0) }
        if names.contains(where: { $0.hasPrefix("ld-musl-") || $0.hasPrefix("libc.musl-") }) { return .musl }
        if loader.dynamic?.soname == "libc.so" && loader.isLibc { return .musl }
        if names.contains(where: { LibcFamily(interpreter: $0) == .glibc }) { return .glibc }
        return nil
    }

    /// gcompat installs a static stub at the glibc loader path that re-executes musl's loader
    /// with `--preload libgcompat.so.0`: recognise it and model that.
    private func gcompatStub(_ candidate: LoadedObject, _ architecture: Architecture?) -> (LoadedObject, LoadedObject)? {
        guard candidate.dynamic?.needed.isEmpty ?? true, (try? candidate.file.interpreter()) == nil,
              let muslPath = architecture?.muslLoader, let musl = view.resolve(muslPath),
              let gcompat = view.resolve("/lib/libgcompat.so.0"), musl.hostPath != candidate.hostPath,
              let muslObject = try? LoadedObject(name: muslPath, resolved: musl, neededBy: nil),
              let gcompatObject = try? LoadedObject(name: "libgcompat.so.0", resolved: gcompat, neededBy: nil) else { return nil }
        return (muslObject, gcompatObject)
    }

    /// The symlink target for `link` → `target`: relative when both are in one directory.
    static func linkTarget(from link: String, to target: String) -> String {
        let linkDirectory = FileTree.parentDirectory(of: link)
        let targetDirectory = FileTree.parentDirectory(of: target)
        return linkDirectory == targetDirectory ? FileTree.lastComponent(of: target) : target
    }
}
