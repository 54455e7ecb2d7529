#if canImport(Glibc)
import Glibc
#endif
import Foundation
import POSIX
import TestSupport

/// Every run of the escape probe the verdicts need, made once per test process (the tests
/// share it): the contained attacks in the open bundle, each seccomp attack alone in the
/// plain bundle, the seccomp attacks in the open bundle ("without seccomp"), TIOCSTI on a
/// pseudo-terminal, and the harmless attacks on the host without a sandbox (controls).
struct EscapeProbeFindings: Sendable {
    struct Connections: Sendable, Equatable {
        var tcp: Int
        var abstractUnix: Int
    }

    let bundles: ProbeBundles
    /// An environment variable given to the launcher; no process in the sandbox may see it.
    let canary: (name: String, value: String)
    let contained: ProbeOutput
    let containedConnections: Connections
    let control: ProbeOutput
    let controlConnections: Connections
    /// The plain bundle, one run per seccomp attack.
    let killed: [String: ProbeOutput]
    /// The open bundle: the seccomp attacks but x32, then x32 alone.
    let withoutSeccomp: ProbeOutput
    let x32WithoutSeccomp: ProbeOutput
    let tiocsti: ProbeOutput
    let tiocstiLanded: [UInt8]
    let tiocstiControl: ProbeOutput
    let tiocstiControlLanded: [UInt8]
    /// The host's own view, read by the test: what the attacks would find outside.
    let hostInitEnviron: [UInt8]?
    let hostPasswd: [UInt8]?
    let hostPid: Int32

    /// Made on first use; the error, if anything failed, for every test that asks.
    static let shared: Result<EscapeProbeFindings, ProbeLabError> = {
        do {
            return .success(try EscapeProbeFindings(in: Repository.root + "/.build/escape-probes"))
        } catch let error as ProbeLabError {
            return .failure(error)
        } catch {
            return .failure(ProbeLabError(String(describing: error)))
        }
    }()

    private init(in directory: String) throws {
        let listeners = try HostListeners()
        hostPid = getpid()
        let arguments = ["--host-pid", String(hostPid), "--port", String(listeners.tcpPort), "--unix", listeners.abstractName]
        bundles = try ProbeBundles(in: directory, attackArguments: arguments)
        _ = listeners.drain()  // the learning runs' attempts (all refused; counted by the tests below)
        canary = ("BARRACKS_ESCAPE_CANARY", "canary-\(UInt64.random(in: 1...UInt64.max))")
        let environment = [canary.name: canary.value]

        contained = try bundles.attack(bundles.open, EscapeProbe.containedAttacks, arguments, environment: environment)
        let afterContained = listeners.drain()
        containedConnections = Connections(tcp: afterContained.tcp, abstractUnix: afterContained.abstractUnix)

        var killed: [String: ProbeOutput] = [:]
        for attack in EscapeProbe.seccompAttacks {
            killed[attack] = try bundles.attack(bundles.plain, [attack], arguments)
        }
        self.killed = killed
        withoutSeccomp = try bundles.attack(bundles.open, EscapeProbe.seccompAttacks.filter { $0 != "x32" }, arguments)
        x32WithoutSeccomp = try bundles.attack(bundles.open, ["x32"], arguments)

        let terminal = try PseudoTerminal()
        let all = ProcessInfo.processInfo.environment
        tiocsti = ProbeOutput(try terminal.run(bundles.open + "/run", ["run", "tiocsti"], environment: all))
        tiocstiLanded = terminal.pendingInput()

        // Controls: the same binary on the host, from a copy of the app with the same links.
        let control = directory + "/control"
        try FileTree.makeDirectories(control + "/state-dir")
        try copyExecutable(from: bundles.probe, to: control + "/probe")
        try writeFile(control + "/data.txt", "the probe's read-only data\n")
        try FileManager.default.createSymbolicLink(atPath: control + "/state-dir/escape-passwd", withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: control + "/state-dir/escape-up", withDestinationPath: "../../../")
        self.control = ProbeOutput(try run(control + "/probe", ["run", EscapeProbe.controlAttacks.joined(separator: ",")] + arguments,
                                           workingDirectory: control))
        let afterControl = listeners.drain()
        controlConnections = Connections(tcp: afterControl.tcp, abstractUnix: afterControl.abstractUnix)
        tiocstiControl = ProbeOutput(try terminal.run(control + "/probe", ["run", "tiocsti"], environment: all))
        tiocstiControlLanded = terminal.pendingInput()

        hostInitEnviron = try? readFile("/proc/1/environ")
        hostPasswd = try? readFile("/etc/passwd")
    }
}
