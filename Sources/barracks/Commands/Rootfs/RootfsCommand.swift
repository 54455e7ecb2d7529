import Alpine
import Builder
import Fetch
import Foundation
import POSIX

/// `barracks rootfs MANIFEST --out DIR [--arch ARCH] [--offline] [--run-scripts] [--json] [--quiet]`
enum RootfsCommand {
    static let spec = CommandSpec(
        name: "rootfs",
        synopsis: "MANIFEST --out DIR [--arch ARCH] [--offline] [--run-scripts] [--json] [--quiet]",
        summary: "Build only the Alpine root a manifest describes (what alpine-make-rootfs does)",
        discussion: """
        Reads the manifest's "alpine" section (mirror, branch, repositories, arch, packages,
        installer, keys, allow_untrusted, ca_file), fetches each repository's APKINDEX.tar.gz
        for the arch and checks its signature against Alpine's public keys for that arch plus
        the manifest's keys directory before reading it, resolves the packages, fetches them in
        parallel and verifies every one (control member against the index's C:, data member
        against .PKGINFO's datahash) before anything is extracted. Then it installs them:
          native      barracks extracts them itself (modes and links kept, setuid/setgid
                      dropped, files owned by you) and writes etc/apk/{world,arch,repositories},
                      etc/apk/keys/ and lib/apk/db/installed, so Alpine's apk can manage the root;
          apk.static  Alpine's apk.static (from the signed apk-tools-static package for this
                      host's arch, its detached signature checked) installs them.
        Install scripts are not run unless --run-scripts (then inside bwrap, in the new root);
        those not run are listed.

        Finished roots are cached by the digest of their inputs ($XDG_CACHE_HOME/barracks/roots):
        the same inputs reuse the cached root without fetching or unpacking a package.
        The root is copied to DIR.partial-… beside DIR and renamed to DIR at the end: DIR must
        not exist or be empty, and is left untouched on any failure.

        The manifest's "arch" may not be "auto" here (there is no program to take it from):
        pass --arch. Output: the packages with versions and sizes, the scripts not run, and
        warnings (allow_untrusted in use, meta packages). Exit status: 0 done, 1 failed, 2 bad
        command line.
        """,
        options: [
            .value("out", "DIR", "where to write the root (must not exist, or be empty)"),
            .value("arch", "ARCH", "the Alpine arch (x86, x86_64, …); required when the manifest says \"auto\""),
            .flag("offline", "use only the download cache (or a local mirror); no network"),
            .flag("run-scripts", "run the packages' install scripts inside bwrap in the new root"),
            .flag("json", "print {root, arch, installer, reused, packages, indexes, scripts_not_run, warnings}"),
            .flag("quiet", short: "q", "no progress output (warnings and errors are still shown)"),
        ],
        positionals: (1, 1),
        run: { arguments, console in try run(arguments, console) }
    )

    static func run(_ arguments: ParsedArguments, _ console: Console) throws -> Int32 {
        guard let out = arguments.value("out"), !out.isEmpty else {
            throw UsageError(message: "rootfs needs --out DIR (where to write the root)", command: spec)
        }
        let manifestPath = arguments.positionals[0]
        let manifest = try ManifestReader.read(manifestPath)
        guard let arch = arguments.value("arch") ?? manifest.alpine.arch else {
            throw UsageError(message: "alpine.arch is \"auto\" in \(manifestPath): rootfs has no program to take the arch from; "
                             + "pass --arch ARCH (x86, x86_64, aarch64, …)", command: spec)
        }
        try checkDestination(out)
        let alpine = manifest.alpine
        var options = FetchOptions()
        options.offline = arguments.has("offline")
        options.caFile = alpine.caFile.map(manifest.resolve)
        let request = RootRequest(
            mirror: alpine.mirror.contains("://") ? alpine.mirror : manifest.resolve(alpine.mirror),
            branch: alpine.branch, repositories: alpine.repositories, arch: arch, world: alpine.packages,
            installer: alpine.installer == .apkStatic ? .apkStatic : .native,
            extraKeysDirectory: alpine.keys.map(manifest.resolve), allowUntrusted: alpine.allowUntrusted,
            runScripts: arguments.has("run-scripts"))
        let provisioner = Provisioner(fetcher: Fetcher(options: options), cacheDirectory: options.resolvedCacheDirectory)
        let progress = RootfsProgress(console: console)
        let root: ProvisionedRoot
        do {
            root = try provisioner.provision(request) { progress.show($0) }
            progress.show(.step("copying the root to \(out)"))
            try root.export(to: out)
            console.clearProgress()
        } catch {
            console.clearProgress()
            throw error
        }
        RootfsReport(root: root, destination: out, request: request).print(to: console, json: arguments.has("json"))
        return ExitCode.success
    }

    /// Fails before any download when DIR could not be written (exists and is not empty).
    private static func checkDestination(_ out: String) throws {
        var status = stat()
        guard lstat(out, &status) == 0 else { return }
        let isDirectory = (status.st_mode & S_IFMT) == S_IFDIR
        if !isDirectory || !((try? FileManager.default.contentsOfDirectory(atPath: out))?.isEmpty ?? false) {
            throw RootfsFailure(message: "--out \(out) exists and is not an empty directory; choose a new directory")
        }
    }
}

/// A failure of `rootfs` itself (before any provisioning).
struct RootfsFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Turns provisioning events into a progress line on a terminal. Events arrive on the
/// thread that called `provision`, the one that owns the console.
final class RootfsProgress: @unchecked Sendable {
    private let console: Console

    init(console: Console) { self.console = console }

    func show(_ event: ProvisionEvent) {
        switch event {
        case .step(let text):
            console.progress(text)
        case .fetch(.progress(let progress)):
            let name = progress.url.split(separator: "/").last.map(String.init) ?? progress.url
            let total = progress.bytesExpected.map { " of " + RootfsReport.size(UInt64(max(0, $0))) } ?? ""
            console.progress("downloading \(name): \(RootfsReport.size(UInt64(max(0, progress.bytesReceived))))\(total)")
        case .fetch(.waitingForLock(let url)):
            console.progress("waiting for another barracks downloading \(url)")
        case .fetch:
            break
        case .installing(let package, let position, let count):
            console.progress("installing (\(position)/\(count)) \(package)")
        case .runningScript(let name):
            console.progress("running \(name)")
        case .runningApkStatic:
            console.progress("running apk.static")
        case .reused:
            console.progress("reusing the cached root (same inputs)")
        }
    }
}
