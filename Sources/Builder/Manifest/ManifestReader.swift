import Foundation
import JSONDocument
import POSIX

/// Reads and checks a manifest. Every mistake is reported with the file, the JSON path and
/// what was expected: `demo.json: $.app.strip: expected "auto" or a number of components, found "yes"`.
public enum ManifestReader {
    static let alpineArches = ["x86", "x86_64", "armhf", "armv7", "aarch64", "ppc64le", "s390x", "riscv64", "loongarch64"]

    /// Reads the manifest at `path`.
    public static func read(_ path: String) throws -> Manifest {
        let descriptor = try FileDescriptor.open(path, O_RDONLY)
        defer { try? descriptor.close() }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let bytes = try descriptor.readAll()
        var manifest = try decode(bytes, file: path, directory: FileTree.parentDirectory(of: absolute))
        manifest.source = bytes
        return manifest
    }

    /// Parses and checks a manifest document; `directory` anchors its relative paths.
    public static func decode(_ bytes: [UInt8], file: String?, directory: String) throws(DocumentError) -> Manifest {
        let top = try JSONObjectReader(JSONDocument.parse(bytes, file: file), at: .root, file: file,
                                       fields: ["name", "alpine", "app", "sandbox", "seccomp"])
        let name = try top.string("name")
        guard ManifestNames.isBundleName(name) else {
            throw top.error("name", "expected a bundle name of lower-case letters, digits, \".\", \"_\" and \"-\" (at most 64), found \(JSONWriter.quoted(name))")
        }
        return Manifest(name: name, alpine: try alpine(top), app: try app(top), sandbox: try sandbox(top),
                        seccomp: try seccomp(top), directory: directory)
    }

    private static func alpine(_ top: JSONObjectReader) throws(DocumentError) -> Manifest.Alpine {
        let o = try top.objectReader("alpine", fields: ["mirror", "branch", "repositories", "arch", "packages", "installer",
                                                         "keys", "allow_untrusted", "ca_file"])
        let mirror = try o.string("mirror")
        if mirror.isEmpty { throw o.error("mirror", "expected a URL or a directory, found an empty string") }
        if mirror.contains("://") && !mirror.hasPrefix("https://") && !mirror.hasPrefix("http://") && !mirror.hasPrefix("file://") {
            throw o.error("mirror", "expected an https://, http:// or file:// URL or a directory, found \(JSONWriter.quoted(mirror))")
        }
        let branch = try o.string("branch")
        guard branch == "edge" || branch == "latest-stable" || ManifestNames.isReleaseBranch(branch) else {
            throw o.error("branch", "expected \"vX.Y\" (e.g. \"v3.24\"), \"edge\" or \"latest-stable\", found \(JSONWriter.quoted(branch))")
        }
        let repositories = o.has("repositories") ? try o.strings("repositories") : ["main"]
        for (index, repository) in repositories.enumerated() where !ManifestNames.isRepositoryName(repository) {
            throw DocumentError(file: o.file, path: o.path.appending("repositories").appending(index).description,
                                message: "expected a repository name such as \"main\" or \"community\", found \(JSONWriter.quoted(repository))")
        }
        if repositories.isEmpty { throw o.error("repositories", "expected at least one repository (e.g. [\"main\"])") }
        var arch: String?
        if let value = try o.optionalString("arch"), value != "auto" {
            guard alpineArches.contains(value) else {
                throw o.error("arch", "expected \"auto\" or an Alpine arch (\(alpineArches.joined(separator: ", "))), found \(JSONWriter.quoted(value))")
            }
            arch = value
        }
        let packages = try o.strings("packages")
        if packages.isEmpty { throw o.error("packages", "expected at least one package (the loader comes from \"musl\")") }
        let installerName = try o.optionalString("installer") ?? "native"
        guard let installer = Manifest.Installer(rawValue: installerName) else {
            throw o.error("installer", "expected \"native\" or \"apk.static\", found \(JSONWriter.quoted(installerName))")
        }
        return Manifest.Alpine(mirror: mirror, branch: branch, repositories: repositories, arch: arch, packages: packages,
                               installer: installer, keys: try o.optionalString("keys"),
                               allowUntrusted: try o.bool("allow_untrusted", default: false), caFile: try o.optionalString("ca_file"))
    }

