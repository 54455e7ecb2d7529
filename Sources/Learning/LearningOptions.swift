import Seccomp

/// Which seccomp stops count as the program's. Stops outside the scope are still let through,
/// and reported apart (``LearningResult/ignored``).
public enum RecordingScope: Sendable, Equatable {
    /// A process counts from the moment it execs while under a seccomp filter (bwrap loads the
    /// filter just before it execs the program), and so do the processes and threads it
    /// starts; bwrap's own calls before that exec, and its PID-1 reaper (which loads the filter
    /// but never execs), do not. Works for programs of any arch, 64-bit ones included.
    case afterFilteredExec
    /// Every stop whose arch is this one: enough for a 32-bit program under a 64-bit bwrap,
    /// which never makes a 32-bit call itself; misses 64-bit helpers the program runs.
    case arch(SeccompArch)
}

/// How a learning run is carried out.
public struct LearningOptions: Sendable {
    /// Which stops are the program's.
    public var scope: RecordingScope
    /// Seconds after which the run is stopped (SIGTERM to the command, see
    /// ``LearningSession/stop()``); `nil`: until the command exits or the exercise is done.
    public var duration: Double?
    /// Seconds between the SIGTERM and the SIGKILL when the command does not exit.
    public var gracePeriod: Double
    /// The `ret_data` of the learning filter's TRACE action (``LearningFilter/tag``); stops
    /// with another value come from a filter the program loaded itself and are not recorded.
    public var tag: UInt16

    /// Options; by default the exec-based scope, no time limit, 5 s of grace.
    public init(scope: RecordingScope = .afterFilteredExec, duration: Double? = nil, gracePeriod: Double = 5,
                tag: UInt16 = LearningFilter.defaultTag) {
        self.scope = scope
        self.duration = duration
        self.gracePeriod = gracePeriod
        self.tag = tag
    }
}
