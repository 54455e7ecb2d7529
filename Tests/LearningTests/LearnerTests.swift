import Foundation
import Learning
import POSIX
import Seccomp
import Testing
import TestSupport

/// The ptrace learner on real programs under a real TRACE filter (installed by the test
/// loader as bwrap installs it): what it records, how it follows a process tree, signals and
/// job control, and how a run ends.
@Suite struct LearnerTests {
    @Test func recordsEveryCallTheProgramMakesAndNothingBeforeItsExec() throws {
        try HostRequirement.require(.ptrace, .seccomp, .gcc32)
        try withScratch("learn") { dir in
            let workloads = Workloads(in: dir)
            try workloads.buildLoader()
            try workloads.buildManySyscalls()
            let result = try workloads.learn(templatePolicy, workloads.manySyscalls)
            #expect(result.exitStatus == .exited(0))
            let expected = try workloads.manySyscallNames()
            #expect(result.calls.names(arch: "x86") == expected)
            // The loader's own calls come before the filter; its execve is allowed: nothing native stops.
            #expect(result.calls.names(arch: "x86_64").isEmpty)
            #expect(result.ignored.isEmpty)
            #expect(result.seccompStops == expected.count)
            #expect(result.calls.sightings.values.allSatisfy { $0.count == 1 && $0.firstSeen != nil })
        }
    }

    @Test func learningTwiceMergesAndAWarmRunStopsOnNothing() throws {
        try HostRequirement.require(.ptrace, .seccomp, .gcc32)
        try withScratch("learn") { dir in
            let workloads = Workloads(in: dir)
            try workloads.buildLoader()
            try workloads.buildManySyscalls()
            try workloads.buildFamily()
            var policy = templatePolicy
            policy.merge(try workloads.learn(templatePolicy, workloads.manySyscalls).calls.policy())
            let first = policy
            // The same run from the same template again: counts add, nothing is removed.
            policy.merge(try workloads.learn(templatePolicy, workloads.manySyscalls).calls.policy())
            #expect(policy.learned)
            #expect(policy.allSyscallNames == first.allSyscallNames)
            #expect(policy.arches["x86"]?.syscalls.values.allSatisfy { $0.count == 2 } == true)
            for (name, entry) in first.arches["x86"]?.syscalls ?? [:] {
                #expect(policy.arches["x86"]?.syscalls[name]?.firstSeen == entry.firstSeen)
            }

            // Warm: everything is allowed, so the kernel never stops the program.
            let warm = try workloads.learn(policy, workloads.manySyscalls)
            #expect(warm.seccompStops == 0)
            #expect(warm.calls.isEmpty)
            #expect(policy.merging(try warm.calls.policy()) == policy)

            // Another program from the warm policy: only what is new stops, and is added.
            let family = try workloads.learn(policy, workloads.family)
            #expect(family.exitStatus == .exited(7))
            let added = family.calls.names(arch: "x86")
            #expect(added.isDisjoint(with: policy.arches["x86"]?.syscalls.keys.map { $0 } ?? []))
            let merged = policy.merging(try family.calls.policy())
            #expect(Set(merged.allSyscallNames) == Set(policy.allSyscallNames).union(added))
            #expect(merged.arches["x86"]?.syscalls["getpid"] == policy.arches["x86"]?.syscalls["getpid"])
        }
    }

