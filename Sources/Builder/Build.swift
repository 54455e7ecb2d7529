import ELF
import Fetch
import Foundation
import Linkage
import POSIX
import Sandbox

/// `barracks build`: from a manifest to a bundle, through the pipeline of DESIGN.md. Every step
/// writes into a staging generation; the bundle switches to it only at the end, in one rename,
/// so a build that fails at any step — or is killed — leaves the previous bundle as it was.
public struct Build: Sendable {
    public let manifest: Manifest
    public let options: BuildOptions
    public let toolVersion: String
    private let observer: @Sendable (BuildEvent) -> Void

    public init(manifest: Manifest, options: BuildOptions, toolVersion: String,
                observer: @escaping @Sendable (BuildEvent) -> Void = { _ in }) {
        self.manifest = manifest
        self.options = options
        self.toolVersion = toolVersion
        self.observer = observer
    }

    /// The bundle directory this build writes.
    public var layout: BundleLayout {
        BundleLayout(directory: options.bundleDirectory ?? "bundles/" + manifest.name)
    }

    public func run() throws -> BuildResult {
        let layout = self.layout
        let lockPath = LockFile.path(for: manifest)
        try begin(.manifest, "reading \(lockPath.hasPrefix("/") ? FileTree.lastComponent(of: lockPath) : lockPath)")
        let lock = try LockFile.read(lockPath)
        if options.locked && lock == nil {
            throw BuildError(step: .manifest, "--locked, but there is no lock file \(lockPath): build once without --locked to write it")
        }
        try FileTree.makeDirectories(layout.directory)
        let bundleLock = try FileLock(path: layout.lockFile) {
            observer(.note("waiting for another build of \(layout.directory) to finish"))
        }
        defer { bundleLock.unlock() }

        let store = GenerationStore(layout: layout)
        let staging = try store.prepare()
        do {
            let result = try build(into: staging, store: store, lock: lock, lockPath: lockPath)
            return result
        } catch {
            store.abandon(staging)
            throw error
        }
    }

