#if canImport(Glibc)
import Glibc
#endif
import Builder
import Foundation
import POSIX
import Sandbox
import Seccomp
import Testing
import TestSupport

/// What a built bundle's sandbox holds, run for real: a probe program (Tests/Support/
/// sandbox-probe.c, compiled now) built as a bundle with --no-seccomp, so only the mount
/// namespace, the read-only binds and the dropped capabilities stand between it and the host;
/// and the stand-in under the demo's real filter.
@Suite struct SandboxHoldsTests {
    /// Builds the probe as the app of a bundle (`/probe`, state `data/`, no network, no filter).
    func probeBundle(_ demo: DemoBuildFixture) throws -> String {
        let app = demo.scratch + "/probe-app"
        try FileTree.makeDirectories(app)
        let compiled = try run("gcc", ["-m32", "-O1", "-no-pie", "-fno-pie", "-fno-stack-protector", "-U_FORTIFY_SOURCE",
                                       "-D_FORTIFY_SOURCE=0", "-o", app + "/probe", Repository.root + "/Tests/Support/sandbox-probe.c"])
        try #require(compiled.status.succeeded, "gcc: \(compiled.errorOutput)")
        try writeFile(app + "/README.txt", "the barracks sandbox probe\n")
        try ZipFixture.make(from: app, top: "probe-1.0", to: demo.scratch + "/probe-1.0.zip")
        var manifest = demo.defaultManifest
        manifest.name = "probe"
        manifest.appURL = "probe-1.0.zip"
        manifest.sha256 = nil
        manifest.entry = "probe"
        manifest.mount = "/probe"
        manifest.args = ["/probe", "/probe/data"]
        manifest.state = ["data/"]
        manifest.network = "none"
        manifest.policy = nil
        let path = try demo.write(manifest, to: demo.scratch + "/probe.json")
        let bundle = demo.bundles + "/probe"
        let built = try demo.buildInProcess(manifest: path, out: bundle) { $0.noSeccomp = true }
        #expect(built.policyStatus == "disabled")
        return bundle
    }

