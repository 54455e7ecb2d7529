/// What an imported log gave: the learned calls, how the records were counted, and the loss
/// the log proves.
public struct AuditLogImport: Sendable {
    /// A line that looked like an audit record but could not be read (skipped).
    public struct MalformedLine: Equatable, Sendable {
        /// 1-based.
        public var line: Int
        public var reason: String
    }

    /// The seccomp records of the filtered processes, named (merge ``LearnedCalls/policy(defaultAction:conditions:)``).
    public var calls: LearnedCalls
    /// Seccomp records counted (after removing duplicates).
    public var records: UInt64
    /// Seccomp records of processes the filter left out.
    public var otherProcesses: Int
    /// Records seen twice: journald's copy beside the kernel's, or the same serial twice.
    public var duplicates: UInt64
    /// How many malformed lines were skipped, and the first few.
    public var malformedCount: Int
    public var malformedLines: [MalformedLine]
    /// Multiplexers seen without their sub-call (`socketcall`, `ipc` on x86): a log carries no
    /// arguments, so allowing them allows every socket (or SysV IPC) operation.
    public var multiplexed: [LearnedSyscall]
    /// What the log proves was lost.
    public var loss: LossReport

    /// How many malformed lines are kept as examples.
    public static let malformedExamples = 10
}
