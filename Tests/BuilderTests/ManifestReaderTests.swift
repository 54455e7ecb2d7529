import Builder
import JSONDocument
import Testing

/// Manifests: every field read; every mistake named by file, JSON path and expectation.
@Suite struct ManifestReaderTests {
    static let valid = """
        {
          "name": "soldat",
          "alpine": {"mirror": "https://dl-cdn.alpinelinux.org/alpine", "branch": "v3.24", "repositories": ["main"],
                     "arch": "auto", "packages": ["musl"], "installer": "apk.static", "keys": "keys"},
          "app": {"url": "https://static.soldat.pl/downloads/soldatserver2.8.2_1.7.1.1.zip",
                  "sha256": "\(String(repeating: "ab", count: 32))", "strip": "auto", "entry": "soldatserver",
                  "mount": "/soldat", "args": ["-p", "23073"], "state": ["logs", "anti-cheat", "banned.txt"]},
          "sandbox": {"network": "host", "resolv_conf": true, "proc": true, "env": {"TZ": "UTC"}},
          "seccomp": {"policy": "soldat.policy.json", "default_action": "kill_process"}
        }
        """

    func decode(_ text: String) throws(DocumentError) -> Manifest {
        try ManifestReader.decode(Array(text.utf8), file: "m.json", directory: "/manifests")
    }

