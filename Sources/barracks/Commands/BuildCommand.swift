import Builder
import Foundation
import POSIX

/// `barracks build [MANIFEST] [--locked] [--offline] [--tar] …`
enum BuildCommand {
    static let spec = CommandSpec(
        name: "build",
        synopsis: "[MANIFEST] [--locked] [--offline] [--tar] [--force] [--no-seccomp] [--out DIR] [--json] [--quiet]",
        summary: "Build the bundle a manifest describes (the main job)",
        discussion: """
        Fetches the program and verifies it, provisions its Alpine root from signed packages,
        unpacks the program into app/, makes the loader link it needs, copies the loader and
        the libraries it will load into rootfs/, checks every import before anything runs and
        asks the root's own loader to load the program (inside bwrap), compiles the seccomp
        filter, writes the launcher and bundle.json, and switches the bundle to the new build
        in one rename. state/ is never touched; a failed build leaves the previous bundle as
        it was. MANIFEST defaults to manifest.json.

        The bundle goes to bundles/<name>/ (or --out DIR); the lock file <name>.lock.json is
        written beside the manifest. Start the program with bundles/<name>/run.
        """,
        options: [
            .flag("locked", "refuse any input that differs from the lock file"),
            .flag("offline", "use only the cache (or a local mirror): no network"),
            .flag("tar", "also write <bundle>.tar.gz with fixed times and owners (same inputs, same bytes)"),
            .flag("force", "build a new generation even when the bundle is up to date"),
            .flag("no-seccomp", "build without a seccomp filter (the launcher announces it every time)"),
            .flag("no-link-check", "skip running the root's loader in --list mode (hosts without bwrap)"),
            .flag("run-scripts", "run the packages' install scripts, inside bwrap"),
            .value("out", "DIR", "the bundle directory (default bundles/<name>)"),
            .value("cache", "DIR", "the download and root cache (default $XDG_CACHE_HOME/barracks)"),
            .value("ca-file", "PEM", "trust these CA certificates too, for HTTPS"),
            .flag("json", "print the result as JSON"),
            .flag("quiet", short: "q", "print nothing but errors"),
        ],
        positionals: (0, 1),
        run: { arguments, console in try run(arguments, console) }
    )

    static func run(_ arguments: ParsedArguments, _ console: Console) throws -> Int32 {
        let path = arguments.positionals.first ?? "manifest.json"
        let manifest = try ManifestReader.read(path)
        var options = BuildOptions()
        options.bundleDirectory = arguments.value("out")
        options.locked = arguments.has("locked")
        options.offline = arguments.has("offline")
        options.tarball = arguments.has("tar")
        options.noSeccomp = arguments.has("no-seccomp")
        options.force = arguments.has("force")
        options.skipLinkCheck = arguments.has("no-link-check")
        options.runScripts = arguments.has("run-scripts")
        options.cacheDirectory = arguments.value("cache")
        options.caFile = arguments.value("ca-file")
        // Test hooks for the fault-injection tests: fail, or wait to be killed, at a step.
        let environment = ProcessInfo.processInfo.environment
        options.failAt = environment["BARRACKS_TEST_FAIL_AT"].flatMap(BuildStep.init(rawValue:))
        options.pauseAt = environment["BARRACKS_TEST_PAUSE_AT"].flatMap(BuildStep.init(rawValue:))

        let reporter = BuildReporter(console: console)
        let build = Build(manifest: manifest, options: options, toolVersion: BarracksCLI.version) { event in
            reporter.report(event)
        }
        let result = try build.run()
        console.clearProgress()
        if arguments.has("json") {
            var object: [String: Any] = [
                "bundle": result.layout.directory, "name": result.record.name, "seccomp": result.policyStatus,
                "packages": result.record.packages.map { ["name": $0.name, "version": $0.version] },
                "app_sha256": result.record.app.sha256, "reused_root": result.reusedRoot, "warnings": result.warnings,
                "up_to_date": result.upToDate,
            ]
            if let tarball = result.tarball { object["tarball"] = tarball }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            console.print(String(decoding: data, as: UTF8.self))
        } else if !console.quiet {
            console.print(console.paint((result.upToDate ? "up to date: " : "built ") + result.layout.directory, .green, .bold))
            console.print("  start it:  \(result.layout.directory)/run")
            if result.policyStatus == "unlearned" { console.print("  first:     barracks learn \(result.layout.directory)") }
            if let tarball = result.tarball { console.print("  tarball:   \(tarball)") }
        }
        return ExitCode.success
    }
}

/// Shows build events: steps and notes on standard error (not with --quiet), downloads as a
/// progress line on a terminal, warnings always.
final class BuildReporter: @unchecked Sendable {
    private let console: Console
    private let lock = NSLock()

    init(console: Console) { self.console = console }

    func report(_ event: BuildEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .step(let step, let message):
            console.note(console.paint("[\(step)]", .cyan, forError: true) + " " + message)
        case .note(let message):
            console.note("  " + message)
        case .warning(let message):
            console.warn(message)
        case .download(let url, let received, let expected, let rate):
            let name = FileTree.lastComponent(of: url)
            let total = expected.map { " of \(ByteCount.format($0))" } ?? ""
            console.progress("  \(name): \(ByteCount.format(received))\(total) at \(ByteCount.format(Int64(rate)))/s")
        }
    }
}

/// Human-readable byte counts: 1.4 MiB.
enum ByteCount {
    static func format(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}