    private func build(into staging: String, store: GenerationStore, lock: LockFile?, lockPath: String) throws -> BuildResult {
        let layout = store.layout
        var fetchOptions = FetchOptions()
        fetchOptions.cacheDirectory = options.cacheDirectory
        fetchOptions.offline = options.offline
        fetchOptions.caFile = options.caFile ?? manifest.alpine.caFile.map(manifest.resolve)
        let fetcher = Fetcher(options: fetchOptions)

        try begin(.fetch, "fetching \(manifest.app.url)")
        let app = try AppInput(manifest: manifest, lock: lock, locked: options.locked, fetcher: fetcher).obtain(observer: observer)

        // A bundle already built from the same app may be up to date: only the root's inputs
        // (a revalidated index) need checking then, and nothing is unpacked or written.
        let provisioning = RootProvisioning(manifest: manifest, options: options, lock: lock, fetcher: fetcher,
                                            cacheDirectory: fetchOptions.resolvedCacheDirectory)
        let previous = store.currentGeneration() != nil ? try? BundleVerifier.record(of: layout) : nil
        var checkedRoot: (arch: String, root: RootProvisioning.Result)?
        if let previous, let lock, !options.tarball, !options.force, previous.app.sha256 == app.sha256, lock.app.sha256 == app.sha256 {
            try begin(.provision, "checking the \(previous.alpineArch) root's packages")
            let root = try provisioning.provision(arch: previous.alpineArch, observer: observer)
            if previous.inputs == (try inputsDigest(app: app, root: root)), (try? BundleVerifier.verify(layout))?.isEmpty == true {
                observer(.note("nothing changed since the last build (same inputs, every file intact)"))
                store.abandon(staging)
                return BuildResult(layout: layout, record: previous, tarball: nil, reusedRoot: true,
                                   policyStatus: previous.seccomp.status, warnings: root.warnings, upToDate: true)
            }
            checkedRoot = (previous.alpineArch, root)
        }

        try begin(.extract, "unpacking the app into app/")
        let extraction = try AppExtraction(manifest: manifest, archive: app.path, destination: staging + "/app").run()

        try begin(.inspect, "reading \(manifest.app.entry)")
        let program = try ProgramFacts(path: staging + "/app/" + manifest.app.entry, manifest: manifest)

        let root: RootProvisioning.Result
        if let checkedRoot, checkedRoot.arch == program.alpineArch {
            root = checkedRoot.root
        } else {
            try begin(.provision, "provisioning the \(program.alpineArch) root (\(manifest.alpine.packages.joined(separator: ", ")))")
            root = try provisioning.provision(arch: program.alpineArch, observer: observer)
        }
        let inputs = try inputsDigest(app: app, root: root)

        try begin(.loaderLink, "finding the loader \(program.interpreter ?? "(none: static program)")")
        let programPath = manifest.app.mount + "/" + manifest.app.entry
        let appMount = RootView.Mount(runtimePath: manifest.app.mount, hostPath: staging + "/app")
        let planned = try LinkageAnalyzer(view: RootView(root: root.path, extra: [appMount])).analyze(programPath: programPath)
        if planned.verdict.outcome == .wontRun {
            throw BuildError(step: .preflight, "\(manifest.app.entry) cannot run on this root:\n  - " + planned.verdict.remedies.joined(separator: "\n  - "))
        }

        try begin(.closure, "copying the loader and the libraries it will load into rootfs/")
        let assembly = try RootAssembly(source: root.path, destination: staging + "/rootfs")
            .assemble(report: planned, mountPoint: manifest.app.mount, resolvConf: manifest.sandbox.resolvConf,
                      architecture: program.architecture?.musl)
        if let link = assembly.loaderLink { observer(.note("made the loader link \(link)")) }

        try begin(.preflight, "checking every import against the bundle's root")
        let final = try LinkageAnalyzer(view: RootView(root: staging + "/rootfs", extra: [appMount])).analyze(programPath: programPath)
        guard final.verdict.runsAsIs else {
            throw BuildError(step: .preflight, "\(manifest.app.entry) will not run on the bundle's root:\n  - " + final.verdict.remedies.joined(separator: "\n  - "))
        }
        for remedy in final.verdict.remedies { observer(.warning(remedy)) }

        try begin(.linkCheck, "asking the root's loader to load \(manifest.app.entry) (--list, no program code runs)")
        if let loader = final.loader?.used, !options.skipLinkCheck {
            try LinkCheck(staging: staging, mountPoint: manifest.app.mount, entry: manifest.app.entry, loader: loader).run()
        }

        try begin(.policy, "compiling the seccomp filter")
        let policy = try PolicyStep(manifest: manifest, previousBundle: previous != nil ? layout : nil, disabled: options.noSeccomp)
            .run(into: staging + "/seccomp")
        if policy.status == "unlearned" {
            observer(.warning("no learned seccomp policy yet: the bundle will not start until you run 'barracks learn \(layout.directory)' (or rebuild with --no-seccomp)"))
        }

        let sandbox = BundleRecord.Sandbox(args: manifest.app.args, state: manifest.app.state, network: manifest.sandbox.network.rawValue,
                                           resolvConf: manifest.sandbox.resolvConf, proc: manifest.sandbox.proc, env: manifest.sandbox.env)
        var record = BundleRecord(
            name: manifest.name, tool: "barracks \(toolVersion)", app: .init(url: app.url, sha256: app.sha256),
            entry: manifest.app.entry, mount: manifest.app.mount, interpreter: program.interpreter,
            loaderLink: assembly.loaderLink.map(\.description), alpineArch: program.alpineArch,
            indexes: root.indexes, packages: root.packages,
            seccomp: .init(status: policy.status, defaultAction: policy.defaultAction, filterSHA256: policy.filterSHA256,
                           instructions: policy.instructions),
            sandbox: sandbox, files: [])
        record.inputs = inputs

        try begin(.launcher, "writing the launcher")
        let launcher = LauncherScript(BwrapCommand(record.sandboxSpec(seccomp: policy.mode)), toolVersion: toolVersion)
        try StagingFiles.writeFile(staging + "/run", Array(launcher.source.utf8), mode: 0o755)

        try begin(.record, "recording every file in bundle.json")
        record.files = try ["app", "rootfs", "run", "seccomp"].flatMap { try TreeScanner.scan(staging, prefix: $0) }
        try StagingFiles.writeFile(staging + "/bundle.json", BundleRecordFile.encode(record))

        // What `barracks verify` will check, checked before the bundle switches to it: the
        // record reads back, and every file is the one it lists.
        try begin(.verify, "checking the new build against its bundle.json")
        let differences = try BundleVerifier.verify(BundleLayout(directory: staging))
        guard differences.isEmpty else {
            throw BuildError(step: .verify, "the new build does not match its bundle.json (changed while it was built?):\n  - "
                + differences.map(\.description).joined(separator: "\n  - "))
        }

        try begin(.commit, "switching \(layout.directory) to the new build")
        let seeded = try StateSeeding(statePaths: manifest.app.state, app: staging + "/app", state: layout.state).run()
        try store.commit(staging)
        if !seeded.isEmpty { observer(.note("state/: created \(seeded.joined(separator: ", "))")) }

        let epoch = Self.epoch(lock: lock, extraction: extraction)
        let newLock = LockFile(epoch: epoch, app: .init(url: app.url, sha256: app.sha256), arch: program.alpineArch,
                               indexes: root.indexes.map { .init(url: $0.url, sha256: $0.sha256) },
                               packages: root.packages.map { .init(name: $0.name, version: $0.version, arch: $0.arch, checksum: $0.checksum) })
        if newLock != lock && !options.locked { try newLock.write(to: lockPath) }
        var tarball: String?
        if options.tarball {
            let parent = FileTree.parentDirectory(of: layout.directory)
            let output = (parent.isEmpty ? "." : parent) + "/" + manifest.name + ".tar.gz"
            try BundleTarball(layout: layout, name: manifest.name, statePaths: manifest.app.state, epoch: epoch).write(to: output)
            tarball = output
        }
        return BuildResult(layout: layout, record: record, tarball: tarball, reusedRoot: root.reused,
                           policyStatus: policy.status, warnings: root.warnings, upToDate: false)
    }

