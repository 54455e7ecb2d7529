import JSONDocument
import POSIX

#if canImport(Glibc)
import Glibc
#endif

/// `<name>.lock.json` beside the manifest: every input's URL and SHA-256, the index digests,
/// the resolved packages and the time stamp the bundle's files carry. Written by every build;
/// `build --locked` refuses anything that differs.
public struct LockFile: Sendable, Equatable {
    public static let formatVersion = 1

    public struct Source: Sendable, Equatable {
        public var url: String
        public var sha256: String
        public init(url: String, sha256: String) { self.url = url; self.sha256 = sha256 }
    }

    public struct Package: Sendable, Equatable {
        public var name: String
        public var version: String
        public var arch: String
        public var checksum: String
        public init(name: String, version: String, arch: String, checksum: String) {
            self.name = name; self.version = version; self.arch = arch; self.checksum = checksum
        }
    }

    /// Seconds since 1970 that the bundle's tarball gives every file (`SOURCE_DATE_EPOCH`).
    public var epoch: Int64
    public var app: Source
    public var arch: String
    public var indexes: [Source]
    public var packages: [Package]

    public init(epoch: Int64, app: Source, arch: String, indexes: [Source], packages: [Package]) {
        self.epoch = epoch
        self.app = app
        self.arch = arch
        self.indexes = indexes
        self.packages = packages
    }

    /// The lock file of a manifest: `<directory>/<name>.lock.json`.
    public static func path(for manifest: Manifest) -> String {
        manifest.directory + "/" + manifest.name + ".lock.json"
    }

    public static func read(_ path: String) throws -> LockFile? {
        guard FileTree.exists(path) else { return nil }
        let fd = try FileDescriptor.open(path, O_RDONLY)
        defer { try? fd.close() }
        return try decode(fd.readAll(), file: path)
    }

    public func write(to path: String) throws {
        LeftoverFiles.removeStale(beside: path, marker: ".tmp-")
        try FileTree.writeAtomically(path, encode())
    }

    public func encode() -> [UInt8] {
        func source(_ s: Source) -> JSONValue { .object([JSONMember("url", .string(s.url)), JSONMember("sha256", .string(s.sha256))]) }
        let document = JSONValue.object([
            JSONMember("version", .number(String(Self.formatVersion))),
            JSONMember("epoch", .number(String(epoch))),
            JSONMember("app", source(app)),
            JSONMember("alpine", .object([
                JSONMember("arch", .string(arch)),
                JSONMember("indexes", .array(indexes.map(source))),
                JSONMember("packages", .array(packages.map { p in
                    .object([JSONMember("name", .string(p.name)), JSONMember("version", .string(p.version)),
                             JSONMember("arch", .string(p.arch)), JSONMember("checksum", .string(p.checksum))])
                })),
            ])),
        ])
        return Array(JSONWriter.write(document, inlineDepth: 3).utf8)
    }

    public static func decode(_ bytes: [UInt8], file: String?) throws(DocumentError) -> LockFile {
        let top = try JSONObjectReader(JSONDocument.parse(bytes, file: file), at: .root, file: file,
                                       fields: ["version", "epoch", "app", "alpine"])
        let version = try top.unsigned("version")
        guard version == UInt64(formatVersion) else {
            throw top.error("version", "this barracks reads lock file version \(formatVersion), found \(version)")
        }
        func source(_ value: JSONValue, _ path: JSONPath) throws(DocumentError) -> Source {
            let o = try JSONObjectReader(value, at: path, file: file, fields: ["url", "sha256"])
            return Source(url: try o.string("url"), sha256: try o.string("sha256"))
        }
        let alpine = try top.objectReader("alpine", fields: ["arch", "indexes", "packages"])
        var indexes: [Source] = []
        for (i, value) in try alpine.array("indexes").enumerated() {
            indexes.append(try source(value, alpine.path.appending("indexes").appending(i)))
        }
        var packages: [Package] = []
        for (i, value) in try alpine.array("packages").enumerated() {
            let o = try JSONObjectReader(value, at: alpine.path.appending("packages").appending(i), file: file,
                                         fields: ["name", "version", "arch", "checksum"])
            packages.append(Package(name: try o.string("name"), version: try o.string("version"),
                                    arch: try o.string("arch"), checksum: try o.string("checksum")))
        }
        let epoch = try top.unsigned("epoch")
        return LockFile(epoch: Int64(clamping: epoch), app: try source(try top.value("app"), top.path.appending("app")),
                        arch: try alpine.string("arch"), indexes: indexes, packages: packages)
    }
}