    @Test func followsSignalHandlersThreadsChildrenAndExecs() throws {
        try HostRequirement.require(.ptrace, .seccomp, .gcc32)
        try withScratch("learn") { dir in
            let workloads = Workloads(in: dir)
            try workloads.buildLoader()
            try workloads.buildFamily()
            let result = try workloads.learn(templatePolicy, workloads.family)
            // 7: the SIGUSR1 handler ran, so the signal was delivered through its stop.
            #expect(result.exitStatus == .exited(7))
            let names = result.calls.names(arch: "x86")
            #expect(names.isSuperset(of: ["getsid", "sched_get_priority_max", "sched_get_priority_min",
                                          "getpgid", "execve", "wait4"]), "\(names.sorted())")
            #expect(names.contains("sigreturn") || names.contains("rt_sigreturn"))  // the handler returned
            #expect(names.contains("clone") || names.contains("clone3"))
        }
    }

    @Test func aStoppedProgramStaysStoppedUntilSIGCONT() throws {
        try HostRequirement.require(.ptrace, .seccomp, .gcc32)
        try withScratch("learn") { dir in
            let workloads = Workloads(in: dir)
            try workloads.buildLoader()
            try workloads.buildFamily()
            let observed = Locked<[String]>([])
            let result = try workloads.learn(templatePolicy, workloads.family, ["stop"]) { session in
                // The loader execs the program in place: the root is the program.
                let pid = session.rootProcess
                try waitUntil(seconds: 10) { processState(pid) == "t" }
                usleep(300_000)
                observed.value.append(processState(pid) ?? "gone")
                kill(pid, SIGCONT)
                try waitUntil(seconds: 10) { session.hasEnded }
            }
            #expect(observed.value == ["t"])  // still stopped 0.3 s later: group-stop kept (PTRACE_LISTEN)
            #expect(result.exitStatus == .exited(5))
            #expect(result.stopReason == nil)
            #expect(result.exerciseFailure == nil)
        }
    }

    @Test func theDurationEndsTheRunWithSIGTERM() throws {
        try HostRequirement.require(.ptrace, .seccomp, .gcc32)
        try withScratch("learn") { dir in
            let workloads = Workloads(in: dir)
            try workloads.buildLoader()
            try workloads.buildFamily()
            let result = try workloads.learn(templatePolicy, workloads.family, ["term"], options: LearningOptions(duration: 1))
            #expect(result.exitStatus == .exited(3))  // its SIGTERM handler ran
            #expect(result.stopReason == .duration)
            #expect(!result.killed)
            #expect(result.calls.names(arch: "x86").isSuperset(of: ["pause", "getsid", "sigreturn"])
                    || result.calls.names(arch: "x86").isSuperset(of: ["pause", "getsid", "rt_sigreturn"]))
        }
    }

    @Test func aProgramIgnoringSIGTERMIsKilledAfterTheGracePeriod() throws {
        try HostRequirement.require(.ptrace, .seccomp, .gcc32)
        try withScratch("learn") { dir in
            let workloads = Workloads(in: dir)
            try workloads.buildLoader()
            try workloads.buildFamily()
            let result = try workloads.learn(templatePolicy, workloads.family, ["stubborn"],
                                             options: LearningOptions(gracePeriod: 0.3)) { session in
                try waitForPause(session.rootProcess)
                session.stop()
            }
            #expect(result.exitStatus == .signalled(SIGKILL))
            #expect(result.stopReason == .requested)
            #expect(result.killed)
        }
    }

    @Test func anExerciseThatFailsIsReportedAndStillEndsTheRun() throws {
        try HostRequirement.require(.ptrace, .seccomp, .gcc32)
        try withScratch("learn") { dir in
            let workloads = Workloads(in: dir)
            try workloads.buildLoader()
            try workloads.buildFamily()
            let result = try workloads.learn(templatePolicy, workloads.family, ["term"]) { session in
                try waitForPause(session.rootProcess)  // its SIGTERM handler is set
                throw WorkloadError("the client got no answer")
            }
            #expect(result.exerciseFailure == "the client got no answer")
            #expect(result.stopReason == .exerciseFinished)
            #expect(result.exitStatus == .exited(3))
        }
    }

    @Test func aCommandThatCannotStartIsExplained() throws {
        try HostRequirement.require(.ptrace)
        try withScratch("learn") { dir in
            #expect(throws: LearningError.notFound(executable: "no-such-program-here", searchPath: "/nonexistent")) {
                try Learner.run(LearningCommand("no-such-program-here", environment: ["PATH": "/nonexistent"]))
            }
            try writeFile(dir + "/not-executable", "#!/bin/sh\n", mode: 0o644)
            let error = #expect(throws: LearningError.self) { try Learner.run(LearningCommand(dir + "/not-executable")) }
            #expect(error == .cannotStart(command: dir + "/not-executable", step: "exec", errno: EACCES))
            #expect(error?.description.contains("Permission denied") == true)
        }
    }
}

/// The state letter of `/proc/PID/stat` (`R`, `S`, `t` for a tracing stop, …), `nil` when gone.
func processState(_ pid: Int32) -> String? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return nil }
    return stat[stat.index(after: close)...].split(separator: " ").first.map(String.init)
}

/// Waits until the loader's process runs learn-family and sleeps (in pause()).
func waitForPause(_ pid: Int32) throws {
    try waitUntil(seconds: 10) {
        let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe")
        return exe?.hasSuffix("learn-family") == true && processState(pid) == "S"
    }
}

/// Polls `condition` every 10 ms for up to `seconds`.
func waitUntil(seconds: Double, _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while try !condition() {
        if Date() > deadline { throw WorkloadError("timed out after \(seconds) s") }
        usleep(10_000)
    }
}

/// A value tests share with an exercise thread.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
