import Alpine
import Fetch
import Foundation
import POSIX
import Testing
import TestSupport

/// The demo mirror (scripts/make-demo-mirror: Debian's i386 musl and busybox as Alpine x86
/// packages, apk-tools-static for x86_64 whose apk.static is the TEST DOUBLE), built once
/// per test process into .build/ (the script itself skips the work when it is up to date),
/// and helpers to provision from it.
enum ProvisionFixtures {
    struct DemoMirror: Sendable {
        struct Package: Decodable, Sendable {
            let name, version, file, checksum, sha256: String
            let size: UInt64
        }
        struct Summary: Decodable, Sendable {
            let key: String
            let packages: [String: [Package]]
        }

        /// The mirror's root (holding `v3.24/main/<arch>/`).
        let root: String
        let summary: Summary
        /// The mirror's public key directory (the manifest's `keys`).
        var keys: String { root + "/keys" }
        func package(_ name: String, arch: String = "x86") throws -> Package {
            try #require(summary.packages[arch]?.first { $0.name == name }, "\(name) not in the demo mirror")
        }
    }

    static let demoMirror: Result<DemoMirror, FixtureFailure> = {
        let root = TestSupport.Repository.root + "/.build/provision-demo-mirror-alpine"
        guard FileManager.default.fileExists(atPath: TestSupport.Repository.debianFixtures + "/musl/lib") else {
            return .failure(FixtureFailure(message: "Debian fixtures missing: run scripts/install-deps"))
        }
        guard let made = try? run(TestSupport.Repository.root + "/scripts/make-demo-mirror", [root]), made.status.succeeded else {
            return .failure(FixtureFailure(message: "make-demo-mirror failed"))
        }
        guard let data = FileManager.default.contents(atPath: root + "/mirror.json"),
              let summary = try? JSONDecoder().decode(DemoMirror.Summary.self, from: data) else {
            return .failure(FixtureFailure(message: "cannot read \(root)/mirror.json"))
        }
        return .success(DemoMirror(root: root, summary: summary))
    }()

    /// A repository written by scripts/make-apk-repo for what the demo mirror lacks, built
    /// once per test process into .build/ (kept there, named by the digest of the generator
    /// and this spec, since Python's start-up is most of the cost):
    /// - `busybox` (Debian's real i386 busybox, with `bin/sh`), `hello` whose post-install
    ///   writes /etc/hello-installed, `broken` whose post-install fails;
    /// - `clash-a` and `clash-b`, which both ship /etc/clash.conf;
    /// - `layout`, with nested directories, a 0700 directory and a 0600 file.
    /// Layout: `<dir>/repo/v3.24/main/x86/`, trusted key in `<dir>/trusted/`.
    static let customRepository: Result<String, FixtureFailure> = {
        let busybox = TestSupport.Repository.debianFixtures + "/busybox-static/bin/busybox"
        let packages: [[String: Any]] = [
            ["name": "busybox", "version": "1.35.0-r0", "provides": ["/bin/sh"], "provider_priority": 100,
             "files": [["path": "bin/busybox", "source": busybox, "mode": "0755"], ["path": "bin/sh", "symlink": "/bin/busybox"]]],
            ["name": "hello", "version": "1.0-r0", "depends": ["/bin/sh"],
             "files": [["path": "etc/hello.conf", "content": "greeting=hello\n"]],
             "scripts": ["post-install": "#!/bin/sh\necho \"hello $1 in $(pwd)\" > /etc/hello-installed\necho done\n"]],
            ["name": "broken", "version": "2.0-r1", "depends": ["/bin/sh"],
             "files": [["path": "etc/broken.conf", "content": "x\n"]],
             "scripts": ["post-install": "#!/bin/sh\necho 'about to fail'\necho 'something broke' >&2\nexit 3\n"]],
            ["name": "clash-a", "version": "1.0-r0", "files": [["path": "etc/clash.conf", "content": "a\n"]]],
            ["name": "clash-b", "version": "1.0-r0", "files": [["path": "etc/clash.conf", "content": "b\n"]]],
            ["name": "layout", "version": "1.0-r0", "replaces": ["old-layout"],
             "files": [["path": "var/lib/layout", "directory": true, "mode": "0700"],
                       ["path": "var/lib/layout/state", "content": "0\n", "mode": "0600"],
                       ["path": "usr/share/layout/readme", "content": "read me\n"]]],
        ]
        let spec = (try? JSONSerialization.data(withJSONObject: ["packages": packages], options: [.sortedKeys])) ?? Data()
        let hasher = SHA256()
        for file in ["make_apk_repo.py", "apkv2.py"] { _ = try? hasher.update(contentsOf: TestSupport.Repository.root + "/scripts/" + file) }
        hasher.update(Array(spec))
        _ = try? hasher.update(contentsOf: busybox)
        let final = TestSupport.Repository.root + "/.build/provision-custom-repo-" + hasher.finalize().hex.prefix(12)
        if FileManager.default.fileExists(atPath: final + "/trusted") { return .success(final) }
        let staging = final + ".\(getpid())"
        do {
            FileTree.removeTree(staging)
            try FileTree.makeDirectories(staging)
            let made = try Fixtures.makeRepository(in: staging, packages: packages)
            let keyName = try made.publicKeyName()
            try writeFile(staging + "/trusted/" + keyName, try readFile(made.keyDirectory + "/" + keyName))
        } catch {
            FileTree.removeTree(staging)
            return .failure(.init(message: "cannot build the custom repository: \(error)"))
        }
        if rename(staging, final) != 0 { FileTree.removeTree(staging) }
        return .success(final)
    }()

