#if canImport(Glibc)
import Glibc
#endif
import Foundation
import POSIX
import Testing

/// `barracks build` of the demo against real parts, for one test: the stand-in server and
/// the signed demo mirror (built once per test process), served by a ``LoopbackServer`` on a
/// random port, a manifest in the test's scratch directory pointing at it, and a cache and
/// bundle directory of the test's own, so tests run in parallel.
///
///     try withDemoBuild("e2e") { demo in
///         let built = try demo.build()                       // barracks build demo.json --cache … --out …
///         let server = try demo.start(demo.bundle + "/run")  // the bundle's launcher
///         …
///     }
///
/// Served tree: `/mirror/v3.24/main/x86/…` (the mirror), `/standin/standin-1.0.zip` and
/// `/standin/standin-fortified-1.0.zip` (scripts/build-standin).
public struct DemoBuildFixture: Sendable {
    /// The inputs every demo build is made from, in `.build/test-fixtures/demo/`.
    public struct Inputs: Sendable {
        public let directory: String
        /// The SHA-256 of ``zip``.
        public let zipSHA256: String
        public var mirror: String { directory + "/mirror" }
        /// The mirror's public key directory (the manifest's `alpine.keys`).
        public var keys: String { mirror + "/keys" }
        public var standin: String { directory + "/standin" }
        public var zip: String { standin + "/standin-1.0.zip" }
        public var fortifiedZip: String { standin + "/standin-fortified-1.0.zip" }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Built once per test process, under a file lock so that two test processes never write
    /// the same files at once: make-demo-mirror skips its work when up to date, and
    /// build-standin runs only when its source, script or the musl loader changed.
    public static let inputs: Result<Inputs, Failure> = {
        let directory = Repository.root + "/.build/test-fixtures/demo"
        guard FileManager.default.fileExists(atPath: MuslRoot.loaderSource) else {
            return .failure(Failure(description: "Debian fixtures missing: run scripts/install-deps"))
        }
        do {
            try FileTree.makeDirectories(directory)
            let lock = try FileLock(path: directory + ".lock")
            defer { lock.unlock() }
            let mirror = try run(Repository.root + "/scripts/make-demo-mirror", [directory + "/mirror"])
            guard mirror.status.succeeded else { return .failure(Failure(description: "make-demo-mirror: \(mirror.errorOutput)")) }
            let standin = directory + "/standin"
            let sources = [Repository.root + "/examples/standin/standin.c", Repository.root + "/scripts/build-standin", MuslRoot.loaderSource]
            let stamp = try run("sha256sum", sources).output
            let stampFile = standin + "/.stamp"
            let current = (try? String(contentsOfFile: stampFile, encoding: .utf8)) ?? ""
            if current != stamp || !FileTree.exists(standin + "/standin-1.0.zip") || !FileTree.exists(standin + "/standin-fortified-1.0.zip") {
                let built = try run(Repository.root + "/scripts/build-standin", [standin])
                guard built.status.succeeded else { return .failure(Failure(description: "build-standin: \(built.errorOutput)")) }
                try FileTree.writeAtomically(stampFile, Array(stamp.utf8))
            }
            let digest = try run("sha256sum", [standin + "/standin-1.0.zip"]).output.prefix(64)
            return .success(Inputs(directory: directory, zipSHA256: String(digest)))
        } catch {
            return .failure(Failure(description: "cannot prepare the demo build's inputs: \(error)"))
        }
    }()

    public let inputs: Inputs
    /// The test's own directory (removed when the test ends).
    public let scratch: String
    public let server: LoopbackServer
    /// A UDP port nothing listened on when the test began: the stand-in's `-p`.
    public let gamePort: Int

    /// The download and root cache of this test (`--cache`).
    public var cache: String { scratch + "/cache" }
    /// Where bundles go (`bundles/`), and the demo's bundle (`--out`).
    public var bundles: String { scratch + "/bundles" }
    public var bundle: String { bundles + "/demo" }
    /// The default manifest, written when the fixture is made.
    public var manifest: String { scratch + "/demo.json" }

    /// The stand-in zip over HTTP, and the mirror.
    public var appURL: String { server.url("/standin/standin-1.0.zip") }
    public var mirrorURL: String { server.url("/mirror") }

    /// A manifest shaped like manifests/demo.json, aimed at this test's server.
    public struct Manifest: Sendable {
        public var name = "demo"
        public var appURL: String
        public var sha256: String?
        public var entry = "standin"
        public var mount = "/standin"
        public var args: [String]
        public var state = ["logs", "anti-cheat", "banned.txt", "bannedhw.txt"]
        public var network = "host"
        /// A policy file written beside the manifest (Tests/Support/standin.policy.json by default); nil for none.
        public var policy: String? = Repository.root + "/Tests/Support/standin.policy.json"
        public var packages = ["musl"]
        public var mirror: String
        public var keys: String
    }

    /// The default manifest's fields: the stand-in over HTTP, pinned by its SHA-256.
    public var defaultManifest: Manifest {
        Manifest(appURL: appURL, sha256: inputs.zipSHA256, args: ["-p", String(gamePort)], mirror: mirrorURL, keys: inputs.keys)
    }