    /// What the bundle is made from: tool, manifest, starting policy, app, root (the root
    /// cache's key covers indexes, packages, arch and installer), and the options that change
    /// the output.
    private func inputsDigest(app: AppInput.Result, root: RootProvisioning.Result) throws -> String {
        var text = "barracks \(toolVersion)\nmanifest \(SHA256.hash(manifest.source).hex)\napp \(app.sha256)\n"
        text += "root \(FileTree.lastComponent(of: FileTree.parentDirectory(of: root.path)))\n"
        if let policy = manifest.seccomp.policy {
            text += "policy \(try SHA256.hash(contentsOf: manifest.resolve(policy)).hex)\n"
        }
        text += "seccomp \(!options.noSeccomp) link-check \(!options.skipLinkCheck) scripts \(options.runScripts)\n"
        return SHA256.hash(Array(text.utf8)).hex
    }

    /// Announces a step, and runs the test hooks (fail or pause here) when asked.
    private func begin(_ step: BuildStep, _ message: String) throws {
        observer(.step(step, message))
        if options.failAt == step { throw BuildError(step: step, "injected failure (test hook)") }
        if options.pauseAt == step {
            FileHandle.standardError.write("barracks: paused at \(step) (test hook)\n".data(using: .utf8)!)
            while true { sleep(3600) }
        }
    }

    /// `SOURCE_DATE_EPOCH`, else the lock's, else the newest time in the app archive: never
    /// the time of the build, so the same inputs give the same bytes.
    static func epoch(lock: LockFile?, extraction: AppExtraction.Result) -> Int64 {
        if let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let value = Int64(text) { return value }
        return lock?.epoch ?? extraction.newestTime ?? 0
    }
}

/// What `barracks build` made.
public struct BuildResult: Sendable {
    public var layout: BundleLayout
    public var record: BundleRecord
    public var tarball: String?
    public var reusedRoot: Bool
    public var policyStatus: String
    public var warnings: [String]
    /// The bundle was already built from the same inputs and intact: nothing was done.
    public var upToDate: Bool
}
