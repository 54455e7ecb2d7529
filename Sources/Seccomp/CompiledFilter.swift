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

    /// Proves the filter does what the policy says (``FilterProof``); throws
    /// ``SeccompError/filterDisagreesWithPolicy(file:mismatches:)`` when it does not.
    public func verify() throws -> FilterProof {
        let proof = try FilterProof(program: program, policy: effective.policy)
        if !proof.mismatches.isEmpty {
            throw SeccompError.filterDisagreesWithPolicy(file: effective.file, mismatches: proof.mismatches)
        }
        return proof
    }

    /// Writes ``files`` into `directory` (created if needed), each atomically.
    public func write(to directory: String) throws {
        try FileTree.makeDirectories(directory)
        for file in files {
            try FileTree.writeAtomically(directory + "/" + file.name, file.bytes)
        }
    }
}
