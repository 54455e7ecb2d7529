import Seccomp
import Testing

/// Cost metrics: instruction count, instructions run per syscall, and which allowed
/// syscalls the kernel's action cache can skip (computed as the kernel does).
@Suite struct FilterCostTests {
    @Test func argumentFreePolicyIsFullyCacheable() throws {
        let filter = try FilterCompiler.compile(Fixtures.policy(["x86": ["brk", "read", "write"], "x86_64": ["execve", "wait4"]]))
        let cost = try FilterCost(program: filter.program, policy: filter.effective.policy)
        #expect(cost.instructionCount == filter.program.count)
        #expect(cost.actionCacheEligible)
        #expect(cost.arches.map(\.name) == ["x86", "x86_64"])
        #expect(cost.arches.allSatisfy { $0.argumentDependent.isEmpty })
        #expect(cost.arches[0].allowed == 3 + SafetyMargin.syscalls.count)
        // Every allowed syscall is decided by number alone.
        for nr: Int32 in [3, 4, 45, 119, 403] {
            #expect(BPFEvaluator.isConstantAllow(filter.program, arch: SeccompArch.x86.token, nr: nr), "\(nr)")
        }
        #expect(!BPFEvaluator.isConstantAllow(filter.program, arch: SeccompArch.x86.token, nr: 5))  // open: not allowed
    }

    @Test func conditionsAndSocketcallSubcallsDefeatTheCache() throws {
        let filter = try FilterCompiler.compile(Fixtures.server)
        let cost = try FilterCost(program: filter.program, policy: filter.effective.policy)
        #expect(!cost.actionCacheEligible)
        // dup/fcntl64/getpriority compare arguments; socket, bind, … and shmget are reached
        // through socketcall/ipc, whose sub-call is argument 0. The direct calls stay cached.
        #expect(cost.arches.first?.argumentDependent == ["dup", "fcntl64", "getpriority", "ipc", "socketcall"])
        #expect(BPFEvaluator.isConstantAllow(filter.program, arch: SeccompArch.x86.token, nr: 359))  // socket, direct
    }

    @Test func averagesAreWeightedByLearnedCounts() throws {
        var policy = Fixtures.policy(["x86": ["brk", "write"]], learned: false)
        policy.arches["x86"]?.syscalls["brk"]?.count = 0
        policy.arches["x86"]?.syscalls["write"]?.count = 1000
        let filter = try FilterCompiler.compile(policy)
        let cost = try FilterCost(program: filter.program, policy: filter.effective.policy)
        let write = try BPFEvaluator.run(filter.program, SeccompData(nr: 4, arch: SeccompArch.x86.token)).executed
        let brk = try BPFEvaluator.run(filter.program, SeccompData(nr: 45, arch: SeccompArch.x86.token)).executed
        #expect(cost.weightedAverageInstructions == Double(write))
        #expect(cost.averageInstructions == Double(write + brk) / 2)

        policy.arches["x86"]?.syscalls["write"]?.count = 0
        let uncounted = try FilterCost(program: filter.program, policy: policy)
        #expect(uncounted.weightedAverageInstructions == nil)
    }

    @Test func binaryTreeKeepsLargePoliciesCheap() throws {
        let names = Array(SyscallTable(arch: .x86).allNames.prefix(300))
        #expect(names.count == 300)
        let filter = try FilterCompiler.compile(Fixtures.policy(["x86": names], learned: false))
        let cost = try FilterCost(program: filter.program, policy: filter.effective.policy)
        #expect(cost.instructionCount < 1000)
        // A linear list would average ~150 compares; the tree needs about log2(300) levels.
        #expect((cost.averageInstructions ?? 1000) < 30)
        #expect(try filter.verify().proven)
    }
}

/// The table the compiler and the learner name syscalls by.
@Suite struct SyscallTableTests {
    @Test func namesNumbersAndSubcallsOfX86() {
        let table = SyscallTable(arch: .x86)
        #expect(table.name(of: 102) == "socketcall")
        #expect(table.name(of: 5) == "open")
        #expect(table.name(of: 359) == "socket")
        #expect(table.name(of: 1000) == nil)
        #expect(table.number(of: "brk") == 45)
        #expect(table.number(of: "send") == nil)  // only reachable through socketcall
        #expect(table.subcallName(multiplexer: 102, selector: 1) == "socket")
        #expect(table.subcallName(multiplexer: 117, selector: 23) == "shmget")
        #expect(table.subcallName(multiplexer: 5, selector: 1) == nil)
        #expect(SyscallTable(arch: .x86_64).name(of: 5) == "fstat")
        #expect(SyscallTable(arch: .x86_64).subcallName(multiplexer: 41, selector: 1) == nil)
    }
}
