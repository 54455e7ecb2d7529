/// How `barracks build` runs.
public struct BuildOptions: Sendable {
    /// The bundle directory; default `bundles/<name>` under the current directory.
    public var bundleDirectory: String?
    /// Refuse any input that differs from the lock file (and a missing lock file).
    public var locked = false
    /// Use only the cache (or a local mirror): no network.
    public var offline = false
    /// Build a new generation even when the bundle is up to date with its inputs.
    public var force = false
    /// Also write `<bundle>.tar.gz` with the deterministic writer.
    public var tarball = false
    /// Build without a seccomp filter; the launcher says so on every start.
    public var noSeccomp = false
    /// Skip running the root's loader in `--list` mode inside bwrap (hosts without bwrap).
    public var skipLinkCheck = false
    /// Run the packages' install scripts inside bwrap.
    public var runScripts = false
    /// The cache; `nil` for `$XDG_CACHE_HOME/barracks`.
    public var cacheDirectory: String?
    /// A CA bundle for HTTPS, beside the manifest's `ca_file`.
    public var caFile: String?
    /// Test hooks: stop with an error, or wait to be killed, when this step begins.
    public var failAt: BuildStep?
    public var pauseAt: BuildStep?

    public init() {}
}

/// What a build reports while it runs (the CLI shows it on a terminal).
public enum BuildEvent: Sendable {
    /// A step began.
    case step(BuildStep, String)
    /// Something worth a line: a reused cache, the link made, the policy state.
    case note(String)
    /// Something the user should act on (allow_untrusted, hazards, a policy never learned).
    case warning(String)
    /// Download progress: bytes so far, total if known.
    case download(url: String, received: Int64, expected: Int64?, bytesPerSecond: Double)
}
