#if canImport(Glibc)
import Glibc
#endif
import Foundation
import POSIX
import Testing
import TestSupport

/// `barracks doctor` with the built binary: on this host (every check passes, and the checks
/// that claim to try something really do), with checks made to fail (no bwrap on PATH), and
/// for a bundle, intact and with a changed file.
@Suite struct DoctorCommandTests {
    /// The checks of `doctor --json` by name, and its `ok`.
    static func checks(_ result: ProcessResult) throws -> (ok: Bool, checks: [String: [String: String]], order: [String]) {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any], "\(result.output)")
        let list = try #require(object["checks"] as? [[String: String]])
        let ok = try #require(object["ok"] as? Bool)
        return (ok, Dictionary(uniqueKeysWithValues: list.map { ($0["name"] ?? "?", $0) }), list.compactMap { $0["name"] })
    }

    @Test func everyCheckPassesHereAndTheJSONSaysSo() throws {
        try HostRequirement.require(.bwrap, .userNamespaces, .seccomp, .gcc32)
        let text = try runBarracks(["doctor"])
        #expect(text.status == .exited(0), "\(text.output)\(text.errorOutput)")
        let lines = text.output.split(separator: "\n")
        for name in ["bwrap", "user-namespaces", "seccomp", "ia32"] {
            #expect(lines.contains { $0.hasPrefix("ok") && $0.split(separator: " ").dropFirst().first.map(String.init) == name }, "\(name): \(text.output)")
        }
        #expect(!text.output.contains("\u{1b}["), "no colour when not on a terminal")

        let json = try runBarracks(["doctor", "--json"])
        #expect(json.status == .exited(0))
        let (ok, checks, order) = try Self.checks(json)
        #expect(ok)
        #expect(order == ["bwrap", "user-namespaces", "seccomp", "ia32"])
        #expect(checks.values.allSatisfy { $0["status"] == "pass" && $0["fix"] == nil }, "\(checks)")
        let version = try run("bwrap", ["--version"]).output.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? "?"
        #expect(checks["bwrap"]?["detail"]?.contains(version) == true, "\(checks["bwrap"] ?? [:])")
        let actions = try String(contentsOfFile: "/proc/sys/kernel/seccomp/actions_avail", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(checks["seccomp"]?["detail"] == "actions: \(actions)")
    }

    @Test func withoutBwrapOnPathTheCheckFailsSaysToInstallItAndExitsThree() throws {
        let result = try runBarracks(["doctor", "--json"], environment: ["PATH": "/nonexistent"])
        #expect(result.status == .exited(3), "\(result.errorOutput)")
        let (ok, checks, _) = try Self.checks(result)
        #expect(!ok)
        #expect(checks["bwrap"]?["status"] == "fail")
        #expect(checks["bwrap"]?["detail"] == "bwrap is not on PATH")
        #expect(checks["bwrap"]?["fix"]?.contains("install bubblewrap") == true)
        #expect(checks["user-namespaces"]?["status"] == "fail", "cannot be tried without bwrap")

        let text = try runBarracks(["doctor"], environment: ["PATH": "/nonexistent"])
        #expect(text.status == .exited(3))
        #expect(text.output.contains("FAIL  bwrap"))
        #expect(text.output.contains("→ install bubblewrap"))
    }

    @Test func aBundleIsVerifiedAndAChangedFileFailsTheCheckNamingIt() throws {
        try HostRequirement.require(.bwrap, .userNamespaces, .seccomp, .gcc32)
        try withScratch("doctor") { dir in
            let bundle = try Self.buildBundle(in: dir)
            let intact = try runBarracks(["doctor", bundle, "--json"])
            #expect(intact.status == .exited(0), "\(intact.output)\(intact.errorOutput)")
            let (ok, checks, order) = try Self.checks(intact)
            #expect(ok)
            #expect(order == ["bwrap", "user-namespaces", "seccomp", "ia32", "resolv.conf", "bundle"], "an x86 bundle binding resolv.conf")
            #expect(checks["bundle"]?["status"] == "pass")
            #expect(checks["bundle"]?["detail"] == "\(bundle): every file matches bundle.json")

            // A changed file of the app (through the bundle's symlink into its generation).
            let data = bundle + "/app/data.txt"
            chmod(data, 0o644)
            try writeFile(data, "changed after the build\n")
            let changed = try runBarracks(["doctor", bundle, "--json"])
            #expect(changed.status == .exited(3))
            let (changedOK, changedChecks, _) = try Self.checks(changed)
            #expect(!changedOK)
            #expect(changedChecks["bundle"]?["status"] == "fail")
            #expect(changedChecks["bundle"]?["detail"]?.contains("changed: app/data.txt") == true, "\(changedChecks["bundle"] ?? [:])")
            #expect(changedChecks["bundle"]?["fix"]?.contains("barracks verify \(bundle)") == true)
            let text = try runBarracks(["doctor", bundle])
            #expect(text.status == .exited(3) && text.output.contains("FAIL  bundle") && text.output.contains("app/data.txt"))
        }
    }

    @Test func aMissingBundleIsAnErrorThatSaysSo() throws {
        let result = try runBarracks(["doctor", "/nonexistent/bundle"])
        #expect(result.status == .exited(1))
        #expect(result.errorOutput.contains("/nonexistent/bundle"), "\(result.errorOutput)")
    }

    /// A bundle of the escape probe (scripts/build-probe) from the demo mirror, binding the
    /// host's resolv.conf.
    static func buildBundle(in dir: String) throws -> String {
        let mirror = try RootfsCommandTests.mirror.get()
        let built = try run(Repository.root + "/scripts/build-probe", [dir + "/probe"])
        try #require(built.status.succeeded, "\(built.errorOutput)")
        try FileManager.default.createSymbolicLink(atPath: dir + "/mirror", withDestinationPath: mirror)
        try writeFile(dir + "/manifest.json", """
            {"name": "doctor", "alpine": {"mirror": "mirror", "branch": "v3.24", "packages": ["musl"], "keys": "mirror/keys"},
             "app": {"url": "probe/probe-1.0.zip", "entry": "probe", "state": ["state-dir"]},
             "sandbox": {"network": "none", "resolv_conf": true}}
            """)
        let bundle = dir + "/bundle"
        let result = try runBarracks(["build", dir + "/manifest.json", "--out", bundle, "--quiet"],
                                     environment: ["PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": dir + "/cache"])
        try #require(result.status.succeeded, "\(result.output)\(result.errorOutput)")
        return bundle
    }
}
