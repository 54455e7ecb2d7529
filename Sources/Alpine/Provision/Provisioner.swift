import Fetch
import Foundation

/// Builds minimal Alpine roots from signature-verified packages, and caches them.
///
///     let provisioner = Provisioner(fetcher: Fetcher(options: options), cacheDirectory: cache)
///     let root = try provisioner.provision(RootRequest(mirror: mirror, branch: "v3.24", arch: "x86", world: ["musl"]))
///     // root.path: a finished root; root.packages: what is in it, in install order
///
/// Every run fetches (revalidates) each repository's index for the arch and checks its
/// signature against Alpine's keys for that arch plus the request's keys directory before
/// reading it, then resolves the world. The digest of those inputs (index checksums, the
/// resolved packages' checksums, arch, installer, world, scripts, keys, barracks' root
/// format) names the root in the cache: the same inputs reuse the finished root without
/// fetching or unpacking a package. Otherwise the packages are fetched in parallel, each is
/// verified (control member against `C:`, data member against `datahash`) before any is
/// extracted, and the root is built in a temporary directory renamed into place when done.
public struct Provisioner: Sendable {
    /// How indexes and packages are downloaded (cache, offline, CA file, parallelism).
    public let fetcher: Fetcher
    /// Roots are cached under `<cacheDirectory>/roots/<digest>/`, apk.static under
    /// `<cacheDirectory>/apk-static/`.
    public let cacheDirectory: String
    /// Variables added to apk.static's environment, which is otherwise cleared but for PATH
    /// (for example a proxy, or the test double's `APK_STATIC_TEST_DOUBLE_LOG`).
    public var apkStaticEnvironment: [String: String] = [:]

    /// A provisioner downloading with `fetcher` and caching roots under `cacheDirectory`.
    public init(fetcher: Fetcher, cacheDirectory: String) {
        self.fetcher = fetcher
        self.cacheDirectory = cacheDirectory
    }

    /// Provisions the root `request` describes, or reuses the cached one with the same inputs.
    public func provision(_ request: RootRequest, observer: (@Sendable (ProvisionEvent) -> Void)? = nil) throws -> ProvisionedRoot {
        try Self.check(request)
        let mirror = try MirrorLocation(request.mirror)
        let files = FileSource(fetcher: fetcher, mirror: mirror)
        var warnings: [String] = []
        if request.allowUntrusted {
            warnings.append("allow_untrusted is set: indexes (and apk.static) that no trusted key signed are accepted; "
                + "put the repository's public key in the keys directory and remove allow_untrusted")
        }
        let keyring = try Self.keyring(for: request.arch, request.extraKeysDirectory, warnings: &warnings)
        let lines = request.repositories.map { mirror.repositoryLine(branch: request.branch, repository: $0) }
        let (loaded, indexWarnings) = try IndexLoader(files: files, keyring: keyring, allowUntrusted: request.allowUntrusted)
            .load(repositoryLines: lines, architecture: request.arch, observer: observer)
        warnings += indexWarnings

        observer?(.step("resolving \(request.world.joined(separator: " ")) for \(request.arch)"))
        let resolution = try Self.resolve(request.world, loaded.map(\.index), architecture: request.arch)
        let packages = resolution.packages.map { package in
            InstalledPackage(name: package.record.name, version: package.record.version.text,
                             arch: package.record.architecture ?? request.arch, checksum: package.record.checksum.description,
                             url: lines[package.repository] + "/" + package.record.downloadPath(primaryArchitecture: request.arch),
                             sha256: nil, size: package.record.size ?? 0, installedSize: package.record.installedSize ?? 0)
        }
        if let locked = request.lockedPackages {
            let differences = Self.lockDifferences(resolved: packages, locked: locked)
            guard differences.isEmpty else { throw ProvisionError(.lockMismatch(differences)) }
        }

        var indexes = loaded.map(\.source)
        var inputs = Self.inputs(request, loaded: loaded, packages: packages, keyring: keyring)
        var apkTools: ApkToolsSource?
        if request.installer == .apkStatic {
            let source = try locateApkTools(request, lines: lines, files: files, observer: observer)
            indexes += source.indexes
            warnings += source.warnings
            inputs.append("apk-tools-static \(source.package.record.checksum) \(source.index.sha256)")
            apkTools = source
        }

        let cache = RootCache(directory: cacheDirectory + "/roots")
        let digest = RootCache.digest(inputs)
        return try cache.withLock(digest, onWait: { observer?(.step("waiting for another barracks building the same root")) }) {
            if let record = cache.finished(digest) {
                observer?(.reused(path: cache.rootPath(digest)))
                return ProvisionedRoot(path: cache.rootPath(digest), indexes: indexes, packages: record.packages,
                                       scripts: record.scripts, reused: true, warnings: warnings + record.warnings)
            }
            let record = try cache.build(digest) { root in
                let build = RootBuild(root: root, request: request, repositoryLines: lines, resolution: resolution,
                                      packages: packages, keyring: keyring, files: files, observer: observer)
                if let apkTools {
                    return try build.installWithApkStatic(apkTools, ApkStaticInstaller(directory: cacheDirectory + "/apk-static",
                                                                                         environment: apkStaticEnvironment))
                }
                return try build.installNatively()
            }
            return ProvisionedRoot(path: cache.rootPath(digest), indexes: indexes, packages: record.packages,
                                   scripts: record.scripts, reused: false, warnings: warnings + record.warnings)
        }
    }

