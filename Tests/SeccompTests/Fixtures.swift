import Seccomp

/// Policies the tests share, built in code.
enum Fixtures {
    /// A policy allowing `names` (count 1 each) on each arch.
    static func policy(_ arches: [String: [String]], learned: Bool = true,
                       defaultAction: DefaultAction = .killProcess) -> Policy {
        var policy = Policy(learned: learned, defaultAction: defaultAction)
        for (arch, names) in arches {
            policy.arches[arch] = ArchPolicy(syscalls: Dictionary(uniqueKeysWithValues: names.map { ($0, SyscallEntry(count: 1)) }))
        }
        return policy
    }

    /// What a small i386 server's learning run might give: plain calls, a multiplexed
    /// socket call, and a few argument-conditioned ones.
    static var server: Policy {
        var policy = policy(["x86": ["brk", "read", "write", "close", "socket", "bind", "recvfrom", "sendto",
                                     "shmget", "mmap2", "uname", "getpid", "nanosleep"]])
        policy.arches["x86"]?.syscalls["dup"] = SyscallEntry(count: 5, conditions: [
            [ArgumentComparison(index: 0, op: .eq, value: 0)],
            [ArgumentComparison(index: 0, op: .ge, value: 10), ArgumentComparison(index: 1, op: .lt, value: 3)],
        ])
        policy.arches["x86"]?.syscalls["fcntl64"] = SyscallEntry(count: 2, conditions: [
            [ArgumentComparison(index: 1, op: .maskedEq, value: 0x2, mask: 0xf)],
            [ArgumentComparison(index: 1, op: .eq, value: 4), ArgumentComparison(index: 2, op: .le, value: 0x800)],
        ])
        policy.arches["x86"]?.syscalls["getpriority"] = SyscallEntry(count: 1, conditions: [
            [ArgumentComparison(index: 0, op: .gt, value: 1)],
        ])
        return policy
    }

    /// Conditions libseccomp 2.5.4 compiles wrongly: after `a2 > 0x800` the filter jumps into
    /// the second alternative's `a1 & 0xf == 2` test with a2, not a1, loaded. So it kills
    /// `fcntl64(fd, 2, 0x801)` (allowed) and allows `fcntl64(fd, 0, 0xfffffff2)` (not allowed).
    static var miscompiled: Policy {
        var policy = Fixtures.policy(["x86": ["write", "exit_group"]], learned: false)
        policy.arches["x86"]?.syscalls["fcntl64"] = SyscallEntry(count: 1, conditions: [
            [ArgumentComparison(index: 1, op: .maskedEq, value: 0x2, mask: 0xf)],
            [ArgumentComparison(index: 1, op: .ne, value: 4), ArgumentComparison(index: 2, op: .le, value: 0x800)],
        ])
        return policy
    }

    /// ``server`` plus bwrap's native needs for `--unshare-all`.
    static var serverUnderBwrap: EffectivePolicy {
        get throws {
            try EffectivePolicy(server, file: "server.json", additions: [BwrapNativeNeeds([.unsharePID], arch: .x86_64).addition])
        }
    }
}
