import Foundation
import POSIX
import Sandbox
import Testing
import TestSupport

/// The generated `run` script, started for real under bwrap.
@Suite struct LauncherScriptTests {
    @Test func passesArgumentsAndEnvironmentAndReturnsTheProgramsStatus() throws {
        try HostRequirement.require(.bwrap, .userNamespaces)
        try withScratch { dir in
            let bundle = try MiniBundle(in: dir, script: "echo \"args:$*\"; echo \"env:$GREETING:$PATH\"; echo \"cwd:$(pwd)\"; exit 42\n")
            let result = try bundle.run(["two words", "it's"])
            #expect(result.status == .exited(42), "\(result.errorOutput)")
            #expect(result.output.contains("args:fixed two words it's"))
            #expect(result.output.contains("env:hello there:/usr/local/sbin"))
            #expect(result.output.contains("cwd:/app"))
        }
    }

    /// bwrap's PID-1 reaper is a fork of bwrap: whatever environment bwrap started with is
    /// readable inside as /proc/1/environ, --clearenv or not. The launcher gives it none.
    @Test func theCallersEnvironmentIsNotReadableInsideTheSandbox() throws {
        try HostRequirement.require(.bwrap, .userNamespaces)
        try withScratch { dir in
            let script = "for f in /proc/[0-9]*/environ; do echo \"$f:\"; cat \"$f\" | tr '\\0' '\\n'; done\n"
            let bundle = try MiniBundle(in: dir, script: script)
            let secret = "secret-\(UInt64.random(in: 1...UInt64.max))"
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            let result = try bundle.run(environment: ["PATH": path, "API_TOKEN": secret])
            #expect(result.status == .exited(0), "\(result.errorOutput)")
            #expect(result.output.contains("/proc/1/environ:"), "PID 1 (bwrap's reaper) not listed: \(result.output)")
            #expect(result.output.contains("GREETING=hello there"), "the program's own environment is readable: \(result.output)")
            #expect(!result.output.contains(secret), "the caller's environment is readable inside: \(result.output)")
        }
    }

    /// Whether bwrap has --disable-userns is remembered per bwrap binary, but only in
    /// a runtime directory that is the user's alone: a "basic" answer another user planted
    /// (as anyone could in /tmp) must not switch the hardening off.
    @Test func aFeatureAnswerPlantedByAnotherUserIsIgnored() throws {
        try HostRequirement.require(.bwrap, .userNamespaces)
        let help = try run("bwrap", ["--help"])
        guard (help.output + help.errorOutput).contains("--disable-userns") else {
            try Test.cancel("this bwrap has no --disable-userns: nothing to switch off")
        }
        try withScratch { dir in
            let bundle = try MiniBundle(in: dir, script: "/bin/busybox unshare -U true 2>/dev/null && echo nested-allowed || echo nested-refused\n")
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            let runtime = dir + "/runtime"
            try FileTree.makeDirectories(runtime)
            chmod(runtime, 0o700)

            // Ours: asked once, remembered, and the answer is the truth.
            let first = try bundle.run(environment: ["PATH": path, "XDG_RUNTIME_DIR": runtime])
            #expect(first.output == "nested-refused\n", "\(first.errorOutput)")
            #expect(try String(contentsOfFile: runtime + "/barracks-bwrap-features", encoding: .utf8) == "hardened \(try #require(which("bwrap")))\n")

            // Someone else's directory and answer: ignored.
            guard getuid() == 0 else { return }
            try writeFile(runtime + "/barracks-bwrap-features", "basic\n")
            chown(runtime + "/barracks-bwrap-features", 65534, 65534)
            let plantedFile = try bundle.run(environment: ["PATH": path, "XDG_RUNTIME_DIR": runtime])
            #expect(plantedFile.output == "nested-refused\n", "\(plantedFile.errorOutput)")
            chown(runtime, 65534, 65534)
            chmod(runtime, 0o1777)
            let plantedDirectory = try bundle.run(environment: ["PATH": path, "XDG_RUNTIME_DIR": runtime])
            #expect(plantedDirectory.output == "nested-refused\n", "\(plantedDirectory.errorOutput)")
        }
    }

