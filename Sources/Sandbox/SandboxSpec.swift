/// Everything the sandbox of a bundle must provide, in terms of the bundle's layout.
/// The Builder fills it from the manifest; ``BwrapCommand`` and ``LauncherScript`` render it.
public struct SandboxSpec: Hashable, Sendable {
    public enum Network: String, Hashable, Sendable, Codable {
        /// The host's network namespace (`--share-net`): the server can bind host ports.
        case host
        /// A private network namespace with only loopback.
        case none
    }

    /// The bundle's name (used as the sandbox's host name).
    public var name: String
    /// Where the app directory is mounted inside (`/soldat`).
    public var mountPoint: String
    /// The program to start, relative to the app directory (`soldatserver`).
    public var entry: String
    /// Arguments always passed before the user's.
    public var arguments: [String]
    /// Paths under the app that are writable and kept across rebuilds (`logs`, `banned.txt`).
    public var statePaths: [String]
    public var network: Network
    /// Bind the host's `/etc/resolv.conf` read-only.
    public var resolvConf: Bool
    /// Mount a fresh `/proc` (Free Pascal programs find themselves through `/proc/self/exe`).
    public var proc: Bool
    /// The environment inside (after `--clearenv`).
    public var environment: [String: String]
    /// Whether a seccomp filter is loaded.
    public var seccomp: SeccompMode

    public enum SeccompMode: Hashable, Sendable {
        /// Load `seccomp/filter.bpf`, whose SHA-256 must be this.
        case filter(sha256: String)
        /// The policy was never learned: the launcher refuses to start and says how to learn it.
        case unlearned
        /// Built with `--no-seccomp`: the launcher runs without a filter and says so every time.
        case disabled
    }

    public init(name: String, mountPoint: String, entry: String, arguments: [String] = [], statePaths: [String] = [],
                network: Network = .host, resolvConf: Bool = true, proc: Bool = true,
                environment: [String: String] = [:], seccomp: SeccompMode) {
        self.name = name
        self.mountPoint = mountPoint
        self.entry = entry
        self.arguments = arguments
        self.statePaths = statePaths
        self.network = network
        self.resolvConf = resolvConf
        self.proc = proc
        self.environment = environment
        self.seccomp = seccomp
    }

    /// The program's path inside the sandbox.
    public var programPath: String { mountPoint + "/" + entry }

    /// The environment the program gets: a fixed PATH and the manifest's variables.
    public var effectiveEnvironment: [String: String] {
        ["PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"].merging(environment) { _, manifest in manifest }
    }
}
