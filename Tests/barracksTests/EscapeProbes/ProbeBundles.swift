#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Learning
import POSIX
import Sandbox
import Seccomp
import TestSupport

/// The escape probe as a bundle's program, built with `barracks build` from the demo mirror,
/// and its seccomp policies learned through the bundle's own launcher (real bwrap, real
/// TRACE filter, real ptrace):
///
/// - the **plain** bundle's policy is what the probe does when it attacks nothing (`benign`);
/// - the **open** bundle's policy is that plus every syscall every attack makes (each attack
///   run once in learning mode), so when an attack fails there, something other than seccomp
///   stopped it.
///
/// Both bundles have `network: none`, the state path `state-dir` (app mounted at `/probe`),
/// and, planted by the host in `state/state-dir/`, `escape-passwd → /etc/passwd` and
/// `escape-up → ../../../`.
struct ProbeBundles: Sendable {
    let directory: String
    /// The probe built for the host (the controls run it without a sandbox).
    let probe: String
    let plain: String
    let open: String
    let plainPolicy: Policy
    let openPolicy: Policy

    static let mountPoint = "/probe"

    /// Builds everything under `directory` (emptied first); `attackArguments` are what the
    /// learning runs give the attacks (host pid, listener port and name).
    init(in directory: String, attackArguments: [String]) throws {
        self.directory = directory
        FileTree.removeTree(directory)
        try FileTree.makeDirectories(directory)
        try Self.check(run(Repository.root + "/scripts/build-probe", [directory + "/probe-build"]), "scripts/build-probe")
        try Self.check(run(Repository.root + "/scripts/make-demo-mirror", [directory + "/mirror"]), "scripts/make-demo-mirror")
        probe = directory + "/probe-build/probe"

        // 1. A bundle with no policy yet: it runs only in learning mode.
        let learning = try Self.build("probe-learning", policy: nil, in: directory)
        let benign = try Self.learn(learning, ["benign"], log: directory + "/learn-benign")
        let attacks = try Self.learn(learning, ["run", (EscapeProbe.containedAttacks + ["tiocsti"]).joined(separator: ",")] + attackArguments,
                                     log: directory + "/learn-contained")
        // x32 cannot be learned: the filter's arch check kills it before any rule is looked at.
        let seccompAttacks = EscapeProbe.seccompAttacks.filter { $0 != "x32" }
        let more = try Self.learn(learning, ["run", seccompAttacks.joined(separator: ",")] + attackArguments,
                                  log: directory + "/learn-seccomp")

        // 2. The plain policy (what the probe does) and the open one (plus every attack).
        plainPolicy = try benign.policy(defaultAction: .killProcess)
        var everything = benign
        everything.merge(attacks)
        everything.merge(more)
        openPolicy = try everything.policy(defaultAction: .killProcess)
        plain = try Self.build("probe", policy: plainPolicy, in: directory)
        open = try Self.build("probe-open", policy: openPolicy, in: directory)
        for bundle in [plain, open] {
            try FileManager.default.createSymbolicLink(atPath: bundle + "/state/state-dir/escape-passwd", withDestinationPath: "/etc/passwd")
            try FileManager.default.createSymbolicLink(atPath: bundle + "/state/state-dir/escape-up", withDestinationPath: "../../../")
        }
    }

    /// `barracks build` of a manifest named `name` (with `policy` as its starting policy).
    private static func build(_ name: String, policy: Policy?, in directory: String) throws -> String {
        var seccomp = ""
        if let policy {
            try PolicyFile.write(policy, to: directory + "/\(name).policy.json")
            seccomp = #", "seccomp": {"policy": "\#(name).policy.json", "default_action": "kill_process"}"#
        }
        let manifest = directory + "/\(name).json"
        try writeFile(manifest, """
            {"name": "\(name)",
             "alpine": {"mirror": "mirror", "branch": "v3.24", "arch": "auto", "packages": ["musl"], "keys": "mirror/keys"},
             "app": {"url": "probe-build/probe-1.0.zip", "entry": "probe", "mount": "\(Self.mountPoint)", "state": ["state-dir"]},
             "sandbox": {"network": "none", "resolv_conf": false}\(seccomp)}
            """)
        let bundle = directory + "/bundles/" + name
        let environment = ["PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": directory + "/cache"]
        try check(runBarracks(["build", manifest, "--out", bundle, "--quiet"], environment: environment), "barracks build \(name)")
        return bundle
    }

    /// Runs `bundle/run ARGUMENTS` in learning mode, traced; what the probe called.
    private static func learn(_ bundle: String, _ arguments: [String], log: String) throws -> LearnedCalls {
        let needs = BwrapNativeNeeds(.unsharePID)
        let filter = try FilterCompiler.learningFilter(for: Policy(learned: false, defaultAction: .killProcess),
                                                       additions: [needs.addition])
        let file = try LearningFilterFile(filter)
        var command = LearningCommand(bundle + "/run", arguments)
        command.environment = ProcessInfo.processInfo.environment.merging([LauncherScript.learningFilterVariable: file.path]) { $1 }
        let output = try FileDescriptor.open(log + ".out", O_WRONLY | O_CREAT | O_TRUNC)
        let errors = try FileDescriptor.open(log + ".err", O_WRONLY | O_CREAT | O_TRUNC)
        command.standardOutput = output
        command.standardError = errors
        let result = try withExtendedLifetime(file) { try Learner.run(command, options: LearningOptions(duration: 60)) }
        try output.close()
        try errors.close()
        let printed = (try? String(contentsOfFile: log + ".out", encoding: .utf8)) ?? ""
        guard result.exitStatus == .exited(0), printed.contains(arguments == ["benign"] ? "probe: wrote" : "probe: done") else {
            throw ProbeLabError("learning \(arguments.joined(separator: " ")) ended with \(result.exitStatus): \(printed)"
                                + ((try? String(contentsOfFile: log + ".err", encoding: .utf8)) ?? ""))
        }
        guard result.ignored.isEmpty else {
            throw ProbeLabError("bwrap made native calls the bundle's filter would kill it for: \(result.ignored.sightings.keys)")
        }
        return result.calls
    }

    @discardableResult
    private static func check(_ result: ProcessResult, _ what: String) throws -> ProcessResult {
        guard result.status.succeeded else { throw ProbeLabError("\(what): \(result.status)\n\(result.output)\(result.errorOutput)") }
        return result
    }

    /// Runs `bundle/run run ATTACKS ARGUMENTS` (a sandboxed probe) with `environment` added.
    func attack(_ bundle: String, _ attacks: [String], _ arguments: [String], environment: [String: String] = [:]) throws -> ProbeOutput {
        let all = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        return ProbeOutput(try run(bundle + "/run", ["run", attacks.joined(separator: ",")] + arguments, environment: all))
    }
}

struct ProbeLabError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
