import Seccomp
import Testing

/// libseccomp compiles the policy, and the evaluator proves the result does exactly what
/// the policy says for every syscall number of every arch, x32 numbers and foreign arches.
@Suite struct FilterCompilerTests {
    static let x86 = SeccompArch.x86.token
    static let x86_64 = SeccompArch.x86_64.token

    func action(_ filter: CompiledFilter, _ arch: UInt32, _ nr: Int32, _ args: [UInt64] = []) throws -> SeccompAction {
        try BPFEvaluator.run(filter.program, SeccompData(nr: nr, arch: arch, args: args)).action
    }

    @Test func compiledFilterIsProvenAgainstThePolicy() throws {
        let filter = try FilterCompiler.compile(Fixtures.serverUnderBwrap)
        let proof = try filter.verify()
        #expect(proof.proven)
        #expect(proof.evaluations > 4000)
        #expect(filter.program.count < 4096)
        // Spot checks of what the proof covered, by number.
        #expect(try action(filter, Self.x86, 45) == .allow)          // brk
        #expect(try action(filter, Self.x86, 5) == .killProcess)     // open
        #expect(try action(filter, Self.x86_64, 61) == .allow)       // wait4 (bwrap's reaper)
        #expect(try action(filter, Self.x86_64, 45) == .killProcess) // x86_64 recvfrom: numbers are per arch
        #expect(try action(filter, Self.x86_64, 59 | 0x4000_0000) == .killProcess)  // x32 execve
        #expect(try action(filter, 0xc000_00b7, 45) == .killProcess) // aarch64
        #expect(try action(filter, Self.x86, 41, [0]) == .allow)      // dup(0)
        #expect(try action(filter, Self.x86, 41, [1]) == .killProcess)
        #expect(try action(filter, Self.x86, 41, [10, 2]) == .allow)
        #expect(try action(filter, Self.x86, 41, [10, 3]) == .killProcess)
        #expect(try action(filter, Self.x86, 221, [0, 0x12]) == .allow)  // fcntl64 masked_eq
        #expect(try action(filter, Self.x86, 221, [0, 4, 0x801]) == .killProcess)
        #expect(try action(filter, Self.x86, 221, [0, 5, 0]) == .killProcess)
    }