    private static func app(_ top: JSONObjectReader) throws(DocumentError) -> Manifest.App {
        let o = try top.objectReader("app", fields: ["url", "sha256", "strip", "entry", "mount", "args", "state",
                                                      "max_size", "max_entries"])
        let url = try o.string("url")
        let sha256 = try o.optionalString("sha256")
        if let sha256, !ManifestNames.isSHA256(sha256) {
            throw o.error("sha256", "expected 64 lower-case hex digits (the output of sha256sum), found \(JSONWriter.quoted(sha256))")
        }
        if url.hasPrefix("http://") && sha256 == nil {
            throw o.error("url", "a plain http:// download needs \"sha256\" beside it (nothing else would prove the bytes are the right ones); use https:// or add the digest")
        }
        var strip = Manifest.Strip.auto
        if o.has("strip") {
            switch try o.value("strip") {
            case .string("auto"): strip = .auto
            case .number(let text) where Int(text).map({ $0 >= 0 && $0 < 64 }) == true: strip = .components(Int(text)!)
            case let other:
                throw o.error("strip", "expected \"auto\" or a number of components (0…63), found \(describe(other))")
            }
        }
        let entry = try o.string("entry")
        try checkRelative(entry, o, "entry")
        let mount = try o.optionalString("mount") ?? "/app"
        let reserved = ["/", "/proc", "/dev", "/tmp", "/etc", "/lib", "/usr", "/bin", "/sbin"]
        guard mount.hasPrefix("/"), !mount.hasSuffix("/"), !mount.split(separator: "/").contains(".."),
              !reserved.contains(where: { mount == $0 || mount.hasPrefix($0 == "/" ? "//" : $0 + "/") }) else {
            throw o.error("mount", "expected an absolute directory such as \"/app\" outside \(reserved.dropFirst().joined(separator: ", ")), found \(JSONWriter.quoted(mount))")
        }
        let args = o.has("args") ? try o.strings("args") : []
        // A trailing "/" says the path is a directory, which matters only when the archive
        // lacks it: it is then made as an empty directory, any other as an empty file.
        let written = o.has("state") ? try o.strings("state") : []
        let state = written.map { $0.count > 1 && $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        let stateDirectories = zip(written, state).filter { $0 != $1 }.map(\.1)
        for (index, path) in state.enumerated() {
            try checkRelative(path, o, "state", index: index)
            if path == entry {
                throw DocumentError(file: o.file, path: o.path.appending("state").appending(index).description,
                                    message: "the program itself cannot be state (it would become writable)")
            }
            if let earlier = state.prefix(index).firstIndex(where: { path == $0 || path.hasPrefix($0 + "/") || $0.hasPrefix(path + "/") }) {
                throw DocumentError(file: o.file, path: o.path.appending("state").appending(index).description,
                                    message: "\(JSONWriter.quoted(path)) overlaps \(JSONWriter.quoted(state[earlier])) at index \(earlier)")
            }
        }
        return Manifest.App(url: url, sha256: sha256, strip: strip, entry: entry, mount: mount, args: args, state: state,
                            stateDirectories: stateDirectories, maxSize: o.has("max_size") ? try o.unsigned("max_size") : nil,
                            maxEntries: o.has("max_entries") ? try o.unsigned("max_entries") : nil)
    }

    private static func sandbox(_ top: JSONObjectReader) throws(DocumentError) -> Manifest.Sandbox {
        guard top.has("sandbox") else { return Manifest.Sandbox(network: .host, resolvConf: true, proc: true, env: [:]) }
        let o = try top.objectReader("sandbox", fields: ["network", "resolv_conf", "proc", "env"])
        let networkName = try o.optionalString("network") ?? "host"
        guard let network = Manifest.NetworkMode(rawValue: networkName) else {
            throw o.error("network", "expected \"host\" or \"none\", found \(JSONWriter.quoted(networkName))")
        }
        let env = o.has("env") ? try o.stringMap("env") : [:]
        for key in env.keys.sorted() where !ManifestNames.isEnvironmentName(key) {
            throw DocumentError(file: o.file, path: o.path.appending("env").appending(key).description,
                                message: "not a valid environment variable name (letters, digits and \"_\", not starting with a digit)")
        }
        return Manifest.Sandbox(network: network, resolvConf: try o.bool("resolv_conf", default: true),
                                proc: try o.bool("proc", default: true), env: env)
    }

    private static func seccomp(_ top: JSONObjectReader) throws(DocumentError) -> Manifest.Seccomp {
        guard top.has("seccomp") else { return Manifest.Seccomp(policy: nil, defaultAction: "kill_process") }
        let o = try top.objectReader("seccomp", fields: ["policy", "default_action"])
        let action = try o.optionalString("default_action") ?? "kill_process"
        guard ["kill_process", "errno", "log"].contains(action) else {
            throw o.error("default_action", "expected \"kill_process\", \"errno\" or \"log\", found \(JSONWriter.quoted(action))")
        }
        return Manifest.Seccomp(policy: try o.optionalString("policy"), defaultAction: action)
    }

    /// A path inside the app: relative, no `..`, no empty components.
    private static func checkRelative(_ path: String, _ o: JSONObjectReader, _ key: String, index: Int? = nil) throws(DocumentError) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, !path.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == ".." || $0 == "." }) else {
            let at = index.map { o.path.appending(key).appending($0) } ?? o.path.appending(key)
            throw DocumentError(file: o.file, path: at.description,
                                message: "expected a relative path inside the app (no leading \"/\", no \"..\"), found \(JSONWriter.quoted(path))")
        }
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return JSONWriter.quoted(text)
        case .number(let text): return text
        default: return value.kind
        }
    }
}
