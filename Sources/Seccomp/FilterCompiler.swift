/// Compiles an ``EffectivePolicy`` into a seccomp BPF filter with libseccomp.
///
/// One context per arch, each with only its own arch and the same attributes (default
/// action, bad-arch action KILL_PROCESS, binary-tree optimizer), rules added by name after
/// the arch is set, then joined with `seccomp_merge` (research §0.3–§0.4: a multi-arch
/// context mis-reads rule numbers, and rules added before an arch are not copied to it).
/// Native arch first, then the others by name, so the same policy gives the same bytes.
public enum FilterCompiler {
    /// Compiles `effective`. Throws ``SeccompError`` for libseccomp failures.
    public static func compile(_ effective: EffectivePolicy) throws -> CompiledFilter {
        let action = effective.policy.defaultAction
        let merged = try mergedContext(effective, defaultValue: action.libseccompValue,
                                       refusal: .defaultActionUnsupported(action))
        return CompiledFilter(effective: effective, program: try program(merged), pfc: try merged.exportPFC())
    }

    /// Compiles `policy` with `additions` (e.g. ``BwrapNativeNeeds/addition``) and, for a
    /// learned policy, the ``SafetyMargin``.
    public static func compile(_ policy: Policy, file: String? = nil, additions: [PolicyAddition] = [],
                               safetyMargin: Bool = true) throws -> CompiledFilter {
        try compile(EffectivePolicy(policy, file: file, additions: additions, safetyMargin: safetyMargin))
    }

    /// The contexts of every arch of `effective`, merged into the first (the native arch's).
    static func mergedContext(_ effective: EffectivePolicy, defaultValue: UInt32,
                              refusal: SeccompError) throws -> SeccompContext {
        let policy = effective.policy
        let native = SeccompArch.native.name
        let names = policy.arches.keys.sorted { ($0 == native ? 0 : 1, $0) < ($1 == native ? 0 : 1, $1) }
        guard !names.isEmpty else { throw SeccompError.nothingToCompile(file: effective.file) }
        var contexts: [SeccompContext] = []
        for name in names {
            guard let arch = SeccompArch(name: name) else {
                throw PolicyError(file: effective.file, path: "$.arches.\(name)", message: "unknown arch \"\(name)\"")
            }
            let context = try SeccompContext(arch: arch, defaultValue: defaultValue, refusal: refusal)
            for (syscall, entry) in (policy.arches[name]?.syscalls ?? [:]).sorted(by: { $0.key < $1.key }) {
                try context.allow(syscall, conditions: entry.conditions)
            }
            contexts.append(context)
        }
        let merged = contexts[0]
        for other in contexts.dropFirst() { try merged.merge(other) }
        return merged
    }

    /// The merged context's BPF, checked as the kernel will check it.
    static func program(_ merged: SeccompContext) throws -> BPFProgram {
        let bytes = try merged.exportBPF()
        do {
            return try BPFProgram(bytes: bytes)
        } catch {
            throw SeccompError.libseccomp(call: "seccomp_export_bpf", subject: "the kernel would refuse it: \(error)", code: -22)
        }
    }
}
