#if canImport(Glibc)
import Glibc
#endif

/// A learning run that could not be carried out.
public enum LearningError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The command's executable was not found on `PATH`.
    case notFound(executable: String, searchPath: String)
    /// The command could not be started: fork, PTRACE_SEIZE, or a step before its exec failed.
    case cannotStart(command: String, step: String, errno: Int32)
    /// The kernel cannot report seccomp stops (`PTRACE_GET_SYSCALL_INFO`, Linux 5.3).
    case unsupportedKernel(reason: String)

    public var description: String {
        switch self {
        case .notFound(let executable, let searchPath):
            return "cannot learn: \(executable) not found on PATH (\(searchPath))"
        case .cannotStart(let command, let step, let code):
            var text = "cannot learn: \(step) failed for \(command): \(String(cString: strerror(code)))"
            if step == "PTRACE_SEIZE" && (code == EPERM || code == EACCES) {
                text += " (ptrace is restricted here: check kernel.yama.ptrace_scope, or a seccomp/LSM policy "
                    + "around barracks; barracks learn --from-log imports kernel records instead)"
            }
            return text
        case .unsupportedKernel(let reason):
            return "cannot learn: \(reason) (Linux 5.3 or later is needed; barracks learn --from-log imports "
                + "kernel records instead)"
        }
    }
}
