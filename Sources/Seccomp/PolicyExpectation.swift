/// What a policy says a filter must do with one syscall, decided from the policy alone
/// (names resolved through libseccomp's tables, conditions compared the way libseccomp
/// compiles them) — the reference the evaluator's result is checked against.
struct PolicyExpectation {
    /// One arch of the policy, indexed by number.
    struct ArchModel {
        var arch: SeccompArch
        var table: SyscallTable
        /// Syscall number → the entry allowing it.
        var direct: [Int32: SyscallEntry] = [:]
        /// Multiplexer number → sub-call selector → the entry allowing that sub-call.
        var subcalls: [Int32: [UInt64: SyscallEntry]] = [:]
    }

    let policy: Policy
    /// By arch token.
    let arches: [UInt32: ArchModel]
    /// What everything not allowed gets: the policy's default action, or (learning) TRACE.
    let defaultAction: SeccompAction

    /// `__X32_SYSCALL_BIT`.
    static let x32Bit: UInt32 = 0x4000_0000

    init(_ policy: Policy, defaultAction: SeccompAction? = nil) {
        self.policy = policy
        self.defaultAction = defaultAction ?? policy.defaultAction.seccompAction
        var arches: [UInt32: ArchModel] = [:]
        for (name, archPolicy) in policy.arches {
            guard let arch = SeccompArch(name: name) else { continue }
            var model = ArchModel(arch: arch, table: SyscallTable(arch: arch))
            for (syscall, entry) in archPolicy.syscalls {
                guard let resolution = model.table.resolve(syscall) else { continue }
                if let number = resolution.number { model.direct[number] = Self.union(model.direct[number], entry) }
                if let multiplexer = resolution.multiplexer, let selector = resolution.selector {
                    model.subcalls[multiplexer, default: [:]][selector] = Self.union(model.subcalls[multiplexer]?[selector], entry)
                }
            }
            arches[arch.token] = model
        }
        self.arches = arches
    }

    /// The action the policy calls for.
    func action(for data: SeccompData) -> SeccompAction {
        guard let model = arches[data.arch] else { return .killProcess }
        let number = UInt32(bitPattern: data.nr)
        // libseccomp's x86_64 block sends numbers from the x32 bit up (x32 calls, and anything
        // larger; -1, a tracer's "skip", excepted) to the bad-arch action.
        if model.arch.token == SeccompArch.x86_64.token && number >= Self.x32Bit && number != .max {
            return .killProcess
        }
        let bits = model.arch.argumentBits
        if let entry = model.direct[data.nr], entry.allows(data.args, bits: bits) { return .allow }
        if let subcalls = model.subcalls[data.nr] {
            let selector = bits >= 64 ? data.args[0] : data.args[0] & 0xffff_ffff
            if let entry = subcalls[selector], entry.allows(data.args, bits: bits) { return .allow }
        }
        return defaultAction
    }

    /// Whether the expectation for `number` on `model`'s arch depends on the arguments.
    func dependsOnArguments(_ number: Int32, in model: ArchModel) -> Bool {
        model.direct[number]?.conditions != nil || model.subcalls[number] != nil
    }

    private static func union(_ a: SyscallEntry?, _ b: SyscallEntry) -> SyscallEntry {
        guard var merged = a else { return b }
        merged.merge(b)
        return merged
    }
}
