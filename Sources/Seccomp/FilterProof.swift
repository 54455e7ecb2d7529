/// Proof that a compiled filter does exactly what its policy says, by running it in the
/// ``BPFEvaluator`` over every case that matters and comparing with the policy's answer:
///
/// - every syscall number 0…1023 of every arch in the policy, and numbers past any table
///   (1024, 4095, the x32 bit, 0x7fffffff, 0x80000000, -1), with argument
///   vectors sampled around every compared value when the answer depends on arguments
///   (multiplexed sub-calls included: `socketcall`/`ipc` selectors on x86);
/// - every number with the x32 bit set under the x86_64 token (must be killed);
/// - arch tokens the policy does not name, 0 and 0xffffffff (must be killed).
public struct FilterProof: Sendable {
    /// Every case where the filter and the policy disagree (empty: proven).
    public let mismatches: [FilterMismatch]
    /// How many inputs were evaluated.
    public let evaluations: Int

    /// Whether the filter does exactly what the policy says in every case checked.
    public var proven: Bool { mismatches.isEmpty }

    /// Runs the proof of `program` against `policy` (which must be the effective policy:
    /// what the filter was compiled from, additions included).
    public init(program: BPFProgram, policy: Policy) throws(BPFError) {
        try self.init(program: program, policy: policy, defaultAction: nil)
    }

    /// The proof with `defaultAction` in place of the policy's (the learning filter's TRACE).
    init(program: BPFProgram, policy: Policy, defaultAction: SeccompAction?) throws(BPFError) {
        let expectation = PolicyExpectation(policy, defaultAction: defaultAction)
        var mismatches: [FilterMismatch] = []
        var evaluations = 0
        func check(_ data: SeccompData, _ archName: String, _ syscall: String?) throws(BPFError) {
            evaluations += 1
            let actual = try BPFEvaluator.run(program, data).action
            let expected = expectation.action(for: data)
            if actual != expected {
                mismatches.append(FilterMismatch(data: data, arch: archName, syscall: syscall, expected: expected, actual: actual))
            }
        }
        let instructionPointer: UInt64 = 0x0804_9000
        for model in expectation.arches.values.sorted(by: { $0.arch.name < $1.arch.name }) {
            let token = model.arch.token
            for number in Array(0..<SyscallTable.limit) + [1024, 4095, 0x4000_0000, 0x4000_0003, .max, .min, -1] {
                let vectors: [[UInt64]]
                if expectation.dependsOnArguments(number, in: model) {
                    let selectors = model.table.multiplexer(number: number).map { Array($0.subcalls.keys).sorted() } ?? []
                    vectors = ArgumentSamples.vectors(conditions: model.direct[number]?.conditions, selectors: selectors,
                                                      bits: model.arch.argumentBits)
                } else {
                    vectors = [[0, 0, 0, 0, 0, 0], Array(repeating: .max, count: 6)]
                }
                for args in vectors {
                    let data = SeccompData(nr: number, arch: token, instructionPointer: instructionPointer, args: args)
                    try check(data, model.arch.name, model.table.name(of: number))
                }
            }
        }
        let x86_64 = SeccompArch.x86_64
        for number in 0..<SyscallTable.limit {
            let data = SeccompData(nr: number | Int32(PolicyExpectation.x32Bit), arch: x86_64.token)
            try check(data, "x32 (x86_64 token)", nil)
        }
        let named = Set(expectation.arches.keys)
        let others = SeccompArch.knownNames.compactMap { SeccompArch(name: $0) }.filter { !named.contains($0.token) }
        for (token, name) in others.map({ ($0.token, $0.name) }) + [(0, "token 0x0"), (0xffff_ffff, "token 0xffffffff")] {
            for number: Int32 in [0, 1, 3, 4, 5, 11, 59, 102, 117, 231, 252, 359, 1023, -1] {
                try check(SeccompData(nr: number, arch: token, instructionPointer: instructionPointer), name, nil)
            }
        }
        self.mismatches = mismatches
        self.evaluations = evaluations
    }
}
