import POSIX

/// What a learning run saw and how it ended.
public struct LearningResult: Sendable {
    /// Why the command was asked to stop.
    public enum StopReason: String, Sendable {
        /// ``LearningOptions/duration`` ran out.
        case duration
        /// The exercise finished (or failed).
        case exerciseFinished = "exercise finished"
        /// ``LearningSession/stop()`` was called.
        case requested
    }

    /// The program's syscalls (the stops inside ``LearningOptions/scope``): merge
    /// ``LearnedCalls/policy(defaultAction:conditions:)`` into the bundle's policy.
    public var calls: LearnedCalls
    /// Stops outside the scope: bwrap's own native calls after it loaded the filter (before the
    /// program's exec, or in its PID-1 reaper) that the learning filter did not allow. Not the
    /// program's; but with a learning filter that includes ``Seccomp/BwrapNativeNeeds``, a
    /// name here is one the bundle's real filter would kill bwrap for: report it.
    public var ignored: LearnedCalls
    /// How the command (the root process) ended.
    public var exitStatus: ExitStatus
    /// Why it was asked to stop; `nil` when it ended on its own.
    public var stopReason: StopReason?
    /// Whether it had to be killed (SIGKILL after the grace period).
    public var killed: Bool
    /// Seccomp stops handled (each is one syscall the filter did not allow yet).
    public var seccompStops: Int
    /// Stops from a TRACE filter that was not the learning filter (another tag): let through, not recorded.
    public var foreignStops: Int
    /// What the exercise threw, if it failed.
    public var exerciseFailure: String?
}
