import CSystem

/// How a child process ended.
public enum ExitStatus: Equatable, Sendable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    /// Decodes a `waitpid` status word.
    public init(waitStatus status: Int32) {
        if barracks_wifsignaled(status) != 0 {
            self = .signalled(barracks_wtermsig(status))
        } else {
            self = .exited(barracks_wexitstatus(status))
        }
    }

    /// The status a shell reports: the exit code, or 128 + the signal number.
    public var shellCode: Int32 {
        switch self {
        case .exited(let code): return code
        case .signalled(let signal): return 128 + signal
        }
    }

    public var succeeded: Bool { self == .exited(0) }

    public var description: String {
        switch self {
        case .exited(let code): return "exit status \(code)"
        case .signalled(let signal): return "killed by signal \(signal)"
        }
    }
}