    /// A request for `world` from ``customRepository``.
    static func customRequest(_ world: [String], runScripts: Bool = false) throws -> RootRequest {
        let repository = try customRepository.get()
        var request = request(mirror: repository + "/repo", keys: repository + "/trusted", world: world)
        request.runScripts = runScripts
        return request
    }

    struct FixtureFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// A provisioner caching downloads and roots in `cache`.
    static func provisioner(cache: String, offline: Bool = false) -> Provisioner {
        var options = FetchOptions()
        options.cacheDirectory = cache
        options.offline = offline
        options.maxAttempts = 1
        options.connectTimeout = 5
        return Provisioner(fetcher: Fetcher(options: options), cacheDirectory: cache)
    }

    /// The request for the demo root.
    static func request(mirror: String, keys: String?, world: [String] = ["musl", "busybox"],
                        installer: RootInstaller = .native) -> RootRequest {
        RootRequest(mirror: mirror, branch: "v3.24", repositories: ["main"], arch: "x86", world: world,
                    installer: installer, extraKeysDirectory: keys)
    }

    /// Collects events (they arrive on the provisioning thread; tests read them after).
    final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [ProvisionEvent] = []

        func record(_ event: ProvisionEvent) { lock.withLock { items.append(event) } }

        var all: [ProvisionEvent] { lock.withLock { items } }

        /// Packages whose data member was extracted.
        var installed: [String] {
            all.compactMap { if case .installing(let package, _, _) = $0 { return package } else { return nil } }
        }

        var reused: Bool { all.contains { if case .reused = $0 { return true } else { return false } } }
    }

    /// What is left in the root cache: finished digests and build directories.
    static func cachedRoots(_ cache: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: cache + "/roots")) ?? []).filter { !$0.hasSuffix(".lock") }.sorted()
    }

    /// Base64 of the SHA-1 of `bytes`, apk's `Q1` form (computed with Foundation's base64,
    /// not the Alpine module's).
    static func q1(_ bytes: [UInt8]) -> String {
        "Q1" + Data(SHA1.hash(bytes).bytes).base64EncodedString()
    }

    /// The file at `path` relative to `root`, as text.
    static func text(_ root: String, _ path: String) throws -> String {
        String(decoding: try readFile(root + "/" + path), as: UTF8.self)
    }
}
