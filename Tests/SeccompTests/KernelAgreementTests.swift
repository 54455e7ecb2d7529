import Foundation
import POSIX
import Seccomp
import Testing
import TestSupport

/// The evaluator agrees with the real kernel: a 32-bit (and a 64-bit) probe issues one
/// syscall under the compiled filter, and is killed by SIGSYS exactly when the evaluator
/// says KILL_PROCESS, returns when it says ALLOW, and gets the errno when it says ERRNO.
@Suite struct KernelAgreementTests {
    static let x86 = SeccompArch.x86.token
    static let x86_64 = SeccompArch.x86_64.token

    /// i386 syscalls (number, arguments), allowed and not, chosen to be harmless if they ran.
    static let i386Cases: [(String, Int32, [UInt64])] = [
        ("getpid", 20, []), ("getppid", 64, []), ("brk", 45, [0]), ("dup(0)", 41, [0]), ("dup(7)", 41, [7]),
        ("getpriority(PRIO_USER)", 96, [2, 0]), ("getpriority(PRIO_PROCESS)", 96, [0, 0]),
        ("socketcall(SYS_SOCKET, NULL)", 102, [1, 0]), ("socketcall(SYS_BIND, NULL)", 102, [2, 0]),
        ("socket(AF_UNIX, SOCK_DGRAM)", 359, [1, 2, 0]), ("bind", 361, [0, 0, 0]),
        ("ipc(SHMGET, IPC_PRIVATE, 0)", 117, [23, 0, 0, 0]), ("ipc(SHMAT)", 117, [21, 0, 0, 0]),
        ("sched_yield", 158, []), ("clock_gettime64 (margin)", 403, [0, 0]), ("time (margin)", 13, [0]),
        ("unassigned 1000", 1000, []), ("getuid (x86_64's 102)", 24, []),
    ]

    static var i386Policy: EffectivePolicy {
        get throws {
            var policy = Fixtures.policy(["x86": ["write", "exit_group", "getpid", "brk", "socket", "shmget", "getuid32"]])
            policy.arches["x86"]?.syscalls["dup"] = SyscallEntry(conditions: [[ArgumentComparison(index: 0, op: .eq, value: 0)]])
            policy.arches["x86"]?.syscalls["getpriority"] = SyscallEntry(conditions: [[ArgumentComparison(index: 0, op: .gt, value: 1)]])
            return try EffectivePolicy(policy, additions: [BwrapNativeNeeds([.asPID1], arch: .x86_64).addition])
        }
    }

    @Test func killAllowAndErrnoMatchTheEvaluatorForI386Syscalls() throws {
        try HostRequirement.require(.gcc32, .seccomp)
        try withScratch("kernel") { dir in
            let probe = try SyscallProbe(in: dir)
            for defaultAction in [DefaultAction.killProcess, .errno(1), .errno(38)] {
                var effective = try Self.i386Policy
                var source = effective.source
                source.defaultAction = defaultAction
                effective = try EffectivePolicy(source, additions: [BwrapNativeNeeds([.asPID1], arch: .x86_64).addition])
                let filter = try FilterCompiler.compile(effective)
                #expect(try filter.verify().proven)
                let path = try probe.write(filter)
                var seen: Set<String> = []
                for (label, nr, args) in Self.i386Cases {
                    let action = try BPFEvaluator.run(filter.program, SeccompData(nr: nr, arch: Self.x86, args: args)).action
                    let process = try probe.runUnderLoader(path, probe.probe32, Int64(nr), args)
                    #expect(SyscallProbe.kernelDid(action, process),
                            "\(defaultAction) \(label): evaluator says \(action), kernel: \(process.status) \(process.output)")
                    seen.insert(String(describing: action))
                }
                // The cases cover both outcomes under each default action.
                #expect(seen.count == 2, "\(defaultAction): \(seen)")
            }
        }
    }

    @Test func theKernelRunsWhatLibseccompEmittedNotWhatThePolicySaid() throws {
        try HostRequirement.require(.gcc32, .seccomp)
        try withScratch("kernel") { dir in
            let probe = try SyscallProbe(in: dir)
            let filter = try FilterCompiler.compile(Fixtures.miscompiled, additions: [BwrapNativeNeeds([.asPID1], arch: .x86_64).addition])
            let path = try probe.write(filter)
            #expect(try !FilterProof(program: filter.program, policy: filter.effective.policy).proven)
            // fcntl64(0, F_SETFD, 0x801): the policy allows it (a1 & 0xf == 2); the filter kills it.
            // fcntl64(0, F_DUPFD, 0xfffffff2): the policy forbids it; the filter lets it through (EINVAL).
            for (args, policySays) in [([UInt64(0), 2, 0x801], SeccompAction.allow), ([0, 0, 0xffff_fff2], .killProcess)] {
                let data = SeccompData(nr: 221, arch: Self.x86, args: args)
                let action = try BPFEvaluator.run(filter.program, data).action
                #expect(action != policySays)
                let process = try probe.runUnderLoader(path, probe.probe32, 221, args)
                #expect(SyscallProbe.kernelDid(action, process), "\(args): evaluator \(action), kernel \(process.status)")
            }
        }
    }

    @Test func x32AndNativeCallsFromA64BitProgramMatchTheEvaluator() throws {
        try HostRequirement.require(.gcc32, .seccomp)
        try withScratch("kernel") { dir in
            let probe = try SyscallProbe(in: dir)
            let policy = Fixtures.policy(["x86_64": ["execve", "write", "exit_group", "getpid"], "x86": ["write"]])
            let filter = try FilterCompiler.compile(policy)
            #expect(try filter.verify().proven)
            let path = try probe.write(filter)
            for nr: Int64 in [39, 110, 0x4000_0000 | 39, 0x4000_0000 | 1] {
                let action = try BPFEvaluator.run(filter.program, SeccompData(nr: Int32(truncatingIfNeeded: nr), arch: Self.x86_64)).action
                let process = try probe.runUnderLoader(path, probe.probe64, nr)
                #expect(SyscallProbe.kernelDid(action, process), "nr 0x\(String(nr, radix: 16)): evaluator \(action), kernel \(process.status)")
            }
            #expect(try BPFEvaluator.run(filter.program, SeccompData(nr: 0x4000_0027, arch: Self.x86_64)).action == .killProcess)
        }
    }
}