    /// Without `$XDG_RUNTIME_DIR` (root's shells, cron), the answer goes to barracks' own cache
    /// directory, made private; an answer for another bwrap binary is asked again.
    @Test func withoutARuntimeDirectoryTheAnswerIsRememberedInTheCache() throws {
        try HostRequirement.require(.bwrap, .userNamespaces)
        try withScratch { dir in
            let bundle = try MiniBundle(in: dir, script: "echo ran\n")
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            let home = dir + "/home"
            try FileTree.makeDirectories(home + "/.cache")
            let bwrap = try #require(which("bwrap"))
            let first = try bundle.run(environment: ["PATH": path, "HOME": home])
            #expect(first.output == "ran\n", "\(first.errorOutput)")
            let answer = try String(contentsOfFile: home + "/.cache/barracks/barracks-bwrap-features", encoding: .utf8)
            #expect(answer.hasSuffix(" \(bwrap)\n") && ["hardened", "basic"].contains(answer.split(separator: " ").first ?? ""))
            var st = stat()
            #expect(stat(home + "/.cache/barracks", &st) == 0 && st.st_mode & 0o777 == 0o700)

            // An answer recorded for another binary is not this one's.
            try writeFile(home + "/.cache/barracks/barracks-bwrap-features", "basic /elsewhere/bwrap\n")
            _ = try bundle.run(environment: ["PATH": path, "HOME": home])
            #expect(try String(contentsOfFile: home + "/.cache/barracks/barracks-bwrap-features", encoding: .utf8) == answer)
        }
    }

    @Test func standardInputReachesTheProgram() throws {
        try HostRequirement.require(.bwrap, .userNamespaces)
        try withScratch { dir in
            let bundle = try MiniBundle(in: dir, script: "read line; echo \"got:$line\"\n")
            let result = try bundle.run(input: Array("from stdin\n".utf8))
            #expect(result.output == "got:from stdin\n")
        }
    }

    @Test func isRelocatableAndWorksThroughASymlink() throws {
        try HostRequirement.require(.bwrap, .userNamespaces)
        try withScratch { dir in
            let bundle = try MiniBundle(in: dir, script: "echo moved\n")
            try FileManager.default.moveItem(atPath: bundle.directory, toPath: dir + "/elsewhere")
            let moved = try run(dir + "/elsewhere/run", [])
            #expect(moved.output == "moved\n")
            // Started as `./run` from inside the bundle, too.
            let relative = try Subprocess("./run", [], workingDirectory: dir + "/elsewhere").run()
            #expect(relative.output == "moved\n")
        }
    }

    @Test func sigtermReachesTheProgramAndItsStatusIsReturned() throws {
        try HostRequirement.require(.bwrap, .userNamespaces)
        try withScratch { dir in
            let script = "trap 'echo terminated > /app/logs/signal; exit 7' TERM\necho ready > /app/logs/ready\nwhile :; do sleep 0.05; done\n"
            let bundle = try MiniBundle(in: dir, script: script)
            var process = Subprocess(bundle.directory + "/run")
            process.standardOutput = .discard
            process.standardError = .discard
            let running = try process.launch()
            try waitFor(bundle.directory + "/state/logs/ready")
            running.signal(SIGTERM)
            let status = try running.wait()
            #expect(status == .exited(7))
            #expect(try String(contentsOfFile: bundle.directory + "/state/logs/signal", encoding: .utf8) == "terminated\n")
        }
    }

    @Test func unlearnedPolicyRefusesToStartAndSaysWhatToDo() throws {
        try withScratch { dir in
            let bundle = try MiniBundle(in: dir, script: "echo should not run\n", seccomp: .unlearned)
            let result = try bundle.run()
            #expect(result.status == .exited(Int32(LauncherScript.refusalStatus)))
            #expect(result.output.isEmpty)
            #expect(result.errorOutput.contains("barracks learn"))
        }
    }

    @Test func disabledSeccompIsAnnouncedEveryTime() throws {
        try HostRequirement.require(.bwrap, .userNamespaces)
        try withScratch { dir in
            let bundle = try MiniBundle(in: dir, script: "echo ran\n", seccomp: .disabled)
            let result = try bundle.run()
            #expect(result.output == "ran\n", "\(result.status) \(result.errorOutput)")
            #expect(result.errorOutput.contains("warning: no seccomp filter"))
        }
    }

