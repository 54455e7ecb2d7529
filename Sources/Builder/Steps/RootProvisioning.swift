import Alpine
import Fetch

/// The Alpine root for the bundle, from the Alpine module's provisioner (which verifies every
/// index and package and caches finished roots by their inputs).
struct RootProvisioning {
    let manifest: Manifest
    let options: BuildOptions
    let lock: LockFile?
    let fetcher: Fetcher
    let cacheDirectory: String

    struct Result {
        var path: String
        var indexes: [BundleRecord.Input]
        var packages: [BundleRecord.Package]
        var reused: Bool
        var warnings: [String]
    }

    func provision(arch: String, observer: @escaping @Sendable (BuildEvent) -> Void) throws -> Result {
        if options.locked, let lock, lock.arch != arch {
            throw BuildError(step: .provision, "the lock file is for \(lock.arch), this build for \(arch) (--locked)")
        }
        let request = RootRequest(
            mirror: manifest.alpine.mirror.contains("://") ? manifest.alpine.mirror : manifest.resolve(manifest.alpine.mirror),
            branch: manifest.alpine.branch, repositories: manifest.alpine.repositories, arch: arch,
            world: manifest.alpine.packages, installer: manifest.alpine.installer == .native ? .native : .apkStatic,
            extraKeysDirectory: manifest.alpine.keys.map(manifest.resolve), allowUntrusted: manifest.alpine.allowUntrusted,
            runScripts: options.runScripts,
            lockedPackages: options.locked ? lock?.packages.map { LockedPackage(name: $0.name, version: $0.version, arch: $0.arch, checksum: $0.checksum) } : nil)
        let root = try Provisioner(fetcher: fetcher, cacheDirectory: cacheDirectory).provision(request) { event in
            if let event = Self.buildEvent(event) { observer(event) }
        }
        for warning in root.warnings { observer(.warning(warning)) }
        return Result(path: root.path,
                      indexes: root.indexes.map { BundleRecord.Input(url: $0.url, sha256: $0.sha256) },
                      packages: root.packages.map { BundleRecord.Package(name: $0.name, version: $0.version, arch: $0.arch, checksum: $0.checksum) },
                      reused: root.reused, warnings: root.warnings)
    }

    /// The provisioner's events as build events (download progress, steps as notes).
    static func buildEvent(_ event: ProvisionEvent) -> BuildEvent? {
        switch event {
        case .step(let text): return .note(text)
        case .fetch(.progress(let p)):
            return .download(url: p.url, received: p.bytesReceived, expected: p.bytesExpected, bytesPerSecond: p.bytesPerSecond)
        case .fetch(.waitingForLock(let url)): return .note("waiting for another barracks downloading \(url)")
        case .fetch: return nil
        case .installing(let package, let position, let count): return .note("installing (\(position)/\(count)) \(package)")
        case .runningScript(let name): return .note("running \(name)")
        case .runningApkStatic(let commandLine): return .note("running \(commandLine)")
        case .reused: return .note("reusing the cached root (same packages, same inputs)")
        }
    }
}
