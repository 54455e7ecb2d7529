/// The bubblewrap options that decide which native syscalls bwrap itself makes after it
/// has installed the filter (see ``BwrapNativeNeeds``).
public struct BwrapLaunchFlags: OptionSet, Hashable, Sendable {
    /// The option bits.
    public let rawValue: Int
    /// Flags from their bits.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// `--unshare-pid` (also implied by `--unshare-all`): bwrap forks a PID-1 reaper that
    /// runs under the filter.
    public static let unsharePID = BwrapLaunchFlags(rawValue: 1 << 0)
    /// `--as-pid-1`: no reaper; the program itself is PID 1.
    public static let asPID1 = BwrapLaunchFlags(rawValue: 1 << 1)
    /// `--json-status-fd FD`: the child writes to a pipe after installing the filter.
    public static let jsonStatusFD = BwrapLaunchFlags(rawValue: 1 << 2)

    /// The flags among a bwrap command line (`bwrap` itself not included). Stops at the
    /// first word that is not an option (the program) or at `--`; option values are skipped
    /// so a path that happens to read `--as-pid-1` is not taken for the flag.
    public init(bwrapArguments arguments: [String]) {
        var flags: BwrapLaunchFlags = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--"), argument != "--" else { break }
            switch argument {
            case "--unshare-pid", "--unshare-all": flags.insert(.unsharePID)
            case "--as-pid-1": flags.insert(.asPID1)
            case "--json-status-fd": flags.insert(.jsonStatusFD)
            default: break
            }
            index += 1 + (Self.valueCounts[argument] ?? 0)
        }
        self = flags
    }

    /// How many values each bwrap 0.8 option takes (options not listed take none).
    private static let valueCounts: [String: Int] = [
        "--args": 1, "--userns": 1, "--userns2": 1, "--pidns": 1, "--uid": 1, "--gid": 1, "--hostname": 1,
        "--chdir": 1, "--setenv": 2, "--unsetenv": 1, "--lock-file": 1, "--sync-fd": 1, "--remount-ro": 1,
        "--bind": 2, "--bind-try": 2, "--dev-bind": 2, "--dev-bind-try": 2, "--ro-bind": 2, "--ro-bind-try": 2,
        "--bind-fd": 2, "--ro-bind-fd": 2, "--exec-label": 1, "--file-label": 1, "--proc": 1, "--dev": 1,
        "--tmpfs": 1, "--mqueue": 1, "--dir": 1, "--file": 2, "--bind-data": 2, "--ro-bind-data": 2,
        "--symlink": 2, "--seccomp": 1, "--add-seccomp-fd": 1, "--block-fd": 1, "--userns-block-fd": 1,
        "--info-fd": 1, "--json-status-fd": 1, "--cap-add": 1, "--cap-drop": 1, "--perms": 1, "--size": 1,
        "--chmod": 2, "--argv0": 1,
    ]
}
