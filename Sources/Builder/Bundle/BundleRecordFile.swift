import JSONDocument

/// Reads and writes `bundle.json` in one canonical form: fixed member order, one file per
/// line, modes in octal text (`"0755"`).
public enum BundleRecordFile {
    public static func encode(_ record: BundleRecord) -> [UInt8] {
        func string(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        let input = { (i: BundleRecord.Input) -> JSONValue in .object([JSONMember("url", .string(i.url)), JSONMember("sha256", .string(i.sha256))]) }
        var seccomp: [JSONMember] = [JSONMember("status", .string(record.seccomp.status)),
                                     JSONMember("default_action", .string(record.seccomp.defaultAction))]
        if let digest = record.seccomp.filterSHA256 { seccomp.append(JSONMember("filter_sha256", .string(digest))) }
        if let count = record.seccomp.instructions { seccomp.append(JSONMember("instructions", .number(String(count)))) }
        let document = JSONValue.object([
            JSONMember("version", .number(String(BundleRecord.formatVersion))),
            JSONMember("name", .string(record.name)),
            JSONMember("tool", .string(record.tool)),
            JSONMember("inputs", .string(record.inputs)),
            JSONMember("app", .object([
                JSONMember("url", .string(record.app.url)), JSONMember("sha256", .string(record.app.sha256)),
                JSONMember("entry", .string(record.entry)), JSONMember("mount", .string(record.mount)),
                JSONMember("interpreter", string(record.interpreter)), JSONMember("loader_link", string(record.loaderLink)),
            ])),
            JSONMember("alpine", .object([
                JSONMember("arch", .string(record.alpineArch)),
                JSONMember("indexes", .array(record.indexes.map(input))),
                JSONMember("packages", .array(record.packages.map { p in
                    .object([JSONMember("name", .string(p.name)), JSONMember("version", .string(p.version)),
                             JSONMember("arch", .string(p.arch)), JSONMember("checksum", .string(p.checksum))])
                })),
            ])),
            JSONMember("seccomp", .object(seccomp)),
            JSONMember("sandbox", .object([
                JSONMember("args", .array(record.sandbox.args.map(JSONValue.string))),
                JSONMember("state", .array(record.sandbox.state.map(JSONValue.string))),
                JSONMember("network", .string(record.sandbox.network)),
                JSONMember("resolv_conf", .bool(record.sandbox.resolvConf)),
                JSONMember("proc", .bool(record.sandbox.proc)),
                JSONMember("env", .object(record.sandbox.env.sorted { $0.key < $1.key }.map { JSONMember($0.key, .string($0.value)) })),
            ])),
            JSONMember("files", .array(record.files.map(fileValue))),
        ])
        return Array(JSONWriter.write(document, inlineDepth: 3).utf8)
    }

    static func fileValue(_ file: FileRecord) -> JSONValue {
        var members = [JSONMember("path", .string(file.path))]
        switch file.kind {
        case .file(let sha256, let size):
            members += [JSONMember("type", .string("file")), JSONMember("mode", .string(octal(file.mode))),
                        JSONMember("size", .number(String(size))), JSONMember("sha256", .string(sha256))]
        case .directory:
            members += [JSONMember("type", .string("directory")), JSONMember("mode", .string(octal(file.mode)))]
        case .symlink(let target):
            members += [JSONMember("type", .string("symlink")), JSONMember("target", .string(target))]
        }
        return .object(members)
    }

    static func octal(_ mode: UInt32) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Parses and checks `bundle.json`; `file` names it in messages.
    public static func decode(_ bytes: [UInt8], file: String?) throws(DocumentError) -> BundleRecord {
        let top = try JSONObjectReader(JSONDocument.parse(bytes, file: file), at: .root, file: file,
                                       fields: ["version", "name", "tool", "inputs", "app", "alpine", "seccomp", "sandbox", "files"])
        let version = try top.unsigned("version")
        guard version == UInt64(BundleRecord.formatVersion) else {
            throw top.error("version", "this barracks reads bundle.json version \(BundleRecord.formatVersion), found \(version); rebuild the bundle")
        }
        let app = try top.objectReader("app", fields: ["url", "sha256", "entry", "mount", "interpreter", "loader_link"])
        let alpine = try top.objectReader("alpine", fields: ["arch", "indexes", "packages"])
        let seccomp = try top.objectReader("seccomp", fields: ["status", "default_action", "filter_sha256", "instructions"])
        let sandbox = try top.objectReader("sandbox", fields: ["args", "state", "network", "resolv_conf", "proc", "env"])
        func nullable(_ reader: JSONObjectReader, _ key: String) throws(DocumentError) -> String? {
            if case .null = try reader.value(key) { return nil }
            return try reader.string(key)
        }
        var indexes: [BundleRecord.Input] = []
        for (position, value) in try alpine.array("indexes").enumerated() {
            let o = try JSONObjectReader(value, at: alpine.path.appending("indexes").appending(position), file: file, fields: ["url", "sha256"])
            indexes.append(BundleRecord.Input(url: try o.string("url"), sha256: try o.string("sha256")))
        }
        var packages: [BundleRecord.Package] = []
        for (position, value) in try alpine.array("packages").enumerated() {
            let o = try JSONObjectReader(value, at: alpine.path.appending("packages").appending(position), file: file,
                                         fields: ["name", "version", "arch", "checksum"])
            packages.append(BundleRecord.Package(name: try o.string("name"), version: try o.string("version"),
                                                 arch: try o.string("arch"), checksum: try o.string("checksum")))
        }
        var files: [FileRecord] = []
        for (position, value) in try top.array("files").enumerated() {
            files.append(try fileRecord(value, at: top.path.appending("files").appending(position), file: file))
        }
        var record = BundleRecord(
            name: try top.string("name"), tool: try top.string("tool"),
            app: BundleRecord.Input(url: try app.string("url"), sha256: try app.string("sha256")),
            entry: try app.string("entry"), mount: try app.string("mount"),
            interpreter: try nullable(app, "interpreter"), loaderLink: try nullable(app, "loader_link"),
            alpineArch: try alpine.string("arch"), indexes: indexes, packages: packages,
            seccomp: BundleRecord.Seccomp(status: try seccomp.string("status"), defaultAction: try seccomp.string("default_action"),
                                          filterSHA256: try seccomp.optionalString("filter_sha256"),
                                          instructions: seccomp.has("instructions") ? Int(try seccomp.unsigned("instructions")) : nil),
            sandbox: BundleRecord.Sandbox(args: try sandbox.strings("args"), state: try sandbox.strings("state"),
                                          network: try sandbox.string("network"), resolvConf: try sandbox.bool("resolv_conf"),
                                          proc: try sandbox.bool("proc"), env: try sandbox.stringMap("env")),
            files: files)
        record.inputs = try top.string("inputs")
        return record
    }

    private static func fileRecord(_ value: JSONValue, at path: JSONPath, file: String?) throws(DocumentError) -> FileRecord {
        let o = try JSONObjectReader(value, at: path, file: file, fields: ["path", "type", "mode", "size", "sha256", "target"])
        let name = try o.string("path")
        func mode() throws(DocumentError) -> UInt32 {
            let text = try o.string("mode")
            guard let value = UInt32(text, radix: 8), value <= 0o7777 else { throw o.error("mode", "expected octal permission bits such as \"0755\", found \(JSONWriter.quoted(text))") }
            return value
        }
        switch try o.string("type") {
        case "file":
            return FileRecord(path: name, kind: .file(sha256: try o.string("sha256"), size: try o.unsigned("size")), mode: try mode())
        case "directory":
            return FileRecord(path: name, kind: .directory, mode: try mode())
        case "symlink":
            return FileRecord(path: name, kind: .symlink(target: try o.string("target")), mode: 0o777)
        case let other:
            throw o.error("type", "expected \"file\", \"directory\" or \"symlink\", found \(JSONWriter.quoted(other))")
        }
    }
}