    @Test func changedFilterRefusesToStart() throws {
        try HostRequirement.require(.bwrap, .userNamespaces)
        try withScratch { dir in
            let bundle = try MiniBundle(in: dir, script: "echo should not run\n")
            #expect(try bundle.run().output == "should not run\n")
            var filter = try readFile(bundle.directory + "/seccomp/filter.bpf")
            filter[6] = 0  // RET ALLOW → RET 0x00000000 (kill)
            try writeFile(bundle.directory + "/seccomp/filter.bpf", filter)
            let result = try bundle.run()
            #expect(result.status == .exited(Int32(LauncherScript.refusalStatus)))
            #expect(result.errorOutput.contains("does not match bundle.json"))
            #expect(result.output.isEmpty)
        }
    }

    @Test func learningModeLoadsTheGivenFilterEvenForAnUnlearnedBundle() throws {
        try HostRequirement.require(.bwrap, .userNamespaces)
        try withScratch { dir in
            let script = "while read -r key value; do [ \"$key\" = Seccomp: ] && echo \"seccomp:$value\"; done </proc/self/status\nexit 0\n"
            let bundle = try MiniBundle(in: dir, script: script, seccomp: .unlearned)
            let filter = dir + "/learning filter.bpf"
            try writeFile(filter, MiniBundle.allowAllFilter)
            let result = try bundle.run(environment: learning(filter))
            #expect(result.status == .exited(0), "\(result.errorOutput)")
            #expect(result.output == "seccomp:2\n")  // a filter is loaded, although the policy was never learned
            #expect(result.errorOutput.contains("run: learning mode: filter \(filter)\n"))
        }
    }

    @Test func learningModeUsesItsFilterInsteadOfTheBundlesAndSkipsTheDigestCheck() throws {
        try HostRequirement.require(.bwrap, .userNamespaces)
        try withScratch { dir in
            let bundle = try MiniBundle(in: dir, script: "echo ran\n")
            let killAll = dir + "/kill.bpf"
            try writeFile(killAll, [0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80])  // RET KILL_PROCESS
            // The bundle's own filter allows everything; the learning filter kills bwrap's exec.
            #expect(try bundle.run(environment: learning(killAll)).status == .exited(159))

            var changed = try readFile(bundle.directory + "/seccomp/filter.bpf")
            changed[6] = 0
            try writeFile(bundle.directory + "/seccomp/filter.bpf", changed)
            #expect(try bundle.run().status == .exited(Int32(LauncherScript.refusalStatus)))
            let allowAll = dir + "/allow.bpf"
            try writeFile(allowAll, MiniBundle.allowAllFilter)
            let learning = try bundle.run(environment: learning(allowAll))
            #expect(learning.output == "ran\n")
            #expect(!learning.errorOutput.contains("does not match"))
        }
    }

    @Test func anUnreadableLearningFilterIsRefused() throws {
        try withScratch { dir in
            let bundle = try MiniBundle(in: dir, script: "echo should not run\n", seccomp: .unlearned)
            let result = try bundle.run(environment: learning(dir + "/missing.bpf"))
            #expect(result.status == .exited(Int32(LauncherScript.refusalStatus)))
            #expect(result.errorOutput.contains("cannot read the learning filter \(dir)/missing.bpf"))
            #expect(result.output.isEmpty)
        }
    }

    /// The environment of a learning run: PATH (for bwrap) and the learning filter.
    func learning(_ filter: String) -> [String: String] {
        ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", LauncherScript.learningFilterVariable: filter]
    }

    @Test func missingBwrapIsExplained() throws {
        try withScratch { dir in
            let bundle = try MiniBundle(in: dir, script: "echo x\n")
            let result = try bundle.run(environment: ["PATH": "/nonexistent"])
            #expect(result.status == .exited(Int32(LauncherScript.refusalStatus)))
            #expect(result.errorOutput.contains("bwrap is not installed"))
        }
    }

    func waitFor(_ path: String, seconds: Double = 10) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !FileManager.default.fileExists(atPath: path) {
            if Date() > deadline { throw CocoaError(.fileNoSuchFile) }
            usleep(10_000)
        }
    }
}
