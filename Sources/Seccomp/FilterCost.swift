/// What a compiled filter costs at run time, measured with the ``BPFEvaluator``.
public struct FilterCost: Sendable {
    /// One arch's view.
    public struct Arch: Sendable, Equatable {
        /// The arch's libseccomp name.
        public var name: String
        /// Allowed syscall names (sub-calls included).
        public var allowed: Int
        /// Syscalls the filter allows only after looking at arguments: the kernel's action
        /// cache (Linux 5.11) cannot skip the filter for them. `socketcall`/`ipc` appear here
        /// when sub-calls are allowed, since the sub-call is argument 0.
        public var argumentDependent: [String]

        /// Whether every allowed syscall is decided by number alone (cached by the kernel).
        public var actionCacheEligible: Bool { argumentDependent.isEmpty }
    }

    /// Instructions in the filter (the kernel's limit is 4096).
    public let instructionCount: Int
    /// Instructions run per syscall, averaged over the policy's syscalls weighted by how
    /// often learning saw each; `nil` when no count is above zero.
    public let weightedAverageInstructions: Double?
    /// Instructions run per allowed syscall, unweighted; `nil` when nothing is allowed.
    public let averageInstructions: Double?
    /// Per arch, sorted by name.
    public let arches: [Arch]

    /// Whether the action cache covers every allowed syscall of every arch.
    public var actionCacheEligible: Bool { arches.allSatisfy(\.actionCacheEligible) }

    /// Measures `program`, compiled from `policy` (the effective policy). A sub-call that
    /// has a direct number too is measured through its multiplexer, as 32-bit glibc calls it.
    public init(program: BPFProgram, policy: Policy) throws(BPFError) {
        let expectation = PolicyExpectation(policy)
        var weightedSum = 0.0
        var totalCount = 0.0
        var plainSum = 0.0
        var entries = 0
        var arches: [Arch] = []
        for model in expectation.arches.values.sorted(by: { $0.arch.name < $1.arch.name }) {
            var dependent: Set<String> = []
            let syscalls = policy.arches[model.arch.name]?.syscalls ?? [:]
            for (name, entry) in syscalls.sorted(by: { $0.key < $1.key }) {
                guard let resolution = model.table.resolve(name) else { continue }
                var numbers = [resolution.number, resolution.multiplexer].compactMap { $0 }
                for number in numbers where !BPFEvaluator.isConstantAllow(program, arch: model.arch.token, nr: number) {
                    dependent.insert(model.table.name(of: number) ?? name)
                }
                var args = entry.conditions?.first.map(ArgumentSamples.satisfying) ?? [0, 0, 0, 0, 0, 0]
                if let selector = resolution.selector { args[0] = selector }
                numbers = resolution.multiplexer.map { [$0] } ?? numbers
                guard let number = numbers.first else { continue }
                let data = SeccompData(nr: number, arch: model.arch.token, args: args)
                let executed = Double(try BPFEvaluator.run(program, data).executed)
                weightedSum += executed * Double(entry.count)
                totalCount += Double(entry.count)
                plainSum += executed
                entries += 1
            }
            arches.append(Arch(name: model.arch.name, allowed: syscalls.count, argumentDependent: dependent.sorted()))
        }
        instructionCount = program.count
        weightedAverageInstructions = totalCount > 0 ? weightedSum / totalCount : nil
        averageInstructions = entries > 0 ? plainSum / Double(entries) : nil
        self.arches = arches
    }
}
