import CSeccomp

/// What the filter does with a syscall the policy does not allow.
public enum DefaultAction: Equatable, Sendable, CustomStringConvertible {
    /// Kill the whole process with SIGSYS (the default: a server half-killed is worse).
    case killProcess
    /// Fail the syscall with this errno (1…4095), e.g. `ENOSYS` for a "soft" filter.
    case errno(Int32)
    /// Allow the syscall but have the kernel log it (complain mode; never for shipping).
    case log

    /// The policy-file spelling: `kill_process`, `errno`, `log`.
    public var name: String {
        switch self {
        case .killProcess: return "kill_process"
        case .errno: return "errno"
        case .log: return "log"
        }
    }

    /// The action the kernel takes, as the evaluator reports it.
    public var seccompAction: SeccompAction {
        switch self {
        case .killProcess: return .killProcess
        case .errno(let code): return .errno(UInt16(clamping: code))
        case .log: return .log
        }
    }

    /// The value passed to `seccomp_init`.
    var libseccompValue: UInt32 {
        switch self {
        case .killProcess: return SCMP_ACT_KILL_PROCESS
        case .errno(let code): return barracks_scmp_act_errno(UInt16(clamping: code))
        case .log: return SCMP_ACT_LOG
        }
    }

    /// `kill_process`, `errno EPERM (1)`, `log`.
    public var description: String {
        guard case .errno(let code) = self else { return name }
        return ErrnoName.name(of: code).map { "errno \($0) (\(code))" } ?? "errno \(code)"
    }
}
