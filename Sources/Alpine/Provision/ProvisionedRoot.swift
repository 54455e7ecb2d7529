/// A finished root and what went into it.
public struct ProvisionedRoot: Sendable {
    /// The root directory in the cache. Shared with later builds that have the same inputs:
    /// callers must not modify it (copy it, as ``export(to:)`` does).
    public var path: String
    /// Every APKINDEX used, verified (for the apk.static installer, the host-arch index that
    /// supplied `apk-tools-static` too).
    public var indexes: [IndexSource]
    /// The resolved packages, in install order.
    public var packages: [InstalledPackage]
    /// Install scripts present and not run, as `<name>-<version>.<action>`
    /// (`busybox-1.35.0-r0.post-install`).
    public var scripts: [String]
    /// Whether the cached root was reused without unpacking anything.
    public var reused: Bool
    /// Things the user should know: `allow_untrusted` in use, skipped key files, index
    /// warnings, meta packages. Print them on every build.
    public var warnings: [String]

    /// A result; built by ``Provisioner``, public so callers' tests can make their own.
    public init(path: String, indexes: [IndexSource], packages: [InstalledPackage], scripts: [String], reused: Bool,
                warnings: [String]) {
        self.path = path
        self.indexes = indexes
        self.packages = packages
        self.scripts = scripts
        self.reused = reused
        self.warnings = warnings
    }
}

/// One APKINDEX.tar.gz as it was used.
public struct IndexSource: Sendable, Hashable, Codable {
    /// Its URL (or path, for a local mirror).
    public var url: String
    /// SHA-256 of the file, lowercase hex.
    public var sha256: String
    /// The file name of the trusted key that signed it; nil when `allow_untrusted` let an
    /// unverified index through.
    public var key: String?

    /// An index source.
    public init(url: String, sha256: String, key: String?) {
        self.url = url
        self.sha256 = sha256
        self.key = key
    }
}

/// One package of the root.
public struct InstalledPackage: Sendable, Hashable, Codable {
    /// `P:`
    public var name: String
    /// `V:`
    public var version: String
    /// `A:` (the root's arch when the record has none).
    public var arch: String
    /// `C:`: `Q1` + base64 SHA-1 of the control member; what a lock file pins.
    public var checksum: String
    /// Where the `.apk` is: `<repository line>/<A:>/<name>-<version>.apk`.
    public var url: String
    /// SHA-256 of the `.apk` barracks downloaded and verified; nil when apk.static fetched
    /// the package itself.
    public var sha256: String?
    /// The `.apk`'s size in bytes: as downloaded, or the index's `S:` when apk.static fetched it.
    public var size: UInt64
    /// `I:`, the installed size in bytes (0 for a meta package, which installs nothing).
    public var installedSize: UInt64

    /// A package record.
    public init(name: String, version: String, arch: String, checksum: String, url: String, sha256: String?,
                size: UInt64, installedSize: UInt64) {
        self.name = name
        self.version = version
        self.arch = arch
        self.checksum = checksum
        self.url = url
        self.sha256 = sha256
        self.size = size
        self.installedSize = installedSize
    }

    /// The package as a lock file pins it.
    public var locked: LockedPackage { LockedPackage(name: name, version: version, arch: arch, checksum: checksum) }
}
