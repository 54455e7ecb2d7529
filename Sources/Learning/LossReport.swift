/// The seccomp-relevant audit records a log proves were lost, with the evidence. Every figure
/// is a lower bound: a kernel log can also lose records without trace (a dropped
/// `audit_lost` message is itself rate-limited).
///
/// Evidence, and why it proves loss:
/// - `kauditd_printk_skb: N callbacks suppressed`: without auditd, every audit record goes
///   to printk through `printk_ratelimit()` (10 per 5 s); N calls were dropped. The kernel
///   prints this only at the first printk_ratelimit call after the interval ends, i.e. with the
///   next audit record: a log read right after the burst does not show it yet.
/// - serial gaps: the kernel numbers every audit event (of any type, any process) from one
///   counter, and without auditd prints every one of them (dropping only to the rate limit).
///   A number between two numbered records that no line of the log carries was therefore
///   given to a record that never reached the log. barracks only counts gaps that fall inside
///   the span of one process's seccomp records (that process was being logged meanwhile), per
///   boot (a serial falling back by over 1000 starts a new one). The proof assumes the whole
///   audit stream: a log filtered to seccomp lines (`grep type=1326`, `ausearch -m SECCOMP`),
///   or spanning a time auditd ran (its records went to audit.log), shows gaps that are not loss.
/// - `audit_lost=N`: the kernel's count of records it dropped (backlog or rate limit), since
///   boot; the first and last of these messages bound the loss between them.
/// - `backlog limit exceeded` / `rate limit exceeded`: one dropped record each.
///
/// The figures describe the same losses seen from different sides, so the proven loss is the
/// largest of them, not their sum; records journald's audit copy holds but the kernel copy
/// lacks are subtracted (they were lost from one copy only).
public struct LossReport: Equatable, Sendable {
    /// Numbers missing between records of one process.
    public struct SerialGap: Equatable, Sendable, CustomStringConvertible {
        /// The numbered records around the gap.
        public var after: UInt64
        public var before: UInt64
        /// A process whose seccomp records span the gap (host pid), and its `comm`.
        public var processID: Int32?
        public var command: String?

        /// A gap between serials `after` and `before`.
        public init(after: UInt64, before: UInt64, processID: Int32? = nil, command: String? = nil) {
            self.after = after
            self.before = before
            self.processID = processID
            self.command = command
        }

        /// How many numbers are missing.
        public var missing: UInt64 { before > after ? before - after - 1 : 0 }

        public var description: String {
            let range = missing == 1 ? "serial \(after + 1)" : "serials \(after + 1)…\(before - 1)"
            let owner = processID.map { " while pid \($0)" + (command.map { " (\($0))" } ?? "") + " was logged" } ?? ""
            return "\(range) missing\(owner)"
        }
    }

    /// Sum of N over `… callbacks suppressed` messages of audit's printk path.
    public var suppressedCallbacks: UInt64 = 0
    /// Proven serial gaps.
    public var serialGaps: [SerialGap] = []
    /// The kernel's `audit_lost=` messages: the first and last values, and how many there were.
    public struct LostCounter: Equatable, Sendable {
        public var first: UInt64
        public var last: UInt64
        public var messages: Int

        /// Values `first`…`last` over `messages` messages.
        public init(first: UInt64, last: UInt64, messages: Int) {
            self.first = first
            self.last = last
            self.messages = messages
        }
    }

    /// The `audit_lost=` messages, if any.
    public var lostCounter: LostCounter?
    /// `backlog limit exceeded` / `rate limit exceeded` messages.
    public var lossMessages: Int = 0
    /// Records only journald's copy holds (lost from the kernel log, not from the journal).
    public var recoveredFromJournal: UInt64 = 0

    /// Sum of ``SerialGap/missing``.
    public var missingSerials: UInt64 { serialGaps.reduce(0) { $0 &+ $1.missing } }

    /// Records proven lost: the largest figure of evidence, less what journald recovered.
    public var provenLost: UInt64 {
        let counter = lostCounter.map { $0.last >= $0.first ? $0.last - $0.first + 1 : 1 } ?? 0
        let largest = max(missingSerials, suppressedCallbacks, counter, UInt64(lossMessages))
        return largest > recoveredFromJournal ? largest - recoveredFromJournal : 0
    }

    /// What was lost, the evidence, and how to learn without loss.
    public var summary: String {
        guard provenLost > 0 else {
            return "no loss proven: no suppressed or lost audit records and no gap in serial numbers. The kernel "
                + "reports suppressed records only with its next audit message after the 5 s interval, so a log read "
                + "right after the run can hide a loss; barracks learn traces every syscall instead"
        }
        var evidence: [String] = []
        if suppressedCallbacks > 0 { evidence.append("\(suppressedCallbacks) callbacks suppressed by the printk rate limit") }
        if !serialGaps.isEmpty {
            let shown = serialGaps.prefix(3).map(\.description).joined(separator: "; ")
            evidence.append("\(missingSerials) audit serial numbers missing (\(shown)\(serialGaps.count > 3 ? "; …" : ""))")
        }
        if let counter = lostCounter { evidence.append("the kernel's audit_lost counter went \(counter.first) → \(counter.last)") }
        if lossMessages > 0 { evidence.append("\(lossMessages) backlog/rate limit messages") }
        var text = "at least \(provenLost) audit record(s) were lost: " + evidence.joined(separator: ", ")
        if recoveredFromJournal > 0 { text += " (less \(recoveredFromJournal) only journald's audit copy kept)" }
        return text + ". Any of them may be a syscall of the program, so this list can be incomplete.\n"
            + "Learn without loss with `barracks learn BUNDLE`: a ptrace supervisor stops the program at every "
            + "syscall its policy lacks, so nothing can be dropped. To make the kernel log lossless instead, "
            + "run the workload with `sysctl kernel.printk_ratelimit=0` (no auditd), or with auditd and a large "
            + "backlog (`auditctl -b 8192`), importing /var/log/audit/audit.log."
    }
}
