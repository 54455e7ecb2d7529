import Archive

/// `lib/apk/db/installed`, written the way apk writes it (apk-real-checks §1; apk-tools
/// `apk_db_fdb_write`), so that Alpine's own apk can manage the root later.
///
/// One record per package, in install order: the index header (`C P V A S I T U L o m t c k`
/// then `D p i`), `r:`/`q:` from `.PKGINFO`'s replaces, then each directory the package
/// contains (`F:`, and `M:uid:gid:mode` unless it is `0:0:755`) followed by its files, sorted
/// by name as apk 3 sorts them (`R:`, `a:uid:gid:mode` unless `0:0:644`, `Z:Q1<base64 SHA-1>`),
/// and an empty line.
struct InstalledDatabase {
    /// The path of the file inside a root.
    static let path = ["lib", "apk", "db", "installed"]

    private var text: [UInt8] = []

    /// Appends the record of `package`, which put `files` into the root.
    mutating func append(_ record: PackageRecord, info: PackageInfo?, files: PackageFiles) {
        var lines: [String] = []
        func add(_ letter: String, _ value: String) { lines.append(letter + ":" + value) }
        add("C", record.checksum.description)
        add("P", record.name)
        add("V", record.version.text)
        if let architecture = record.architecture { add("A", architecture) }
        add("S", String(record.size ?? 0))
        add("I", String(record.installedSize ?? 0))
        add("T", record.summary ?? "")
        add("U", record.url ?? "")
        add("L", record.license ?? "")
        if let origin = record.origin, !origin.isEmpty { add("o", origin) }
        if let maintainer = record.maintainer, !maintainer.isEmpty { add("m", maintainer) }
        if let time = record.buildTime, time != 0 { add("t", String(time)) }
        if let commit = record.commit, !commit.isEmpty { add("c", commit) }
        if let priority = record.providerPriority, priority != 0 { add("k", String(priority)) }
        if !record.depends.isEmpty { add("D", record.depends.map(\.description).joined(separator: " ")) }
        if !record.provides.isEmpty { add("p", record.provides.map(\.description).joined(separator: " ")) }
        if !record.installIf.isEmpty { add("i", record.installIf.map(\.description).joined(separator: " ")) }
        let replaces = info?.values("replaces").flatMap { $0.split(separator: " ").map(String.init) } ?? []
        if !replaces.isEmpty { add("r", replaces.joined(separator: " ")) }
        if let priority = info?.value("replaces_priority"), let number = UInt64(priority), number != 0 { add("q", String(number)) }
        for directory in files.directories {
            add("F", directory.name)
            if directory.owner != .defaultDirectory { add("M", directory.owner.text) }
            for file in directory.files.sorted(by: { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }) {
                add("R", file.name)
                if file.owner != .defaultFile { add("a", file.owner.text) }
                if let checksum = file.checksum { add("Z", checksum) }
            }
        }
        for line in lines {
            text.append(contentsOf: line.utf8)
            text.append(0x0a)
        }
        text.append(0x0a)
    }

    /// The file's contents.
    var bytes: [UInt8] { text }
}

/// What one package put into the root, in installed-database terms, collected from the
/// extractor's observer while its data member is unpacked.
struct PackageFiles {
    /// `uid:gid:mode` of an `M:` or `a:` line.
    struct Owner: Equatable {
        var user: Int64
        var group: Int64
        var mode: UInt32

        static let defaultDirectory = Owner(user: 0, group: 0, mode: 0o755)
        static let defaultFile = Owner(user: 0, group: 0, mode: 0o644)

        var text: String { "\(user):\(group):\(String(mode, radix: 8))" }
    }

    struct File {
        var name: String
        var owner: Owner
        var checksum: String?
    }

    struct Directory {
        var name: String
        var owner: Owner
        var files: [File]
    }

    /// Directories in the order they first appear (as apk keeps them).
    private(set) var directories: [Directory] = []
    private var directoryPositions: [String: Int] = [:]
    /// `Z:` values by path, for hard links (which carry no checksum of their own).
    private var checksums: [String: String] = [:]

    /// Records `entry`, created at `path` (relative to the root).
    mutating func add(_ entry: ArchiveEntry, at path: String) {
        // Setuid, setgid and sticky bits were dropped when extracting: record what is there.
        let owner = Owner(user: entry.userID, group: entry.groupID, mode: entry.permissions & 0o777)
        if entry.kind == .directory {
            directories[directory(path)].owner = owner
            return
        }
        let (parent, name) = Self.split(path)
        var checksum: String?
        switch entry.kind {
        case .regularFile, .symbolicLink:
            checksum = entry.paxValue("APK-TOOLS.checksum.SHA1").flatMap { hex in
                Hex.decode(Substring(hex)).flatMap { $0.count == 20 ? "Q1" + Base64.encode($0) : nil }
            }
        case .hardLink:
            checksum = entry.linkTarget.flatMap { checksums[Self.normalized($0)] }
        default:
            break
        }
        if let checksum { checksums[path] = checksum }
        directories[directory(parent)].files.append(File(name: name, owner: owner, checksum: checksum))
    }

    /// The position of directory `name`, added (with the default owner) when first seen.
    private mutating func directory(_ name: String) -> Int {
        if let position = directoryPositions[name] { return position }
        directories.append(Directory(name: name, owner: .defaultDirectory, files: []))
        directoryPositions[name] = directories.count - 1
        return directories.count - 1
    }

    /// `lib/ld-musl-i386.so.1` → (`lib`, `ld-musl-i386.so.1`); a top-level name has parent "".
    static func split(_ path: String) -> (parent: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[..<slash]), String(path[path.index(after: slash)...]))
    }

    /// A recorded path as the extractor creates it: no `./`, no empty components.
    static func normalized(_ path: String) -> String {
        path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }
}
