/// The native syscalls bubblewrap itself makes after it has installed the filter, for the
/// launch flags in use. bwrap loads the filter with `prctl` just before `execvp`, and its
/// PID-1 reaper loads it too; without these the sandbox dies (exit 159) before or after the
/// program runs. Measured with bwrap 0.8.0 (research §4.3):
///
/// | flags | needs |
/// | --- | --- |
/// | any | `execve` (the `execvp` of the program) |
/// | `--unshare-pid`/`--unshare-all` without `--as-pid-1` | + `wait4`, `write`, `exit_group` (the reaper) |
/// | `--json-status-fd` | + `write` (the child signals that setup finished) |
public struct BwrapNativeNeeds: Equatable, Sendable {
    /// The arch bwrap runs as: the host's native arch.
    public let arch: SeccompArch
    /// The syscall names, sorted.
    public let syscalls: [String]

    /// What bwrap needs with `flags`, on `arch` (the host's native arch unless told).
    public init(_ flags: BwrapLaunchFlags, arch: SeccompArch = .native) {
        var names: Set<String> = ["execve"]
        if flags.contains(.unsharePID) && !flags.contains(.asPID1) {
            names.formUnion(["wait4", "write", "exit_group"])
        }
        if flags.contains(.jsonStatusFD) { names.insert("write") }
        self.arch = arch
        syscalls = names.sorted()
    }

    /// The needs as an addition to a policy when it is compiled.
    public var addition: PolicyAddition {
        PolicyAddition(arch: arch.name, syscalls: syscalls, origin: .bwrap)
    }
}
