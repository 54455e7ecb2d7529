import Foundation
import POSIX
import Testing

/// What a test needs from the host that only the real kernel and tools can give.
///
/// A test that needs one calls ``require(_:)``: when the host has it, the test goes on; when
/// it does not, the test is skipped with the reason, or, when `BARRACKS_REQUIRE_SANDBOX=1`
/// (CI sets it), fails, so CI never silently skips what it can run.
public enum HostRequirement: String, Sendable {
    case bwrap
    case gcc32
    case userNamespaces
    case seccomp
    case ptrace
    case strace
    /// Seccomp LOG records reach the kernel log and this process can read it and mark it:
    /// `dmesg` works (root, or CAP_SYSLOG under kernel.dmesg_restrict=1), /dev/kmsg takes a
    /// marker line, and no auditd takes the records away to audit.log.
    case kernelLog

    public static var strict: Bool { ProcessInfo.processInfo.environment["BARRACKS_REQUIRE_SANDBOX"] == "1" }

    /// Why the host lacks this, or `nil` when it has it.
    public var missingReason: String? {
        switch self {
        case .bwrap:
            return which("bwrap") == nil ? "bwrap is not on PATH (scripts/install-deps installs bubblewrap)" : nil
        case .gcc32:
            guard which("gcc") != nil else { return "gcc is not on PATH" }
            return FileManager.default.fileExists(atPath: "/usr/lib/gcc/x86_64-linux-gnu/12/32/crtbegin.o")
                || FileManager.default.fileExists(atPath: "/usr/lib32/crt1.o")
                ? nil : "gcc cannot build 32-bit programs (scripts/install-deps installs gcc-multilib)"
        case .userNamespaces:
            guard let result = try? run("/bin/sh", ["-c", "unshare --user --map-root-user true"]) else { return "unshare failed to start" }
            return result.status.succeeded ? nil : "user namespaces are not available: \(result.errorOutput)"
        case .seccomp:
            let avail = (try? String(contentsOfFile: "/proc/sys/kernel/seccomp/actions_avail", encoding: .utf8)) ?? ""
            return avail.contains("kill_process") ? nil : "the kernel has no seccomp filter support"
        case .ptrace:
            let scope = (try? String(contentsOfFile: "/proc/sys/kernel/yama/ptrace_scope", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "0"
            return scope == "3" ? "ptrace is disabled (kernel.yama.ptrace_scope=3)" : nil
        case .strace:
            return which("strace") == nil ? "strace is not on PATH" : nil
        case .kernelLog:
            guard let result = try? run("dmesg", ["--notime"]), result.status.succeeded else {
                return "the kernel log cannot be read (dmesg needs root or CAP_SYSLOG when kernel.dmesg_restrict=1)"
            }
            guard access("/dev/kmsg", W_OK) == 0 else { return "/dev/kmsg is not writable (the test marks the log; root only)" }
            let logged = (try? String(contentsOfFile: "/proc/sys/kernel/seccomp/actions_logged", encoding: .utf8)) ?? ""
            guard logged.split(separator: " ").contains(where: { $0.trimmingCharacters(in: .whitespacesAndNewlines) == "log" }) else {
                return "seccomp LOG actions are not logged (kernel.seccomp.actions_logged lacks log)"
            }
            let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            for pid in processes where pid.allSatisfy(\.isNumber) {
                if (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.hasPrefix("auditd\n") == true {
                    return "auditd is running: seccomp records go to its audit.log, not to the kernel log"
                }
            }
            return nil
        }
    }

    /// Skips (or, under `BARRACKS_REQUIRE_SANDBOX=1`, fails) the running test when the host
    /// lacks any of `requirements`.
    public static func require(_ requirements: HostRequirement..., sourceLocation: SourceLocation = #_sourceLocation) throws {
        for requirement in requirements {
            guard let reason = requirement.missingReason else { continue }
            try unavailable(reason, sourceLocation: sourceLocation)
        }
    }

    /// Skips (or, under `BARRACKS_REQUIRE_SANDBOX=1`, fails) the running test because the host
    /// cannot give it something only found out by trying (mounting a tmpfs, say): `reason` says what.
    public static func unavailable(_ reason: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if strict {
            Issue.record("BARRACKS_REQUIRE_SANDBOX=1 but \(reason)", sourceLocation: sourceLocation)
            throw HostRequirementMissing(reason: reason)
        }
        try Test.cancel("skipped: \(reason)", sourceLocation: sourceLocation)
    }
}

struct HostRequirementMissing: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}

/// The full path of `name` on `PATH`, or `nil`.
public func which(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = "\(directory)/\(name)"
        if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
}
