/// Syscalls added to the i386 (`x86`) side of every learned policy when it is compiled,
/// because a learning run can miss them although the program can make them any time:
///
/// - `rt_sigreturn`, `sigreturn`: returning from a signal handler (a run without signals
///   never shows them; the first SIGHUP would then kill the server).
/// - `exit`, `exit_group`, `restart_syscall`: ending a thread or the process, and the
///   kernel's restart of an interrupted sleep.
/// - `clock_gettime`, `clock_gettime64`, `gettimeofday`, `time`: normally answered by the
///   vDSO without entering the kernel, so learning does not see them; on hosts whose clock
///   source has no vDSO support (some VMs) they become real syscalls (seccomp(2) "Caveats").
///
/// `barracks policy show` marks these entries; they are not written into `policy.json`.
public enum SafetyMargin {
    /// The arch the margin applies to.
    public static let arch = "x86"

    /// The margin's syscall names, sorted.
    public static let syscalls = [
        "clock_gettime", "clock_gettime64", "exit", "exit_group", "gettimeofday", "restart_syscall",
        "rt_sigreturn", "sigreturn", "time",
    ]
}