    /// Found by this proof: Debian 12's libseccomp 2.5.4 compiles two alternatives comparing
    /// different arguments so that one path tests the wrong argument. The filter is both
    /// stricter and weaker than the policy; compiling refuses it. (KernelAgreementTests shows
    /// the kernel does what the evaluator says, not what the policy says.)
    @Test func proofCatchesLibseccompComparingTheWrongArgument() throws {
        let filter = try FilterCompiler.compile(Fixtures.miscompiled, file: "fcntl.json")
        let proof = try FilterProof(program: filter.program, policy: filter.effective.policy)
        #expect(!proof.proven)
        #expect(proof.mismatches.allSatisfy { $0.syscall == "fcntl64" })
        #expect(proof.mismatches.contains { $0.expected == .allow && $0.actual == .killProcess })
        #expect(proof.mismatches.contains { $0.expected == .killProcess && $0.actual == .allow })
        #expect(try action(filter, Self.x86, 221, [0, 2, 0x801]) == .killProcess)
        #expect(try action(filter, Self.x86, 221, [0, 0, 0xffff_fff2]) == .allow)
        #expect {
            try filter.verify()
        } throws: { error in
            let text = String(describing: error)
            return text.hasPrefix("fcntl.json: the compiled filter disagrees with the policy in ")
                && text.contains("x86 syscall 221 (fcntl64) args [0x0, 0x0, 0xfffffffffffffff2, 0x0, 0x0, 0x0]: "
                    + "policy says KILL_PROCESS, filter does ALLOW")
        }
    }

    @Test func socketByNameAllowsTheDirectCallAndSocketcallWithItsSelector() throws {
        let filter = try FilterCompiler.compile(Fixtures.policy(["x86": ["socket", "write"]], learned: false))
        #expect(try filter.verify().proven)
        #expect(try action(filter, Self.x86, 359) == .allow)               // socket, direct (Linux 4.3)
        #expect(try action(filter, Self.x86, 102, [1]) == .allow)          // socketcall(SYS_SOCKET, …)
        #expect(try action(filter, Self.x86, 102, [2]) == .killProcess)    // socketcall(SYS_BIND, …)
        #expect(try action(filter, Self.x86, 102, [0x1_0000_0001]) == .allow)  // only 32 bits are compared on x86
        #expect(try action(filter, Self.x86, 361) == .killProcess)         // bind, direct
        #expect(filter.pfc.contains("socketcall"))
    }

    @Test func ipcSubcallsCompareTheSelectorExactly() throws {
        let filter = try FilterCompiler.compile(Fixtures.policy(["x86": ["shmget"]], learned: false))
        #expect(try filter.verify().proven)
        #expect(try action(filter, Self.x86, 117, [23]) == .allow)
        #expect(try action(filter, Self.x86, 117, [0x1_0017]) == .killProcess)  // an ipc "version" in the high half
        #expect(try action(filter, Self.x86, 395) == .allow)                   // shmget, direct (Linux 5.1)
    }

    @Test func sixtyFourBitComparisonsAreProvenOnBothWords() throws {
        var policy = Fixtures.policy(["x86_64": ["execve"]], learned: false)
        policy.arches["x86_64"]?.syscalls["mmap"] = SyscallEntry(conditions: [
            [ArgumentComparison(index: 0, op: .gt, value: 0x1_0000_0005), ArgumentComparison(index: 2, op: .maskedEq, value: 0x1_0000_0001, mask: 0x1_0000_0003)],
            [ArgumentComparison(index: 0, op: .lt, value: 0x2_0000_0000), ArgumentComparison(index: 1, op: .le, value: 4096)],
            [ArgumentComparison(index: 3, op: .ne, value: 0xffff_ffff_ffff_ffff)],
        ])
        let filter = try FilterCompiler.compile(policy)
        #expect(try filter.verify().proven)
    }

    @Test func errnoAndLogDefaultsAreCompiledAndProven() throws {
        let soft = try FilterCompiler.compile(Fixtures.policy(["x86": ["brk"]], defaultAction: .errno(38)))
        #expect(try soft.verify().proven)
        #expect(try action(soft, Self.x86, 5) == .errno(38))
        #expect(try action(soft, 0xc000_00b7, 5) == .killProcess)  // a foreign arch is still killed
        let complain = try FilterCompiler.compile(Fixtures.policy(["x86": ["brk"]], defaultAction: .log))
        #expect(try complain.verify().proven)
        #expect(try action(complain, Self.x86, 5) == .log)
    }

    @Test func safetyMarginIsAddedToLearnedPoliciesOnly() throws {
        let learned = try EffectivePolicy(Fixtures.policy(["x86": ["brk", "exit"]]))
        #expect(learned.policy.arches["x86"]?.syscalls.keys.contains("clock_gettime64") == true)
        #expect(learned.origin(arch: "x86", syscall: "rt_sigreturn") == .safetyMargin)
        #expect(learned.origin(arch: "x86", syscall: "exit") == .policy)
        #expect(learned.added(arch: "x86").map(\.name) == SafetyMargin.syscalls.filter { $0 != "exit" })
        let filter = try FilterCompiler.compile(learned)
        #expect(try filter.verify().proven)
        #expect(try action(filter, Self.x86, 119) == .allow)  // sigreturn
        #expect(try action(filter, Self.x86, 403) == .allow)  // clock_gettime64

        let template = try EffectivePolicy(Fixtures.policy(["x86": ["brk"]], learned: false))
        #expect(template.policy.arches["x86"]?.syscalls.keys.sorted() == ["brk"])
        let without = try EffectivePolicy(Fixtures.policy(["x86": ["brk"]]), safetyMargin: false)
        #expect(without.policy.arches["x86"]?.syscalls.count == 1)
    }

    @Test func sameInputGivesTheSameBytes() throws {
        let a = try FilterCompiler.compile(Fixtures.serverUnderBwrap)
        let b = try FilterCompiler.compile(Fixtures.serverUnderBwrap)
        #expect(a.program.bytes == b.program.bytes)
        #expect(a.pfc == b.pfc)
    }

    @Test func proofCatchesAFilterThatDisagrees() throws {
        let filter = try FilterCompiler.compile(Fixtures.policy(["x86": ["brk", "write"]], learned: false))
        // The same filter checked against a policy that also allows read: read (3) must show up.
        let proof = try FilterProof(program: filter.program, policy: Fixtures.policy(["x86": ["brk", "write", "read"]]))
        #expect(proof.mismatches.count == 2)  // zero and all-ones arguments
        #expect(proof.mismatches.first?.description == "x86 syscall 3 (read): policy says ALLOW, filter does KILL_PROCESS")
        // A filter with one instruction changed from KILL to ALLOW is caught too.
        var instructions = filter.program.instructions
        if let index = instructions.indices.last(where: { instructions[$0].k == 0x8000_0000 }) { instructions[index].k = 0x7fff_0000 }
        let tampered = try FilterProof(program: BPFProgram(instructions), policy: filter.effective.policy)
        #expect(!tampered.proven)
    }

    @Test func errorsNameTheFileArchAndSyscall() throws {
        #expect(throws: PolicyError(file: "p.json", message: "unknown syscall \"mmap2\" for x86_64 (from added)")) {
            try EffectivePolicy(Policy(), file: "p.json", additions: [PolicyAddition(arch: "x86_64", syscalls: ["mmap2"], origin: .added)])
        }
        #expect(throws: SeccompError.nothingToCompile(file: "empty.json")) {
            try FilterCompiler.compile(Policy(), file: "empty.json")
        }
        let failure = SeccompError.libseccomp(call: "seccomp_rule_add_array", subject: "x86 socket", code: -95)
        #expect(failure.description == "seccomp_rule_add_array (x86 socket) failed: -95 (Operation not supported)")
    }

    @Test func bwrapNeedsFollowTheLaunchFlags() {
        #expect(BwrapNativeNeeds([.unsharePID]).syscalls == ["execve", "exit_group", "wait4", "write"])
        #expect(BwrapNativeNeeds([.unsharePID, .asPID1]).syscalls == ["execve"])
        #expect(BwrapNativeNeeds([.asPID1, .jsonStatusFD]).syscalls == ["execve", "write"])
        #expect(BwrapNativeNeeds([]).syscalls == ["execve"])
        #expect(BwrapNativeNeeds([]).arch == .x86_64)
        let flags = BwrapLaunchFlags(bwrapArguments: ["--ro-bind", "/", "/", "--unshare-all", "--setenv", "--as-pid-1", "x",
                                                      "--json-status-fd", "3", "/app/server", "--as-pid-1"])
        #expect(flags == [.unsharePID, .jsonStatusFD])
    }
}