    /// Refuses requests that cannot name a repository or a root.
    static func check(_ request: RootRequest) throws(ProvisionError) {
        func plain(_ text: String) -> Bool { !text.isEmpty && !text.contains("/") && !text.contains(" ") && text != ".." }
        guard plain(request.branch) else { throw ProvisionError(.request("branch `\(request.branch)` is not a branch name (v3.24, edge)")) }
        guard plain(request.arch) else { throw ProvisionError(.request("arch `\(request.arch)` is not an Alpine arch (x86, x86_64, …)")) }
        guard !request.repositories.isEmpty else { throw ProvisionError(.request("no repository (e.g. main)")) }
        for repository in request.repositories where !plain(repository) {
            throw ProvisionError(.request("repository `\(repository)` is not a repository name (main, community)"))
        }
        guard !request.world.isEmpty else { throw ProvisionError(.request("no package to install (the world is empty)")) }
    }

    /// Alpine's keys for `architecture`, plus the keys directory's.
    static func keyring(for architecture: String, _ directory: String?, warnings: inout [String]) throws(ProvisionError) -> Keyring {
        var keyring: Keyring
        do {
            keyring = try Keyring.builtIn(architecture: architecture)
        } catch {
            // An arch barracks has no keys for is fine when the keys directory supplies them.
            guard directory != nil else { throw ProvisionError(.keys("\(error)")) }
            keyring = Keyring()
        }
        if let directory {
            do { try keyring.addKeys(inDirectory: directory) } catch { throw ProvisionError(.keys("\(error)")) }
            warnings += keyring.skippedFiles.map { "keys directory: skipped \($0.path): \($0.reason)" }
        }
        return keyring
    }

    static func resolve(_ world: [String], _ indexes: [APKIndex], architecture: String) throws(ProvisionError) -> Resolution {
        do {
            return try Resolver(indexes: indexes, architecture: architecture).resolve(packages: world)
        } catch let error as ResolutionError {
            throw ProvisionError(.resolution(error, architecture: architecture))
        } catch {
            throw ProvisionError(.request("packages: \(error)"))
        }
    }

    /// Everything that decides a root's contents, one line each, for its cache digest.
    static func inputs(_ request: RootRequest, loaded: [LoadedIndex], packages: [InstalledPackage], keyring: Keyring) -> [String] {
        var lines = ["arch \(request.arch)", "installer \(request.installer.rawValue)", "run-scripts \(request.runScripts)",
                     "allow-untrusted \(request.allowUntrusted)", "world \(request.world.sorted().joined(separator: " "))"]
        lines += loaded.map { "index \($0.repositoryLine) \($0.source.url) \($0.source.sha256)" }
        lines += packages.map { "package \($0.name) \($0.version) \($0.arch) \($0.checksum) \($0.url)" }
        lines += keyring.names.compactMap { name in keyring.key(named: name).map { "key \(name) \(SHA256.hash($0.pem).hex)" } }
        return lines
    }

    /// Each way the resolution differs from the lock file, in words.
    static func lockDifferences(resolved: [InstalledPackage], locked: [LockedPackage]) -> [String] {
        var differences: [String] = []
        let lockedByName = Dictionary(locked.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let resolvedNames = Set(resolved.map(\.name))
        for package in resolved {
            guard let pin = lockedByName[package.name] else {
                differences.append("\(package.name)-\(package.version) is resolved but not in the lock file")
                continue
            }
            if pin.version != package.version {
                differences.append("\(package.name): the lock file has \(pin.version), the index now gives \(package.version)")
            } else if pin.arch != package.arch {
                differences.append("\(package.name)-\(package.version): the lock file has arch \(pin.arch), the index \(package.arch)")
            } else if pin.checksum != package.checksum {
                differences.append("\(package.name)-\(package.version): the lock file has checksum \(pin.checksum), the index now \(package.checksum) (same version, different package)")
            }
        }
        for pin in locked where !resolvedNames.contains(pin.name) {
            differences.append("\(pin.name)-\(pin.version) is in the lock file but no longer resolved")
        }
        return differences
    }
}
