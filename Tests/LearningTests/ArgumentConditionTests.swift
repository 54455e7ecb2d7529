import Foundation
import Learning
import POSIX
import Seccomp
import Testing
import TestSupport

/// Learned argument values become conditions only when asked, and then the kernel enforces
/// exactly them: the values the program used pass, others are killed.
@Suite struct ArgumentConditionTests {
    @Test func learnedValuesBecomeConditionsTheKernelEnforces() throws {
        try HostRequirement.require(.ptrace, .seccomp, .gcc32)
        try withScratch("conditions") { dir in
            let workloads = Workloads(in: dir)
            try workloads.buildLoader()
            try workloads.buildManySyscalls()
            try workloads.buildFamily()
            try workloads.buildProbe32()
            var calls = try workloads.learn(templatePolicy, workloads.manySyscalls).calls
            calls.merge(try workloads.learn(templatePolicy, workloads.family).calls)

            let plain = try calls.policy()
            #expect(plain.arches["x86"]?.hasConditions == false)  // not asked: no conditions

            var policy = try calls.policy(conditions: true)
            let x86 = try #require(policy.arches["x86"])
            #expect(x86.syscalls["ioctl"]?.conditions == [[ArgumentComparison(index: 1, op: .eq, value: 0x5401)]])
            #expect(x86.syscalls["fcntl64"]?.conditions == [[ArgumentComparison(index: 1, op: .eq, value: 1)]])
            #expect(x86.syscalls["prctl"]?.conditions?.contains([ArgumentComparison(index: 0, op: .eq, value: 3)]) == true)
            // fork's flags hold no namespace bits: only those bits are compared.
            #expect(x86.syscalls["clone"]?.conditions == [[ArgumentComparison(index: 0, op: .maskedEq, value: 0,
                                                                              mask: ArgumentCapture.cloneNamespaceFlags)]])
            #expect(x86.syscalls["getpid"]?.conditions == nil)

            // Under the compiled filter (plus write for the probe's report, execve for the loader):
            policy.merge(Policy(arches: ["x86": ArchPolicy(syscalls: ["write": SyscallEntry()])]))
            let filter = try FilterCompiler.compile(policy, additions: [PolicyAddition(arch: "x86_64", syscalls: ["execve"], origin: .bwrap)])
            #expect(try filter.verify().proven)
            let path = dir + "/conditions.bpf"
            try writeFile(path, filter.program.bytes)
            func probe(_ nr: Int, _ args: [UInt64]) throws -> POSIX.ExitStatus {
                try run(workloads.loader, [path, workloads.probe32, String(nr)] + args.map { "0x" + String($0, radix: 16) }).status
            }
            #expect(try probe(54, [0xffff_ffff, 0x5401]) == .exited(0))            // ioctl(-1, TCGETS): learned
            #expect(try probe(54, [0xffff_ffff, 0x5413]) == .signalled(SIGSYS))    // ioctl(-1, TIOCGWINSZ): not
            #expect(try probe(221, [0xffff_ffff, 1]) == .exited(0))                // fcntl64(-1, F_GETFD)
            #expect(try probe(221, [0xffff_ffff, 4]) == .signalled(SIGSYS))        // fcntl64(-1, F_SETFL)
            #expect(try probe(120, [0x1000_0000 | 17]) == .signalled(SIGSYS))      // clone(CLONE_NEWUSER | SIGCHLD)
            // The whole family still runs: its fork passes the clone condition.
            #expect(try run(workloads.loader, [path, workloads.family]).status == .exited(7))
        }
    }

    @Test func conditionsStayOffWhereSeccompCannotEnforceThem() throws {
        var calls = LearnedCalls()
        // socket on x86 is also reached through socketcall, whose arguments sit behind a pointer.
        calls.record(LearnedSyscall(arch: "x86", name: "socket"), value: 2)
        calls.record(LearnedSyscall(arch: "x86_64", name: "socket"), value: 2)
        calls.record(LearnedSyscall(arch: "x86_64", name: "socket"), value: 10)
        // An ioctl seen once without its arguments (an imported record) cannot be narrowed.
        calls.record(LearnedSyscall(arch: "x86_64", name: "ioctl"), value: 0x5401)
        calls.record(LearnedSyscall(arch: "x86_64", name: "ioctl"))
        for request in 0..<UInt64(ArgumentCapture.maximumValues + 1) {
            calls.record(LearnedSyscall(arch: "x86_64", name: "fcntl"), value: request)
        }
        let policy = try calls.policy(conditions: true)
        #expect(policy.arches["x86"]?.syscalls["socket"]?.conditions == nil)
        #expect(policy.arches["x86_64"]?.syscalls["socket"]?.conditions == [[ArgumentComparison(index: 0, op: .eq, value: 2)],
                                                                             [ArgumentComparison(index: 0, op: .eq, value: 10)]])
        #expect(policy.arches["x86_64"]?.syscalls["ioctl"]?.conditions == nil)
        #expect(policy.arches["x86_64"]?.syscalls["fcntl"]?.conditions == nil)  // too many values
        #expect(policy.arches["x86_64"]?.syscalls["fcntl"]?.count == UInt64(ArgumentCapture.maximumValues + 1))
    }
}
