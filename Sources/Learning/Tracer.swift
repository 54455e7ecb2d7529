#if canImport(Glibc)
import Glibc
#endif
import CSystem
import Foundation
import POSIX

/// The ptrace supervisor's loop, on the one thread that seized the command (ptrace requests
/// must come from the tracer thread, and `__WNOTHREAD` keeps the wait to its own children).
///
/// At every stop: a seccomp stop is recorded (`PTRACE_GET_SYSCALL_INFO`) and continued, so
/// the syscall runs; fork, vfork and clone events announce a new tracee (already attached by
/// the kernel), which is held until its parent's event says whose it is; exec events start
/// recording (``RecordingScope/afterFilteredExec``); group-stops are left stopped with
/// `PTRACE_LISTEN` (SIGCONT still wakes them); any other signal is delivered as it came.
final class Tracer {
    private let options: LearningOptions
    private let root: pid_t
    private var tracees: [pid_t: Tracee] = [:]
    /// New tracees whose parent's event arrived first: their recording flag.
    private var announced: [pid_t: Bool] = [:]
    /// New tracees that stopped before their parent's event: held stopped until it arrives.
    private var held: Set<pid_t> = []
    private var namer = SyscallNamer()
    private(set) var calls = LearnedCalls()
    private(set) var ignored = LearnedCalls()
    private(set) var seccompStops = 0
    private(set) var foreignStops = 0
    private(set) var rootStatus: ExitStatus?
    private(set) var rootExeced = false
    /// Set when the kernel could not describe a seccomp stop (no PTRACE_GET_SYSCALL_INFO before 5.3).
    private(set) var syscallInfoError: Int32?

    private static let stopSignals: Set<Int32> = [SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU]

    init(root: pid_t, options: LearningOptions) {
        self.root = root
        self.options = options
        tracees[root] = Tracee(recording: false)
    }

    /// Runs until every tracee is gone. `commandStarted` is called at the root's first exec (the
    /// command runs); when the root exits, `rootExited` is called and every remaining tracee
    /// is killed (a run ends with its command).
    func run(commandStarted: () -> Void, rootExited: () -> Void) throws {
        var draining = false
        while true {
            var status: Int32 = 0
            let pid = barracks_wait_own_tracees(&status)
            if pid < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == ECHILD { return }
                throw SystemError(call: "waitpid", subject: "the traced processes", errno: code)
            }
            let execedBefore = rootExeced
            handle(pid, status)
            if rootExeced && !execedBefore { commandStarted() }
            if rootStatus != nil && !draining {
                draining = true
                rootExited()
                for pid in Array(tracees.keys) + Array(held) + Array(announced.keys) { kill(pid, SIGKILL) }
            }
        }
    }

    private func handle(_ pid: pid_t, _ status: Int32) {
        if barracks_wifexited(status) != 0 || barracks_wifsignaled(status) != 0 {
            tracees[pid] = nil
            held.remove(pid)
            announced[pid] = nil
            if pid == root { rootStatus = ExitStatus(waitStatus: status) }
            return
        }
        guard barracks_wifstopped(status) != 0 else { return }
        let signal = barracks_wstopsig(status)
        let event = barracks_ptrace_event(status)
        if tracees[pid] == nil {
            if let recording = announced.removeValue(forKey: pid) {
                tracees[pid] = Tracee(recording: recording)
            } else if event == Int32(BARRACKS_PTRACE_EVENT_STOP) {
                held.insert(pid)  // its parent's fork/clone event comes next
                return
            } else {
                tracees[pid] = Tracee(recording: false)
            }
        }
        switch event {
        case Int32(BARRACKS_PTRACE_EVENT_SECCOMP):
            seccompStop(pid)
            resume(pid)
        case Int32(BARRACKS_PTRACE_EVENT_FORK), Int32(BARRACKS_PTRACE_EVENT_VFORK), Int32(BARRACKS_PTRACE_EVENT_CLONE):
            var child: UInt = 0
            if barracks_ptrace_event_message(pid, &child) == 0 {
                adopt(pid_t(truncatingIfNeeded: child), recording: tracees[pid]?.recording ?? false)
            }
            resume(pid)
        case Int32(BARRACKS_PTRACE_EVENT_EXEC):
            exec(pid)
            resume(pid)
        case Int32(BARRACKS_PTRACE_EVENT_STOP):
            if Self.stopSignals.contains(signal) {
                _ = barracks_ptrace_listen(pid)  // group-stop: stay stopped until SIGCONT
            } else {
                resume(pid)
            }
        case 0:
            resume(pid, signal: signal)  // signal-delivery-stop: deliver the signal
        default:
            resume(pid)
        }
    }

    private func adopt(_ child: pid_t, recording: Bool) {
        if held.remove(child) != nil {
            tracees[child] = Tracee(recording: recording)
            resume(child)
        } else if tracees[child] == nil {
            announced[child] = recording
        }
    }

    private func exec(_ pid: pid_t) {
        var former: UInt = 0
        if barracks_ptrace_event_message(pid, &former) == 0 {
            let formerID = pid_t(truncatingIfNeeded: former)
            // A non-leader thread exec'd: it now carries the leader's id.
            if formerID != pid, let state = tracees.removeValue(forKey: formerID) { tracees[pid] = state }
        }
        if pid == root { rootExeced = true }
        if options.scope == .afterFilteredExec, tracees[pid]?.recording == false, Self.isUnderSeccompFilter(pid) {
            tracees[pid]?.recording = true
        }
    }

    private func seccompStop(_ pid: pid_t) {
        var info = barracks_syscall_info()
        guard barracks_get_syscall_info(pid, &info) > 0 else {
            if errno == EIO || errno == EINVAL { syscallInfoError = errno }  // ESRCH: killed meanwhile
            return
        }
        guard info.op == 3 else { return }
        seccompStops += 1
        guard info.ret_data & 0xffff == UInt32(options.tag) else {
            foreignStops += 1
            return
        }
        let arguments = [info.args.0, info.args.1, info.args.2, info.args.3, info.args.4, info.args.5]
        let inScope: Bool
        switch options.scope {
        case .arch(let arch): inScope = info.arch == arch.token
        case .afterFilteredExec: inScope = tracees[pid]?.recording ?? false
        }
        let now = Date()
        if let naming = namer.name(token: info.arch, number: info.nr, arguments: arguments) {
            if inScope {
                calls.record(naming.syscall, at: now, value: naming.value)
            } else {
                ignored.record(naming.syscall, at: now, value: naming.value)
            }
        } else {
            let unnamed = UnnamedSyscall(archToken: info.arch, number: info.nr)
            if inScope { calls.recordUnnamed(unnamed) } else { ignored.recordUnnamed(unnamed) }
        }
    }

    private func resume(_ pid: pid_t, signal: Int32 = 0) {
        _ = barracks_ptrace_continue(pid, signal)  // ESRCH: it was killed meanwhile
    }

    /// Whether `pid` runs under a seccomp filter (`Seccomp: 2` in /proc/PID/status).
    static func isUnderSeccompFilter(_ pid: pid_t) -> Bool {
        guard let descriptor = try? FileDescriptor.open("/proc/\(pid)/status", O_RDONLY) else { return false }
        defer { try? descriptor.close() }
        guard let bytes = try? descriptor.readAll() else { return false }
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix("Seccomp:") {
            return line.dropFirst("Seccomp:".count).trimmingCharacters(in: .whitespaces) == "2"
        }
        return false
    }
}
