/// Where everything of one bundle lives.
///
/// `bundles/<name>/` holds `state/` (a real directory, never replaced) and symlinks to the
/// current generation: `run`, `rootfs`, `app`, `seccomp`, `bundle.json` → `.current/…`, with
/// `.current` → `.generations/<id>`. A rebuild makes a new generation beside the old one and
/// switches `.current` with one `rename`, so a bundle is always wholly old or wholly new.
public struct BundleLayout: Sendable {
    /// The names a generation holds, each linked from the bundle directory.
    public static let generationEntries = ["run", "rootfs", "app", "seccomp", "bundle.json"]

    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public var state: String { directory + "/state" }
    public var generations: String { directory + "/.generations" }
    public var currentLink: String { directory + "/.current" }
    public var lockFile: String { directory + "/.lock" }
    public var record: String { directory + "/bundle.json" }
    public var launcher: String { directory + "/run" }
    public var rootfs: String { directory + "/rootfs" }
    public var app: String { directory + "/app" }
    public var seccomp: String { directory + "/seccomp" }
}