    /// Writes `manifest` to `path` (with its policy beside it as `<name>.policy.json`).
    @discardableResult
    public func write(_ manifest: Manifest, to path: String) throws -> String {
        let directory = FileTree.parentDirectory(of: path)
        var seccomp: [String: Any] = ["default_action": "kill_process"]
        if let policy = manifest.policy {
            let name = manifest.name + ".policy.json"
            try writeFile(directory + "/" + name, try readFile(policy))
            seccomp["policy"] = name
        }
        var app: [String: Any] = ["url": manifest.appURL, "strip": "auto", "entry": manifest.entry, "mount": manifest.mount,
                                  "args": manifest.args, "state": manifest.state]
        if let sha256 = manifest.sha256 { app["sha256"] = sha256 }
        let document: [String: Any] = [
            "name": manifest.name,
            "alpine": ["mirror": manifest.mirror, "branch": "v3.24", "repositories": ["main"], "arch": "auto",
                       "packages": manifest.packages, "installer": "native", "keys": manifest.keys],
            "app": app,
            "sandbox": ["network": manifest.network, "resolv_conf": true, "proc": true, "env": ["TZ": "UTC"]],
            "seccomp": seccomp,
        ]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try writeFile(path, Array(data))
        return path
    }

    /// The environment `barracks` and the bundles run with: a plain PATH (bwrap, sha256sum),
    /// and HOME and the XDG directories inside the scratch directory.
    public var environment: [String: String] {
        ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": scratch, "XDG_CACHE_HOME": scratch + "/xdg-cache",
         "XDG_RUNTIME_DIR": scratch, "LANG": "C.UTF-8"]
    }

    /// Runs the built `barracks` with `arguments` in ``environment`` plus `extra`.
    public func barracks(_ arguments: [String], environment extra: [String: String] = [:]) throws -> ProcessResult {
        try runBarracks(arguments, environment: environment.merging(extra) { $1 })
    }

    /// `barracks build MANIFEST --cache CACHE --out BUNDLE` plus `extra`.
    public func build(_ extra: [String] = [], manifest: String? = nil, out: String? = nil, cache: String? = nil,
                      environment extra2: [String: String] = [:]) throws -> ProcessResult {
        try barracks(["build", manifest ?? self.manifest, "--cache", cache ?? self.cache, "--out", out ?? bundle] + extra,
                     environment: extra2)
    }

    /// The build command as a `Subprocess`, for tests that start it and act while it runs.
    public func buildCommand(_ extra: [String] = [], environment extra2: [String: String] = [:]) -> Subprocess {
        Subprocess(Repository.barracks, ["build", manifest, "--cache", cache, "--out", bundle] + extra,
                   environment: environment.merging(extra2) { $1 })
    }

    /// Starts `executable` (a bundle's `run`) with its standard output and error going to
    /// `<scratch>/<name>.out` and `.err` (see ``output(_:)``).
    public func start(_ executable: String, _ arguments: [String] = [], name: String = "server") throws -> RunningProcess {
        var process = Subprocess(executable, arguments, environment: environment)
        let out = try FileDescriptor.open(scratch + "/\(name).out", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC)
        let err = try FileDescriptor.open(scratch + "/\(name).err", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC)
        defer { try? out.close(); try? err.close() }
        process.standardOutput = .descriptor(out)
        process.standardError = .descriptor(err)
        return try process.launch()
    }

    /// What a process started with ``start(_:_:name:)`` printed so far: (stdout, stderr).
    public func output(_ name: String = "server") -> (out: String, err: String) {
        ((try? String(contentsOfFile: scratch + "/\(name).out", encoding: .utf8)) ?? "",
         (try? String(contentsOfFile: scratch + "/\(name).err", encoding: .utf8)) ?? "")
    }

    /// Sends `messages` to the stand-in with Tests/Support/standin-client.py (waiting up to
    /// `waitReady` seconds for it to answer STATUS first).
    public func query(_ messages: [String], waitReady: Double? = 10, expectNoReply: Bool = false) throws -> ProcessResult {
        var arguments = [Repository.root + "/Tests/Support/standin-client.py", "-p", String(gamePort)]
        if let waitReady { arguments += ["--wait-ready", String(waitReady)] }
        if expectNoReply { arguments.append("--expect-no-reply") }
        return try run("/usr/bin/python3", arguments + messages)
    }
}

/// Runs `body` with a fresh ``DemoBuildFixture``: skips (or fails under
/// `BARRACKS_REQUIRE_SANDBOX=1`) without bwrap, 32-bit gcc or seccomp; fails when the inputs
/// cannot be built.
@discardableResult
public func withDemoBuild<R>(_ name: String, sourceLocation: SourceLocation = #_sourceLocation,
                             _ body: (DemoBuildFixture) throws -> R) throws -> R {
    try HostRequirement.require(.bwrap, .gcc32, .seccomp, sourceLocation: sourceLocation)
    let inputs = try DemoBuildFixture.inputs.get()
    return try withScratch(name) { scratch in
        let server = try LoopbackServer(serving: inputs.directory, tls: false)
        defer { server.stop() }
        let fixture = DemoBuildFixture(inputs: inputs, scratch: scratch, server: server, gamePort: try unusedUDPPort())
        try fixture.write(fixture.defaultManifest, to: fixture.manifest)
        return try body(fixture)
    }
}

/// A UDP port on 127.0.0.1 that nothing listens on now (bound to port 0, then released).
public func unusedUDPPort() throws -> Int {
    let descriptor = try systemCall("socket") { socket(AF_INET, Int32(SOCK_DGRAM.rawValue | SOCK_CLOEXEC.rawValue), 0) }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    try withUnsafeMutablePointer(to: &address) { pointer in
        try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
            try systemCall("bind") { bind(descriptor, raw, length) }
            try systemCall("getsockname") { getsockname(descriptor, raw, &length) }
        }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Checks `condition` every 20 ms for up to `seconds`; returns whether it came true.
@discardableResult
public func eventually(within seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}
