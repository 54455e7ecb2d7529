/// What root to build: where the packages come from, for which arch, which ones, and how
/// they are installed. The Builder makes one from a manifest's `alpine` section (with the
/// arch already decided); `barracks rootfs` does the same.
public struct RootRequest: Sendable, Hashable {
    /// The mirror: `https://…`, `http://…` (the signatures make plain http safe), `file://…`
    /// or a local directory (read in place, verified all the same). A relative directory is
    /// relative to the current directory: callers resolve manifest-relative paths first.
    public var mirror: String
    /// `v3.24`, `edge` or `latest-stable`.
    public var branch: String
    /// Repository names below the branch, in priority order: `["main"]`, `["main", "community"]`.
    public var repositories: [String]
    /// The Alpine arch of the root (`x86`), already decided.
    public var arch: String
    /// World constraints, as in `/etc/apk/world`: `["musl"]`, `["musl", "gcompat"]`, `busybox>=1.35`.
    public var world: [String]
    /// Who unpacks the verified packages.
    public var installer: RootInstaller
    /// A directory of public keys trusted beside Alpine's own (the manifest's `keys`).
    public var extraKeysDirectory: String?
    /// Accept indexes no trusted key signed (unsigned, or signed by an unknown key). Only when
    /// the manifest says `"allow_untrusted": true`; every build then carries a warning. A bad
    /// signature by a trusted key, and packages that differ from their index, stay fatal.
    public var allowUntrusted: Bool
    /// Run the packages' pre-/post-install scripts inside bwrap in the new root (native
    /// installer; the host must be able to execute the root's arch). Off by default, as in apko.
    public var runScripts: Bool
    /// When set (`build --locked`), the resolution must be exactly these packages (name,
    /// version, arch and checksum); any difference is an error naming each one.
    public var lockedPackages: [LockedPackage]?

    /// A request; everything but the mirror, branch, arch and world has the usual default.
    public init(mirror: String, branch: String, repositories: [String] = ["main"], arch: String, world: [String],
                installer: RootInstaller = .native, extraKeysDirectory: String? = nil, allowUntrusted: Bool = false,
                runScripts: Bool = false, lockedPackages: [LockedPackage]? = nil) {
        self.mirror = mirror
        self.branch = branch
        self.repositories = repositories
        self.arch = arch
        self.world = world
        self.installer = installer
        self.extraKeysDirectory = extraKeysDirectory
        self.allowUntrusted = allowUntrusted
        self.runScripts = runScripts
        self.lockedPackages = lockedPackages
    }
}

/// Who unpacks the verified packages into the root.
public enum RootInstaller: String, Sendable, Hashable, Codable {
    /// barracks extracts the verified data members itself; no binary from the network runs.
    case native
    /// Alpine's own `apk.static`, from the signed `apk-tools-static` package for the host's arch.
    case apkStatic = "apk.static"
}

/// One package as a lock file pins it.
public struct LockedPackage: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `P:`
    public var name: String
    /// `V:`
    public var version: String
    /// `A:`
    public var arch: String
    /// `C:` as apk writes it: `Q1` + base64 of the SHA-1 of the control member.
    public var checksum: String

    /// A pinned package.
    public init(name: String, version: String, arch: String, checksum: String) {
        self.name = name
        self.version = version
        self.arch = arch
        self.checksum = checksum
    }

    /// `name-version (arch, checksum)`.
    public var description: String { "\(name)-\(version) (\(arch), \(checksum))" }
}
