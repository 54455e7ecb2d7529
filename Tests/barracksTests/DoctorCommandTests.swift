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

    /// The IA-32 check runs a 32-bit program, not a file test: strace sees i386 syscalls
    /// (numbered in the i386 table: write is 4 and exit is 1 there, 1 and 60 on x86_64) from
    /// the program doctor starts, and doctor reports what the program did.
    @Test func theIA32CheckRunsA32BitProgram() throws {
        try HostRequirement.require(.strace, .gcc32)
        try withScratch("doctor") { dir in
            let trace = dir + "/trace"
            let result = try run("strace", ["-f", "-qq", "-n", "-e", "trace=execve,write,exit", "-o", trace, Repository.barracks, "doctor", "--json"])
            let (_, checks, _) = try Self.checks(result)
            let ia32 = try #require(checks["ia32"])
            #expect(ia32["status"] == "pass", "\(ia32)")
            #expect(ia32["detail"] == "a 32-bit x86 program ran: it wrote \"ia32\" and exited with status 42", "\(ia32)")

            let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
            let exec = try #require(lines.first { $0.contains("execve(\"") && $0.contains("barracks-doctor.") && $0.hasSuffix("= 0") },
                                    "no exec of the doctor's program:\n\(lines.joined(separator: "\n"))")
            let pid = exec.split(separator: " ").first.map(String.init) ?? "?"
            // "PID  [   4] write(1, …": the number strace shows is the one in the caller's table.
            let calls = lines.filter { $0.hasPrefix(pid + " ") && !$0.contains("execve(") }.compactMap { line -> String? in
                guard let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]") else { return nil }
                return line[line.index(after: open)..<close].trimmingCharacters(in: .whitespaces) + " "
                    + line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)
            }
            #expect(calls.contains { $0.hasPrefix("4 write(1, \"ia32\\n\", 5)") }, "\(calls)")
            #expect(calls.contains { $0.hasPrefix("1 exit(42)") }, "\(calls)")
        }
    }

    /// Hardened hosts mount /tmp noexec: the IA-32 check must then say that its test program
    /// could not run, not send the user to reboot with IA-32 emulation. The temporary
    /// directory is a noexec tmpfs in a mount namespace of the test's own.
    @Test func aNoexecTemporaryDirectoryIsNotMistakenForMissingIA32() throws {
        try HostRequirement.require(.userNamespaces)
        try withScratch("doctor") { dir in
            let script = "mount -t tmpfs -o noexec none \"$1\" && TMPDIR=\"$1\" exec \"$2\" doctor --json"
            let result = try run("unshare", ["--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", dir, Repository.barracks])
            #expect(result.status == .exited(3), "\(result.errorOutput)")
            let (_, checks, _) = try Self.checks(result)
            let ia32 = try #require(checks["ia32"])
            #expect(ia32["status"] == "fail")
            #expect(ia32["detail"]?.contains("Permission denied") == true, "\(ia32)")
            #expect(ia32["fix"]?.contains("noexec") == true, "\(ia32)")
            #expect(ia32["fix"]?.contains("IA-32 emulation") == false, "\(ia32)")
        }
    }

    /// The user-namespace check starts a sandbox with a user namespace of its own: the
    /// namespace it reports is not the one barracks (and this test) run in.
    @Test func theUserNamespaceCheckReallyCreatesOne() throws {
        try HostRequirement.require(.bwrap, .userNamespaces)
        let (_, checks, _) = try Self.checks(try runBarracks(["doctor", "--json"]))
        let check = try #require(checks["user-namespaces"])
        #expect(check["status"] == "pass", "\(check)")
        let ours = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/user")
        let detail = check["detail"] ?? ""
        let made = detail.split(separator: " ").first { $0.hasPrefix("user:[") }.map(String.init)
        #expect(made != nil, "the detail names no namespace: \(detail)")
        #expect(made != ours, "the sandbox ran in barracks' own user namespace \(ours): \(detail)")
        #expect(detail.contains("(barracks runs in \(ours))"), "\(detail)")
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

    /// A bundle of the escape probe from the demo mirror, binding the host's resolv.conf.
    static func buildBundle(in dir: String) throws -> String {
        let manifest = try ProbeManifest.write(in: dir, resolvConf: true)
        let bundle = dir + "/bundle"
        let result = try runBarracks(["build", manifest, "--out", bundle, "--quiet"], environment: ProbeManifest.environment(dir))
        try #require(result.status.succeeded, "\(result.output)\(result.errorOutput)")
        return bundle
    }
}
