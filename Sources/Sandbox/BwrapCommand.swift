/// The bubblewrap command line for a ``SandboxSpec``: every namespace unshared, capabilities
/// dropped, the root and the app read-only, only the state paths writable.
///
/// The seccomp filter is passed on file descriptor 9 (``filterDescriptor``): a POSIX shell
/// (dash) only redirects single-digit descriptors.
public struct BwrapCommand: Sendable {
    public static let filterDescriptor = 9

    public let spec: SandboxSpec

    public init(_ spec: SandboxSpec) {
        self.spec = spec
    }

    /// The arguments before the hardening flags (which depend on the host's bwrap).
    public var isolation: [ShellWord] {
        var words: [ShellWord] = [
            .literal("--unshare-all"),
        ]
        if spec.network == .host { words.append(.literal("--share-net")) }
        words += [
            .literal("--die-with-parent"), .literal("--new-session"), .literal("--cap-drop"), .literal("ALL"),
            .literal("--hostname"), .literal(spec.name), .literal("--clearenv"),
        ]
        for (key, value) in spec.effectiveEnvironment.sorted(by: { $0.key < $1.key }) {
            words += [.literal("--setenv"), .literal(key), .literal(value)]
        }
        return words
    }

    /// Flags only newer bwrap versions have (0.8.0): no user namespaces inside the sandbox.
    public static let userNamespaceHardening: [ShellWord] = [.literal("--unshare-user"), .literal("--disable-userns")]

    /// Mounts: the root, then what goes on top of it, in an order where every mount point
    /// already exists (the Builder creates them in `rootfs/` and `app/`).
    public var mounts: [ShellWord] {
        var words: [ShellWord] = [.literal("--ro-bind"), .bundlePath("rootfs"), .literal("/")]
        if spec.proc { words += [.literal("--proc"), .literal("/proc")] }
        words += [.literal("--dev"), .literal("/dev"), .literal("--tmpfs"), .literal("/tmp")]
        if spec.resolvConf { words += [.literal("--ro-bind-try"), .literal("/etc/resolv.conf"), .literal("/etc/resolv.conf")] }
        words += [.literal("--ro-bind"), .bundlePath("app"), .literal(spec.mountPoint)]
        for path in spec.statePaths {
            words += [.literal("--bind"), .bundlePath("state/" + path), .literal(spec.mountPoint + "/" + path)]
        }
        words += [.literal("--chdir"), .literal(spec.mountPoint)]
        return words
    }

    /// `--seccomp 9`: the filter on ``filterDescriptor``.
    public static let seccompOption: [ShellWord] = [.literal("--seccomp"), .literal(String(filterDescriptor))]

    /// ``seccompOption`` when a filter is loaded.
    public var seccomp: [ShellWord] {
        if case .filter = spec.seccomp { return Self.seccompOption }
        return []
    }

    /// The program and its fixed arguments (the user's follow).
    public var program: [ShellWord] {
        [.literal("--"), .literal(spec.programPath)] + spec.arguments.map { .literal($0) }
    }

    /// The whole command for barracks to run itself, for a bundle at `bundleDirectory`.
    public func arguments(bundleDirectory: String, hardening: Bool, extra: [String] = []) -> [String] {
        let words = isolation + (hardening ? Self.userNamespaceHardening : []) + mounts + seccomp + program
        return words.map { $0.resolved(bundleDirectory: bundleDirectory) } + extra
    }
}