    @Test func theProbeSeesNothingOfTheHostAndCannotWriteOrGainCapabilities() throws {
        try withDemoBuild("probe") { demo in
            let bundle = try probeBundle(demo)
            defer { _ = try? run("/usr/bin/umount", [bundle + "/state/data"]) }  // only if the mount probe got through
            let probe = try run(bundle + "/run", [], environment: demo.environment)
            #expect(probe.status == .exited(0), "\(probe.output)\(probe.errorOutput)")
            #expect(probe.errorOutput.contains("no seccomp filter"), "the launcher announces --no-seccomp")
            var seen: [String: String] = [:]
            for line in probe.output.split(separator: "\n") {
                let parts = line.split(separator: " ", maxSplits: 1)
                if parts.count == 2 { seen[String(parts[0])] = String(parts[1]) }
            }

            // The host has these; the bundle's root does not (mount namespace: ENOENT).
            for (probeName, path) in [("read-etc-hostname", "/etc/hostname"), ("read-etc-shadow", "/etc/shadow"),
                                      ("open-root-home", "/root"), ("open-home", "/home")] {
                if FileTree.exists(path) { #expect(seen[probeName] == "errno \(ENOENT)", "\(probeName): \(seen[probeName] ?? "not run")") }
            }
            // Read-only binds of the app and the root (EROFS, even for root).
            for name in ["write-app", "write-root", "write-loader", "mkdir-root"] {
                #expect(seen[name] == "errno \(EROFS)", "\(name): \(seen[name] ?? "not run")")
            }
            #expect(!FileTree.exists(bundle + "/app/probe-was-here"))
            // Capabilities dropped: none effective, permitted or in the bounding set; no mount.
            for name in ["CapEff", "CapPrm", "CapBnd"] {
                #expect(seen[name] == "0000000000000000", "\(name): \(seen[name] ?? "not run")")
            }
            #expect(seen["mount-tmpfs"] == "errno \(EPERM)", "mount-tmpfs: \(seen["mount-tmpfs"] ?? "not run")")
            if getuid() == 0 {
                #expect(try hostStatus("CapEff") != "0000000000000000", "this test runs as root: the host process has capabilities")
            }
            // Its own PID namespace: PID 1 is bwrap's reaper, not the host's init; 2 processes.
            let hostInit = String(decoding: try readFile("/proc/1/cmdline").split(separator: 0).first ?? [], as: UTF8.self)
            let pid1 = try #require(seen["pid1"])
            #expect(pid1 != hostInit && pid1.hasSuffix("bwrap"), "pid1: \(pid1), host init: \(hostInit)")
            #expect((Int(seen["processes"] ?? "") ?? 99) <= 2, "processes: \(seen["processes"] ?? "not run")")
            // What it may do still works: the probe is not just failing everything.
            #expect(seen["read-app"] == "ok")
            #expect(seen["write-state"] == "ok")
            #expect(try readFile(bundle + "/state/data/written") == Array("probe\n".utf8))
            #expect(try demo.verify(bundle) == [], "the probe changed the bundle")
        }
    }

    @Test func anOutOfPolicySyscallKillsTheProgramWithSIGSYS() throws {
        try withDemoBuild("sigsys") { demo in
            try demo.buildInProcess()
            let server = try demo.start(demo.bundle + "/run")
            defer { server.signal(SIGKILL); _ = try? server.wait() }
            let ready = try demo.query(["STATUS"])
            #expect(ready.status == .exited(0), "\(ready.output)\(ready.errorOutput)\(demo.output())")
            let forbidden = try demo.query(["FORBIDDEN"], waitReady: nil, expectNoReply: true)
            #expect(forbidden.status == .exited(0), "FORBIDDEN got a reply: \(forbidden.output)")
            #expect(try server.wait() == .exited(128 + SIGSYS))  // 159: the launcher passes on bwrap's status
            let log = String(decoding: try readFile(demo.bundle + "/state/logs/console.log"), as: UTF8.self)
            #expect(log.contains("forbidden: calling swapoff"))
            #expect(!log.contains("swapoff returned"), "swapoff returned instead of killing the process")
        }
    }

    @Test func theNativeSideOfTheFilterAllowsOnlyWhatBwrapNeeds() throws {
        try withDemoBuild("native") { demo in
            let built = try demo.buildInProcess()
            let program = try BPFProgram(bytes: try readFile(demo.bundle + "/seccomp/filter.bpf"))
            let table = SyscallTable(arch: .x86_64)
            var allowed: [String] = []
            for number in 0..<SyscallTable.limit {
                let outcome = try BPFEvaluator.run(program, SeccompData(nr: number, arch: SeccompArch.x86_64.token))
                if outcome.action == .allow { allowed.append(table.name(of: number) ?? "#\(number)") }
                // The x32 ABI (bit 30 of the number) reaches the same kernel: never allowed.
                let x32 = try BPFEvaluator.run(program, SeccompData(nr: number | 0x4000_0000, arch: SeccompArch.x86_64.token))
                #expect(x32.action != .allow, "x32 syscall \(number) allowed")
            }
            #expect(allowed.sorted() == ["execve", "exit_group", "wait4", "write"])
            // That is what bwrap needs with the launcher's own flags, and the policy adds nothing native.
            let spec = built.record.sandboxSpec(seccomp: .filter(sha256: built.record.seccomp.filterSHA256 ?? ""))
            let arguments = BwrapCommand(spec).arguments(bundleDirectory: demo.bundle, hardening: true)
            #expect(BwrapNativeNeeds(BwrapLaunchFlags(bwrapArguments: arguments)).syscalls == allowed.sorted())
            #expect(try PolicyFile.read(demo.bundle + "/seccomp/policy.json").arches.keys.sorted() == ["x86"])
            // The program's side kills what the policy lacks (swapoff, the stand-in's FORBIDDEN).
            let swapoff = try #require(SyscallTable(arch: .x86).number(of: "swapoff"))
            #expect(try BPFEvaluator.run(program, SeccompData(nr: swapoff, arch: SeccompArch.x86.token)).action == .killProcess)
            // A third arch is killed outright.
            #expect(try BPFEvaluator.run(program, SeccompData(nr: 0, arch: 0xC000_00B7)).action == .killProcess)  // aarch64
        }
    }

    /// A field of this process's /proc/self/status.
    func hostStatus(_ key: String) throws -> String {
        let text = String(decoding: try readFile("/proc/self/status"), as: UTF8.self)
        let line = text.split(separator: "\n").first { $0.hasPrefix(key + ":") } ?? ""
        return line.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
    }
}
