#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Seccomp
import Testing
import TestSupport

/// Escape probes (issue 7): a 32-bit glibc program, run as the entry of a bundle that
/// `barracks build` made, tries to get out, and each attempt must be blocked by the barrier
/// meant for it. The attacks that namespaces, binds and capabilities must stop run under a
/// policy that allows every syscall they make, so seccomp is not what stops them; the
/// attacks only seccomp stops run under the probe's own learned policy and must be killed.
/// The harmless attacks also run on the host without a sandbox, to show they are real.
/// See ``EscapeProbeFindings`` for the runs and ``EscapeProbe/verdict(in:)`` for the rules.
@Suite struct EscapeProbeTests {
    static func findings() throws -> EscapeProbeFindings {
        try HostRequirement.require(.bwrap, .userNamespaces, .ptrace, .seccomp, .gcc32)
        return try EscapeProbeFindings.shared.get()
    }

    /// Linux 6.2+ can refuse TIOCSTI to everyone without CAP_SYS_ADMIN (`dev.tty.legacy_tiocsti=0`).
    static var tiocstiDisabled: Bool {
        (try? String(contentsOfFile: "/proc/sys/dev/tty/legacy_tiocsti", encoding: .utf8))?.hasPrefix("0") == true
    }

    @Test(arguments: EscapeProbe.allCases)
    func attackIsBlockedByItsBarrier(_ probe: EscapeProbe) throws {
        if probe == .tiocsti, Self.tiocstiDisabled {
            try Test.cancel("dev.tty.legacy_tiocsti=0: the kernel refuses TIOCSTI to everyone, --new-session cannot be shown")
        }
        let findings = try Self.findings()
        let verdict = probe.verdict(in: findings)
        #expect(verdict.blocked, "\(probe): NOT blocked: \(verdict.evidence)")
        #expect(verdict.barrier == probe.expectedBarrier,
                "\(probe): blocked by \(verdict.barrier?.rawValue ?? "nothing"), expected \(probe.expectedBarrier.rawValue): \(verdict.evidence)")
    }

    /// What makes the contained attacks' verdicts mean something: the open policy allows
    /// every syscall they make (the run was never killed), and the plain policy allows none
    /// of the seccomp attacks' calls.
    @Test func theOpenPolicyAllowsTheAttacksAndThePlainOneDoesNot() throws {
        let findings = try Self.findings()
        #expect(findings.contained.finished, "the contained run did not finish: \(findings.contained)")
        #expect(findings.contained.begun == EscapeProbe.containedAttacks)
        let open = findings.bundles.openPolicy.arches["x86"]?.syscalls.keys.map { $0 } ?? []
        for call in ["mount", "unshare", "ptrace", "capset", "prctl", "kill", "getdents64", "mkdir", "chmod", "unlink", "ioctl"] {
            #expect(open.contains(call), "the open policy lacks \(call)")
        }
        #expect(open.contains("socketcall") || open.contains("connect"), "the open policy allows no connect")
        let plain = Set(findings.bundles.plainPolicy.arches["x86"]?.syscalls.keys.map { $0 } ?? [])
        for call in ["keyctl", "bpf", "perf_event_open", "userfaultfd", "kexec_load", "ptrace", "chroot", "mount", "unshare"] {
            #expect(!plain.contains(call), "the plain policy allows \(call)")
        }
        #expect(findings.bundles.plainPolicy.arches["x86_64"] == nil, "the probe's own policy has x86_64 calls")
        #expect(findings.bundles.openPolicy.arches["x86_64"]?.syscalls["recvfrom"] != nil,
                "the far call's x86_64 recvfrom was not learned into the open policy")
    }

    /// The controls: the same probe binary on the host, outside any sandbox, gets what the
    /// sandboxed one does not.
    @Test func theHarmlessAttacksSucceedOutsideTheSandbox() throws {
        let findings = try Self.findings()
        let control = findings.control
        #expect(control.finished, "\(control)")
        if getuid() == 0 {
            #expect(control["read-shadow", "open"] == "read")
            #expect(control["proc1-environ", "environ"].flatMap(bytes(fromHex:)) == findings.hostInitEnviron.map { Array($0.prefix(2048)) })
        }
        #expect((control["list-processes", "pids"]?.split(separator: ",").count ?? 0) > 2)
        #expect(control["write-app", "create"] == "ok")
        #expect(control["state-symlink", "passwd"].flatMap(bytes(fromHex:)) == findings.hostPasswd.map { Array($0.prefix(2048)) })
        #expect(control["state-symlink", "up"] != control["state-symlink", "root"])
        #expect(control["loopback", "tcp"] == "ok" && control["loopback", "abstract-unix"] == "ok")
        #expect(findings.controlConnections == .init(tcp: 1, abstractUnix: 1))
        if !Self.tiocstiDisabled {
            #expect(findings.tiocstiControl["tiocsti", "inject"] == "ok", "\(findings.tiocstiControl)")
            #expect(findings.tiocstiControlLanded == Array("X".utf8))
        }
    }

    @Test func printsTheTable() throws {
        let findings = try Self.findings()
        let rows = EscapeProbe.allCases.map { probe in (probe, probe.verdict(in: findings)) }
        let width = rows.map { $0.0.rawValue.count }.max() ?? 0
        let plain = findings.bundles.plainPolicy.arches["x86"]?.syscalls.count ?? 0
        let open = findings.bundles.openPolicy.arches.values.map(\.syscalls.count).reduce(0, +)
        var table = ["escape probes (\(findings.bundles.directory)):",
                     "seccomp attacks: the probe's own learned policy (\(plain) x86 syscalls), one run each;",
                     "the others: that policy plus every syscall of every attack (\(open) syscalls), so seccomp stops none of them",
                     "PROBE".padding(toLength: width, withPad: " ", startingAt: 0) + "  BLOCKED  " + "BY".padding(toLength: 44, withPad: " ", startingAt: 0) + "EVIDENCE"]
        for (probe, verdict) in rows {
            table.append(probe.rawValue.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                         + (verdict.blocked ? "yes" : "NO ").padding(toLength: 7, withPad: " ", startingAt: 0) + "  "
                         + (verdict.barrier?.rawValue ?? "-").padding(toLength: 44, withPad: " ", startingAt: 0) + verdict.evidence)
        }
        print(table.joined(separator: "\n"))
        #expect(rows.allSatisfy { $0.1.blocked && $0.1.barrier == $0.0.expectedBarrier })
    }
}