    /// Replaces `old` with `new` in the valid manifest and expects the error `message` at `path`.
    func expectError(replacing old: String, with new: String, path: String, containing message: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        let text = Self.valid.replacingOccurrences(of: old, with: new)
        #expect(text != Self.valid, "the replacement did not apply", sourceLocation: sourceLocation)
        do {
            _ = try decode(text)
            Issue.record("no error", sourceLocation: sourceLocation)
        } catch {
            #expect(error.file == "m.json", sourceLocation: sourceLocation)
            #expect(error.path == path, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(message), "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func readsEveryField() throws {
        let m = try decode(Self.valid)
        #expect(m.name == "soldat")
        #expect(m.alpine.mirror == "https://dl-cdn.alpinelinux.org/alpine")
        #expect(m.alpine.branch == "v3.24")
        #expect(m.alpine.arch == nil)
        #expect(m.alpine.packages == ["musl"])
        #expect(m.alpine.installer == .apkStatic)
        #expect(m.alpine.keys == "keys")
        #expect(!m.alpine.allowUntrusted)
        #expect(m.app.strip == .auto)
        #expect(m.app.mount == "/soldat")
        #expect(m.app.args == ["-p", "23073"])
        #expect(m.app.state == ["logs", "anti-cheat", "banned.txt"])
        #expect(m.sandbox.network == .host)
        #expect(m.sandbox.env == ["TZ": "UTC"])
        #expect(m.seccomp.policy == "soldat.policy.json")
        #expect(m.resolve("keys") == "/manifests/keys")
        #expect(m.resolve("/abs") == "/abs")
    }

    @Test func defaultsForOptionalSections() throws {
        let minimal = """
            {"name": "x", "alpine": {"mirror": "/srv/mirror", "branch": "edge", "packages": ["musl"]},
             "app": {"url": "app.zip", "entry": "bin/server"}}
            """
        let m = try decode(minimal)
        #expect(m.alpine.repositories == ["main"])
        #expect(m.alpine.installer == .native)
        #expect(m.app.mount == "/app")
        #expect(m.app.strip == .auto)
        #expect(m.sandbox == Manifest.Sandbox(network: .host, resolvConf: true, proc: true, env: [:]))
        #expect(m.seccomp.defaultAction == "kill_process")
    }

    @Test func unknownFieldsAreErrors() {
        expectError(replacing: "\"entry\":", with: "\"entyr\": \"x\", \"entry\":", path: "$.app.entyr", containing: "unknown field \"entyr\"")
        expectError(replacing: "\"name\": \"soldat\",", with: "\"name\": \"soldat\", \"extra\": 1,", path: "$.extra", containing: "unknown field")
    }

    @Test func wrongTypesAndValues() {
        expectError(replacing: "\"name\": \"soldat\"", with: "\"name\": \"Soldat Server\"", path: "$.name", containing: "bundle name")
        expectError(replacing: "\"branch\": \"v3.24\"", with: "\"branch\": \"3.24\"", path: "$.alpine.branch", containing: "\"vX.Y\"")
        expectError(replacing: "\"repositories\": [\"main\"]", with: "\"repositories\": [\"main\", 7]", path: "$.alpine.repositories[1]", containing: "expected a string, found a number")
        expectError(replacing: "\"arch\": \"auto\"", with: "\"arch\": \"i386\"", path: "$.alpine.arch", containing: "Alpine arch")
        expectError(replacing: "\"packages\": [\"musl\"]", with: "\"packages\": []", path: "$.alpine.packages", containing: "at least one package")
        expectError(replacing: "\"installer\": \"apk.static\"", with: "\"installer\": \"apk\"", path: "$.alpine.installer", containing: "\"native\" or \"apk.static\"")
        expectError(replacing: "\"strip\": \"auto\"", with: "\"strip\": \"yes\"", path: "$.app.strip", containing: "expected \"auto\" or a number")
        expectError(replacing: "\"strip\": \"auto\"", with: "\"strip\": -1", path: "$.app.strip", containing: "found -1")
        expectError(replacing: "\"entry\": \"soldatserver\"", with: "\"entry\": \"../soldatserver\"", path: "$.app.entry", containing: "relative path")
        expectError(replacing: "\"mount\": \"/soldat\"", with: "\"mount\": \"/proc/x\"", path: "$.app.mount", containing: "absolute directory")
        expectError(replacing: "\"state\": [\"logs\"", with: "\"state\": [\"/var/log\"", path: "$.app.state[0]", containing: "relative path")
        expectError(replacing: "\"anti-cheat\", \"banned.txt\"", with: "\"logs/kills\", \"banned.txt\"", path: "$.app.state[1]", containing: "overlaps \"logs\"")
        expectError(replacing: "\"network\": \"host\"", with: "\"network\": \"bridge\"", path: "$.sandbox.network", containing: "\"host\" or \"none\"")
        expectError(replacing: "\"resolv_conf\": true", with: "\"resolv_conf\": \"yes\"", path: "$.sandbox.resolv_conf", containing: "true or false")
        expectError(replacing: "{\"TZ\": \"UTC\"}", with: "{\"1TZ\": \"UTC\"}", path: "$.sandbox.env.1TZ", containing: "environment variable name")
        expectError(replacing: "\"default_action\": \"kill_process\"", with: "\"default_action\": \"kill\"", path: "$.seccomp.default_action", containing: "\"kill_process\"")
        expectError(replacing: "\"sha256\": \"ab", with: "\"sha256\": \"AB", path: "$.app.sha256", containing: "64 lower-case hex")
    }

    /// The shapes are whole-string matches: a trailing newline, one character too many or a
    /// name of nothing is refused (a regular expression's `$` let `"soldat\n"` through).
    @Test func namesMatchTheirWholeShape() {
        expectError(replacing: "\"name\": \"soldat\"", with: "\"name\": \"soldat\\n\"", path: "$.name", containing: "bundle name")
        expectError(replacing: "\"name\": \"soldat\"", with: "\"name\": \"\"", path: "$.name", containing: "bundle name")
        expectError(replacing: "\"name\": \"soldat\"", with: "\"name\": \"\(String(repeating: "s", count: 65))\"", path: "$.name", containing: "at most 64")
        expectError(replacing: "\"name\": \"soldat\"", with: "\"name\": \"-soldat\"", path: "$.name", containing: "bundle name")
        expectError(replacing: "\"branch\": \"v3.24\"", with: "\"branch\": \"v3.24\\n\"", path: "$.alpine.branch", containing: "\"vX.Y\"")
        expectError(replacing: "\"branch\": \"v3.24\"", with: "\"branch\": \"v3.\"", path: "$.alpine.branch", containing: "\"vX.Y\"")
        expectError(replacing: "\"branch\": \"v3.24\"", with: "\"branch\": \"v3.2.4\"", path: "$.alpine.branch", containing: "\"vX.Y\"")
        expectError(replacing: "\"repositories\": [\"main\"]", with: "\"repositories\": [\"main\\n\"]", path: "$.alpine.repositories[0]", containing: "repository name")
        expectError(replacing: "{\"TZ\": \"UTC\"}", with: "{\"TZ\\n\": \"UTC\"}", path: "$.sandbox.env[\"TZ\\n\"]", containing: "environment variable name")
        expectError(replacing: "\"sha256\": \"ab", with: "\"sha256\": \"a", path: "$.app.sha256", containing: "64 lower-case hex")
        for name in ["a", "0", String(repeating: "s", count: 64), "soldat-2.8_x.y"] {
            #expect((try? decode(Self.valid.replacingOccurrences(of: "\"name\": \"soldat\"", with: "\"name\": \"\(name)\"")))?.name == name)
        }
        #expect((try? decode(Self.valid.replacingOccurrences(of: "v3.24", with: "v10.0")))?.alpine.branch == "v10.0")
    }

    /// A trailing "/" marks a state directory; the path itself is stored without it.
    @Test func aTrailingSlashMarksAStateDirectory() throws {
        let manifest = try decode(Self.valid.replacingOccurrences(of: "[\"logs\", \"anti-cheat\", \"banned.txt\"]",
                                                                  with: "[\"logs/\", \"anti-cheat\", \"banned.txt\"]"))
        #expect(manifest.app.state == ["logs", "anti-cheat", "banned.txt"])
        #expect(manifest.app.stateDirectories == ["logs"])
        expectError(replacing: "\"state\": [\"logs\"", with: "\"state\": [\"logs//\"", path: "$.app.state[0]", containing: "relative path")
        expectError(replacing: "\"state\": [\"logs\"", with: "\"state\": [\"/\"", path: "$.app.state[0]", containing: "relative path")
        expectError(replacing: "\"anti-cheat\", \"banned.txt\"", with: "\"logs/\", \"banned.txt\"", path: "$.app.state[1]", containing: "overlaps \"logs\"")
    }

    @Test func plainHTTPNeedsADigest() {
        let text = Self.valid.replacingOccurrences(of: "https://static.soldat.pl", with: "http://static.soldat.pl")
            .replacingOccurrences(of: "\"sha256\": \"\(String(repeating: "ab", count: 32))\",", with: "")
        #expect { try decode(text) } throws: { error in
            (error as? DocumentError)?.path == "$.app.url" && String(describing: error).contains("needs \"sha256\"")
        }
    }

    @Test func syntaxErrorsNameLineAndColumn() {
        #expect { try decode("{\n  \"name\": \"x\",\n  \"alpine\": {,}\n}") } throws: { error in
            String(describing: error).hasPrefix("m.json: $.alpine: line 3, column 14:")
        }
    }

    @Test func missingRequiredFieldsAreNamed() {
        #expect { try decode("{\"name\": \"x\", \"app\": {\"url\": \"a\", \"entry\": \"b\"}}") } throws: { error in
            String(describing: error) == "m.json: $: missing field \"alpine\""
        }
    }
}
