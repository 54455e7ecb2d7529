import Foundation
import Learning
import POSIX
import Sandbox
import Seccomp
import Testing
import TestSupport

/// The whole learning story on the stand-in server: learn through the bundle's own launcher
/// (real bwrap, real TRACE filter, real ptrace) while a client exercises it, check the result
/// against strace, then run the same exercise under the compiled `kill_process` filter.
@Suite struct StandinLearningTests {
    @Test func learnedPolicyCoversStraceAndRunsTheExerciseUnderKillProcess() throws {
        try HostRequirement.require(.bwrap, .userNamespaces, .ptrace, .seccomp, .gcc32, .strace)
        try withScratch("standin") { dir in
            let nameserver = try DNSStub()
            defer { nameserver.stop() }
            let bundle = try StandinBundle(in: dir, port: try freeUDPPort(), nameserverPort: nameserver.port)

            // 1. Learn: the launcher in learning mode, every process traced, the exercise meanwhile.
            let filter = try FilterCompiler.learningFilter(for: templatePolicy, additions: [bundle.bwrapNeeds.addition])
            let file = try LearningFilterFile(filter)
            var command = LearningCommand(bundle.run)
            command.environment = ProcessInfo.processInfo.environment.merging([LauncherScript.learningFilterVariable: file.path]) { $1 }
            let errors = try FileDescriptor.open(dir + "/learn.err", O_WRONLY | O_CREAT | O_TRUNC)
            let output = try FileDescriptor.open(dir + "/learn.out", O_WRONLY | O_CREAT | O_TRUNC)
            command.standardOutput = output
            command.standardError = errors
            try bundle.clearLog()
            let learned = try withExtendedLifetime(file) {
                try Learner.run(command, options: LearningOptions(gracePeriod: 10)) { _ in try bundle.exercise() }
            }
            try output.close()
            try errors.close()
            let stderr = try String(contentsOfFile: dir + "/learn.err", encoding: .utf8)
            #expect(learned.exerciseFailure == nil)
            #expect(learned.exitStatus == .exited(0), "\(stderr)")  // SIGTERM reached the stand-in through the launcher
            #expect(learned.stopReason == .exerciseFinished && !learned.killed)
            #expect(stderr.contains("run: learning mode: filter \(file.path)"))
            #expect(try String(contentsOfFile: bundle.consoleLog, encoding: .utf8).contains("shutdown: SIGTERM"))
            let x86 = learned.calls.names(arch: "x86")
            // The x86_64 side: only what bwrap needs (and the learning filter already allows that).
            #expect(learned.calls.names(arch: "x86_64").isSubset(of: bundle.bwrapNeeds.syscalls))
            #expect(learned.ignored.isEmpty)
            #expect(learned.calls.unnamed.isEmpty)

            // 2. strace on the same workload sees no i386 call the learner missed.
            let traced = try straceRun(bundle, dir: dir)
            #expect(!traced.isEmpty)
            #expect(traced.isSubset(of: x86), "strace saw what learning did not: \(traced.subtracting(x86).sorted())")
            let recorded = try String(contentsOfFile: Repository.root + "/examples/standin/strace-syscalls.txt", encoding: .utf8)
                .split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { $0.split(separator: " ").first.map(String.init) }
            #expect(Set(recorded).isSubset(of: x86), "missing from the learned set: \(Set(recorded).subtracting(x86).sorted())")

            // 3. The learned policy under kill_process: the whole exercise, then SIGTERM → 0.
            let policy = templatePolicy.merging(try learned.calls.policy(defaultAction: .killProcess))
            let compiled = try FilterCompiler.compile(policy, additions: [bundle.bwrapNeeds.addition])
            #expect(try compiled.verify().proven)
            try bundle.install(compiled)
            let server = try bundle.launch(name: "filtered")
            try bundle.exercise()
            server.signal(SIGTERM)
            let status = try server.wait()
            let serverErrors = (try? String(contentsOfFile: dir + "/filtered.err", encoding: .utf8)) ?? ""
            #expect(status == .exited(0), "\(serverErrors)")
            #expect(try String(contentsOfFile: bundle.bannedList, encoding: .utf8).contains("203.0.113.7:-1:aimbot"))

            // 4. …and the forbidden syscall kills it with SIGSYS: the launcher exits 128 + 31.
            let victim = try bundle.launch(name: "forbidden")
            let client = try run("python3", [Repository.root + "/Tests/Support/standin-client.py", "-p", String(bundle.port),
                                             "--wait-ready", "20", "--timeout", "1"])
            #expect(client.status.succeeded)
            let forbidden = try run("python3", [Repository.root + "/Tests/Support/standin-client.py", "-p", String(bundle.port),
                                                "--timeout", "1", "--expect-no-reply", "FORBIDDEN"])
            #expect(forbidden.status.succeeded, "\(forbidden.output)")
            #expect(try victim.wait() == .exited(159))
        }
    }

    /// Runs the exercise under `strace -f -n` (learning mode with an allow-all filter, i.e.
    /// no restriction) and returns the libseccomp names of the i386 calls the stand-in made
    /// after its exec.
    func straceRun(_ bundle: StandinBundle, dir: String) throws -> Set<String> {
        let allowAll = dir + "/allow-all.bpf"
        try writeFile(allowAll, [0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x7f])  // RET ALLOW
        let trace = dir + "/strace.txt"
        let strace = try bundle.launch([LauncherScript.learningFilterVariable: allowAll],
                                       prefix: ["strace", "-f", "-qq", "-n", "-o", trace], name: "strace")
        try bundle.exercise()
        // SIGTERM to the launcher (strace's child), which forwards it to the stand-in.
        var launcher: Int32?
        try waitUntil(seconds: 10) {
            let children = (try? String(contentsOfFile: "/proc/\(strace.pid)/task/\(strace.pid)/children", encoding: .utf8)) ?? ""
            launcher = children.split(separator: " ").first.flatMap { Int32($0) }
            return launcher != nil
        }
        kill(launcher ?? 0, SIGTERM)
        #expect(try strace.wait() == .exited(0))
        return try Self.programCalls(inTrace: String(contentsOfFile: trace, encoding: .utf8), program: bundle.spec.programPath)
    }

    /// From `strace -f -n -o` output: the calls of the process that exec'd `program`, after the exec.
    static func programCalls(inTrace trace: String, program: String) throws -> Set<String> {
        let lines = trace.split(separator: "\n")
        guard let start = lines.firstIndex(where: { $0.contains("execve(\"\(program)\"") }),
              let pid = lines[start].split(separator: " ").first else {
            throw WorkloadError("no successful execve of \(program) in the trace")
        }
        let table = SyscallTable(arch: .x86)
        var names: Set<String> = []
        for line in lines[(start + 1)...] {
            // "PID [  5] open(…": the number in the i386 table after the exec. "<… resumed>" lines
            // continue a call already seen (the exec's own is the x86_64 number of execve).
            if line.contains(" resumed>") { continue }
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count >= 3, words[0] == pid, words[1].hasPrefix("["),
                  let close = line.firstIndex(of: "]"), let open = line.firstIndex(of: "[") else { continue }
            guard let number = Int32(line[line.index(after: open)..<close].trimmingCharacters(in: .whitespaces)),
                  let name = table.name(of: number) else { continue }
            names.insert(name)
        }
        return names
    }
}
