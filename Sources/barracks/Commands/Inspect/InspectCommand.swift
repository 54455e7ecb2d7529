import Foundation
import ELF
import Linkage
import POSIX

/// `barracks inspect FILE… [--root DIR] [--json] [--check] [--symbols]`
enum InspectCommand {
    static let spec = CommandSpec(
        name: "inspect",
        synopsis: "FILE… [--root DIR] [--json] [--check] [--symbols]",
        summary: "Report an ELF file's loader, libraries and imports; predict whether it runs on a root",
        discussion: """
        For each FILE: class, byte order, machine (with its Alpine, libseccomp and audit names),
        type (executable, PIE, static, static-PIE, shared object), loader and its libc, needed
        libraries, RPATH/RUNPATH, and how many symbols it imports and which glibc versions they need.
        Nothing in FILE is executed.

        With --root DIR, barracks resolves every needed library the way DIR's own loader would
        (musl's reserved names such as libc.so.6 included), looks up every import in the files
        it finds, and classifies each one: provided, needs gcompat, missing, or ABI hazard on
        32-bit. It ends with a verdict: will FILE run on DIR, and if not, what to add.
        """,
        options: [
            .value("root", "DIR", "predict loading against the root file system in DIR"),
            .flag("json", "print one JSON object per file, in an array"),
            .flag("check", "exit with status 3 unless every FILE runs on the root (needs --root)"),
            .flag("symbols", "list every import with its classification (with --root)"),
        ],
        positionals: (1, nil),
        run: { arguments, console in try run(arguments, console) }
    )

    static func run(_ arguments: ParsedArguments, _ console: Console) throws -> Int32 {
        let root = arguments.value("root")
        if arguments.has("check") && root == nil {
            throw UsageError(message: "--check needs --root DIR (the root to check against)", command: spec)
        }
        if let root, !FileTree.isDirectory((root as NSString).resolvingSymlinksInPath) {
            throw InspectFailure(message: "--root \(root): not a directory")
        }
        let json = arguments.has("json")
        var failed = false
        var allRun = true
        let formatter = InspectFormatter(console: console, listSymbols: arguments.has("symbols"))
        let results = parallelMap(arguments.positionals, makeState: { ReadArena() }) { path, arena in
            do {
                return try inspect(path, root: root, arena: arena)
            } catch {
                return InspectReport(path: path, error: String(describing: error))
            }
        }
        for report in results {
            if let error = report.error {
                failed = true
                if !json { console.fail("\(report.path): \(error)") }
            }
            if let verdict = report.linkage?.verdict, !verdict.runsAsIs { allRun = false }
            if !json && report.error == nil { formatter.print(report) }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            console.print(String(decoding: try encoder.encode(results), as: UTF8.self))
        }
        if failed { return ExitCode.failure }
        if arguments.has("check") && !allRun { return ExitCode.checkFailed }
        return ExitCode.success
    }

    static func inspect(_ path: String, root: String?, arena: ReadArena) throws -> InspectReport {
        // Only the ranges the summary looks at are read, not the file.
        let summary = try FileRanges.with(path, arena: arena) { size, read in
            try ObjectSummary(ELFFile(size: size, read: read))
        }
        var linkage: LinkageReport?
        if let root {
            let (analyzer, runtimePath) = LinkageAnalyzer.forHostProgram(path, root: root)
            linkage = try analyzer.analyze(programPath: runtimePath)
        }
        return InspectReport(path: path, summary: summary, linkage: linkage)
    }
}

/// A failure of `inspect` itself (not of one file).
struct InspectFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
