import CSeccomp

/// The filter a learning run loads: the policy's allow rules plus what is added for the
/// sandbox (bwrap's native needs), and `SCMP_ACT_TRACE(tag)` for everything else, on every
/// arch the program may use. A ptrace supervisor then sees each syscall the policy does not
/// allow yet (with its arguments) and lets it run; allowed ones never stop.
///
/// Never ship one: without a tracer attached, TRACE makes every unknown syscall fail with
/// `ENOSYS` (research §0.7). It is therefore its own type, not a ``CompiledFilter``: it has no
/// bundle files and no way to write itself, and ``CompiledFilter/write(to:)`` refuses any
/// program that can return TRACE. Its bytes (``program``) go to the learner only.
public struct LearningFilter: Sendable {
    /// The `SECCOMP_RET_DATA` barracks' learning filters carry (`ret_data` at a seccomp stop),
    /// so the learner can tell its own stops from those of a TRACE filter the program loads.
    public static let defaultTag: UInt16 = 0xba2c

    /// What is allowed without stopping: the policy, additions included, no safety margin
    /// (the run must see everything the program makes itself).
    public let effective: EffectivePolicy
    /// The `ret_data` of this filter's seccomp stops.
    public let tag: UInt16
    /// The filter, as `bwrap --seccomp FD` reads it (``BPFProgram/bytes``).
    public let program: BPFProgram

    /// The arches a learning filter traces by default: the host's native arch and, on x86_64,
    /// i386 (`x86`). An arch missing from the filter meets the bad-arch action: its syscalls
    /// would be killed, not traced.
    public static var defaultArches: [SeccompArch] {
        let native = SeccompArch.native
        return native.token == SeccompArch.x86_64.token ? [native, .x86] : [native]
    }

    /// Proves the filter allows exactly ``effective`` and traces everything else (bad arches
    /// and x32 numbers killed), as ``CompiledFilter/verify()`` does for a bundle's filter.
    public func verify() throws -> FilterProof {
        let proof = try FilterProof(program: program, policy: effective.policy, defaultAction: .trace(tag))
        if !proof.mismatches.isEmpty {
            throw SeccompError.filterDisagreesWithPolicy(file: effective.file, mismatches: proof.mismatches)
        }
        return proof
    }
}

extension FilterCompiler {
    /// The learning filter for `policy`: its allow rules (conditions included), `additions`
    /// (bwrap's native needs: ``BwrapNativeNeeds/addition``), every arch of `arches` present
    /// even when nothing is allowed there yet, and TRACE(`tag`) as the default action. The
    /// policy's own default action and the safety margin play no part.
    public static func learningFilter(for policy: Policy, file: String? = nil, additions: [PolicyAddition] = [],
                                      arches: [SeccompArch] = LearningFilter.defaultArches,
                                      tag: UInt16 = LearningFilter.defaultTag) throws -> LearningFilter {
        var traced = policy
        for arch in arches where traced.arches[arch.name] == nil { traced.arches[arch.name] = ArchPolicy() }
        let effective = try EffectivePolicy(traced, file: file, additions: additions, safetyMargin: false)
        let merged = try mergedContext(effective, defaultValue: barracks_scmp_act_trace(tag),
                                       refusal: .learningUnsupported)
        return LearningFilter(effective: effective, tag: tag, program: try program(merged))
    }
}
