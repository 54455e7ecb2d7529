/// One package as an APKINDEX describes it. Field letters are apk's (apk-format.md §2.2).
public struct PackageRecord: Hashable, Sendable, CustomStringConvertible {
    /// `C:` the identity: SHA-1 of the compressed control member.
    public var checksum: PackageChecksum
    /// `P:`
    public var name: String
    /// `V:`
    public var version: ApkVersion
    /// `A:` the Alpine arch or `noarch`; nil when the record has none.
    public var architecture: String?
    /// `S:` the size of the `.apk` file (apk never checks it).
    public var size: UInt64?
    /// `I:` the installed size. apk installs nothing for a package with 0 or none.
    public var installedSize: UInt64?
    /// `T:`
    public var summary: String?
    /// `U:`
    public var url: String?
    /// `L:`
    public var license: String?
    /// `o:` the source package.
    public var origin: String?
    /// `m:`
    public var maintainer: String?
    /// `t:` Unix seconds.
    public var buildTime: UInt64?
    /// `c:` the aports commit.
    public var commit: String?
    /// `k:` makes unversioned provides auto-selectable; the highest wins.
    public var providerPriority: UInt64?
    /// `D:`
    public var depends: [Dependency] = []
    /// `p:`
    public var provides: [Provide] = []
    /// `i:` install this package when all of these are installed.
    public var installIf: [Dependency] = []
    /// Fields this parser does not know, in order (lowercase ones are harmless; an
    /// uppercase one makes the package uninstallable, as in apk 3).
    public var unknownFields: [UnknownField] = []
    /// Why apk would refuse to install this package whatever the arch (an unknown uppercase
    /// field, an unparsable `D:`); nil when it is fine.
    public var uninstallableReason: String?
    /// The line of the record's first field in `APKINDEX`.
    public var line: Int

    /// A field with a letter this parser does not handle.
    public struct UnknownField: Hashable, Sendable {
        public var letter: Character
        public var value: String

        public init(letter: Character, value: String) {
            self.letter = letter
            self.value = value
        }
    }

    public init(checksum: PackageChecksum, name: String, version: ApkVersion, line: Int = 0) {
        self.checksum = checksum
        self.name = name
        self.version = version
        self.line = line
    }

    /// `name-version`, as apk prints packages.
    public var description: String { "\(name)-\(version.text)" }

    /// `name-version.apk`.
    public var fileName: String { "\(name)-\(version.text).apk" }

    /// The package's path below the repository line (`<A:>/<name>-<version>.apk`, apk-real-checks
    /// C6). A record without `A:` falls back to `primaryArchitecture`, as apk 2 does (apk 3
    /// would request `<repo>//<file>` and fail).
    public func downloadPath(primaryArchitecture: String) -> String {
        "\(architecture ?? primaryArchitecture)/\(fileName)"
    }

    /// Why this package cannot be installed on `architecture` (apk 3's rule: an `A:` that is
    /// neither the arch nor `noarch`), or nil when it can.
    public func refusal(architecture primary: String) -> String? {
        if let uninstallableReason { return uninstallableReason }
        if let architecture, architecture != primary, architecture != "noarch" {
            return "arch \(architecture) is neither \(primary) nor noarch"
        }
        return nil
    }
}
