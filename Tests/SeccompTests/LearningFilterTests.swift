import Foundation
import POSIX
import Seccomp
import Testing
import TestSupport

/// The learning filter: the policy's allow rules plus additions, TRACE for everything else on
/// every arch a program may use, proven by the evaluator; and, on the real kernel, why it must
/// never be shipped (without a tracer, TRACE is ENOSYS).
@Suite struct LearningFilterTests {
    static let needs = BwrapNativeNeeds([.unsharePID], arch: .x86_64).addition

    @Test func allowsThePolicyAndTracesEverythingElse() throws {
        var policy = Fixtures.server
        policy.defaultAction = .errno(1)  // the bundle's choice plays no part while learning
        policy.arches["x86_64"] = nil
        let filter = try FilterCompiler.learningFilter(for: policy, additions: [Self.needs])
        #expect(try filter.verify().proven)
        #expect(filter.tag == LearningFilter.defaultTag)
        func action(_ nr: Int32, _ arch: SeccompArch, _ args: [UInt64] = []) throws -> SeccompAction {
            try BPFEvaluator.run(filter.program, SeccompData(nr: nr, arch: arch.token, args: args)).action
        }
        let trace = SeccompAction.trace(LearningFilter.defaultTag)
        #expect(try action(20, .x86) == .allow)                 // getpid: in the policy
        #expect(try action(64, .x86) == trace)                  // getppid: not yet
        #expect(try action(173, .x86) == trace)                 // rt_sigreturn: no safety margin while learning
        #expect(try action(41, .x86, [0]) == .allow)            // dup(0): its condition holds
        #expect(try action(41, .x86, [3]) == trace)             // dup(3): a new argument value is learned too
        #expect(try action(59, .x86_64) == .allow)              // execve: bwrap's need
        #expect(try action(39, .x86_64) == trace)               // getpid on x86_64: traced although the policy has no x86_64 side
        #expect(try action(39 | 0x4000_0000, .x86_64) == .killProcess)  // x32
        let aarch64 = try #require(SeccompArch(name: "aarch64"))
        #expect(try BPFEvaluator.run(filter.program, SeccompData(nr: 0, arch: aarch64.token)).action == .killProcess)
        #expect(filter.effective.policy.arches["x86"]?.syscalls["rt_sigreturn"] == nil)
    }

    @Test func withoutATracerEveryTracedCallFailsWithENOSYS() throws {
        try HostRequirement.require(.gcc32, .seccomp)
        try withScratch("learning-filter") { dir in
            let probe = try SyscallProbe(in: dir)
            let policy = Fixtures.policy(["x86": ["getpid", "write", "exit_group"]])
            let filter = try FilterCompiler.learningFilter(for: policy, additions: [PolicyAddition(arch: "x86_64", syscalls: ["execve"], origin: .bwrap)])
            let path = dir + "/learning.bpf"
            try writeFile(path, filter.program.bytes)
            let allowed = try probe.runUnderLoader(path, probe.probe32, 20)
            #expect(allowed.status == .exited(0) && (SyscallProbe.result(of: allowed) ?? 0) > 0)
            let traced = try probe.runUnderLoader(path, probe.probe32, 64)
            #expect(traced.status == .exited(0))
            #expect(SyscallProbe.result(of: traced) == -38)  // getppid: ENOSYS, not run
        }
    }
}
