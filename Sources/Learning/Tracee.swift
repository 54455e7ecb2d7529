/// What the learner knows about one traced thread.
struct Tracee {
    /// Whether its seccomp stops are the program's (``RecordingScope/afterFilteredExec``):
    /// set at an exec under a filter, inherited by the processes and threads it starts.
    var recording: Bool
}
