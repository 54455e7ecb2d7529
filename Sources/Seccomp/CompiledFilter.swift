import POSIX

/// A compiled filter and what it was compiled from; the files a bundle's `seccomp/` holds.
public struct CompiledFilter: Sendable {
    /// The policy plus additions the filter implements.
    public let effective: EffectivePolicy
    /// The filter, as `bwrap --seccomp FD` reads it (``BPFProgram/bytes``).
    public let program: BPFProgram
    /// libseccomp's pseudo filter code: the filter in readable form (it hides some checks,
    /// e.g. the x32 test).
    public let pfc: String

    /// File name → contents, for `seccomp/`: `filter.bpf`, `filter.pfc`, `profile.json`.
    public var files: [(name: String, bytes: [UInt8])] {
        [("filter.bpf", program.bytes), ("filter.pfc", Array(pfc.utf8)), ("profile.json", OCIProfile(effective.policy).bytes)]
    }

    /// Wraps a program compiled elsewhere. Internal: bundle filters come from
    /// ``FilterCompiler/compile(_:)``.
    init(effective: EffectivePolicy, program: BPFProgram, pfc: String) {
        self.effective = effective
        self.program = program
        self.pfc = pfc
    }

    /// Proves the filter does what the policy says (``FilterProof``); throws
    /// ``SeccompError/filterDisagreesWithPolicy(file:mismatches:)`` when it does not.
    public func verify() throws -> FilterProof {
        let proof = try FilterProof(program: program, policy: effective.policy)
        if !proof.mismatches.isEmpty {
            throw SeccompError.filterDisagreesWithPolicy(file: effective.file, mismatches: proof.mismatches)
        }
        return proof
    }

    /// Writes ``files`` into `directory` (created if needed), each atomically. Refuses a
    /// program that can return TRACE (a learning filter's default, never for a bundle).
    public func write(to directory: String) throws {
        if program.canReturnTrace { throw SeccompError.traceFilterNotWritable(directory: directory) }
        try FileTree.makeDirectories(directory)
        for file in files {
            try FileTree.writeAtomically(directory + "/" + file.name, file.bytes)
        }
    }
}

extension BPFProgram {
    /// Whether any return instruction can make the kernel stop for a tracer (`SECCOMP_RET_TRACE`,
    /// also when computed at run time with `ret A`, which libseccomp never emits).
    var canReturnTrace: Bool {
        instructions.contains { instruction in
            instruction.code == BPFInstruction.Opcode.returnA
                || (instruction.code == BPFInstruction.Opcode.returnK
                    && SeccompAction(returnValue: instruction.k) == .trace(UInt16(truncatingIfNeeded: instruction.k)))
        }
    }
}
