#if canImport(Glibc)
import Glibc
#endif

/// A filter that could not be compiled or does not do what its policy says.
public enum SeccompError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A libseccomp call failed: the call, what it was doing, and its return value (-errno).
    case libseccomp(call: String, subject: String, code: Int32)
    /// `seccomp_init` refused the default action: the running kernel lacks it.
    case defaultActionUnsupported(DefaultAction)
    /// The policy has no arches: there would be nothing to allow anywhere.
    case nothingToCompile(file: String?)
    /// The evaluator found the compiled filter disagreeing with the policy.
    case filterDisagreesWithPolicy(file: String?, mismatches: [FilterMismatch])
    /// `seccomp_init` refused the TRACE default action of a learning filter.
    case learningUnsupported
    /// A filter that can return TRACE was about to be written as a bundle's filter.
    case traceFilterNotWritable(directory: String)

    public var description: String {
        switch self {
        case .libseccomp(let call, let subject, let code):
            return "\(call) (\(subject)) failed: \(code) (\(Self.reason(-code)))"
        case .defaultActionUnsupported(let action):
            return "seccomp_init refused the default action \(action): the running kernel does not support it "
                + "(see /proc/sys/kernel/seccomp/actions_avail)"
        case .nothingToCompile(let file):
            return (file.map { "\($0): " } ?? "") + "nothing to compile: the policy has no arches"
        case .filterDisagreesWithPolicy(let file, let mismatches):
            let shown = mismatches.prefix(10).map { "  \($0)" }.joined(separator: "\n")
            let more = mismatches.count > 10 ? "\n  … and \(mismatches.count - 10) more" : ""
            return (file.map { "\($0): " } ?? "") + "the compiled filter disagrees with the policy in "
                + "\(mismatches.count) case(s); nothing was written:\n" + shown + more
        case .learningUnsupported:
            return "seccomp_init refused the learning filter's default action TRACE: the running kernel does not "
                + "support it (see /proc/sys/kernel/seccomp/actions_avail); learn with --from-log instead"
        case .traceFilterNotWritable(let directory):
            return "refusing to write a filter that can return TRACE into \(directory): without the learner "
                + "attached every syscall it traces fails with ENOSYS (this is a bug in barracks)"
        }
    }

    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
