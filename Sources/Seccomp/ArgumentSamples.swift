/// Argument vectors that exercise a syscall's conditions: each compared value and its
/// neighbours, the edges of the argument width, values differing only in the high word
/// (64-bit compares are split in two) or outside a mask, and vectors that satisfy one
/// alternative while one argument at a time takes every sample.
///
/// Every argument also takes the values compared on the *other* arguments: a filter that
/// compares the wrong argument (libseccomp 2.5.4 can, see FilterCompilerTests) is only
/// caught when that argument holds a value the misplaced comparison accepts.
enum ArgumentSamples {
    /// Vectors for a syscall allowed under `conditions` (and/or reached through a
    /// multiplexer whose selectors are `selectors`), on an arch comparing `bits` bits.
    static func vectors(conditions: [[ArgumentComparison]]?, selectors: [UInt64], bits: Int) -> [[UInt64]] {
        var perIndex = Array(repeating: Set<UInt64>([0, 1, .max, 0xffff_ffff, 0x1_0000_0000]), count: 6)
        for selector in selectors { perIndex[0].formUnion(neighbours(of: selector)) }
        perIndex[0].formUnion([0x1_0000 | (selectors.first ?? 1)])  // ipc's version bits
        let compared = (conditions ?? []).joined().reduce(into: Set<UInt64>()) { $0.formUnion(samples(for: $1)) }
        for index in 0..<6 { perIndex[index].formUnion(compared) }
        var vectors: Set<[UInt64]> = [Array(repeating: 0, count: 6), Array(repeating: .max, count: 6)]
        var bases: [[UInt64]] = [Array(repeating: 0, count: 6)]
        bases += (conditions ?? []).map(satisfying)
        bases += selectors.map { [$0, 0, 0, 0, 0, 0] }
        for base in bases {
            vectors.insert(base)
            for index in 0..<6 {
                for value in perIndex[index] {
                    var vector = base
                    vector[index] = value
                    vectors.insert(vector)
                }
            }
        }
        return vectors.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Arguments for which every comparison of `alternative` holds (as far as possible:
    /// `lt 0` cannot hold for any value).
    static func satisfying(_ alternative: [ArgumentComparison]) -> [UInt64] {
        var vector = [UInt64](repeating: 0, count: 6)
        for comparison in alternative where (0..<6).contains(comparison.index) {
            let value = comparison.value
            switch comparison.op {
            case .eq, .le, .ge, .maskedEq: vector[comparison.index] = value
            case .ne: vector[comparison.index] = value == 0 ? 1 : 0
            case .lt: vector[comparison.index] = 0
            case .gt: vector[comparison.index] = value == .max ? value : value + 1
            }
        }
        return vector
    }

    private static func samples(for comparison: ArgumentComparison) -> Set<UInt64> {
        var result = neighbours(of: comparison.value)
        let value = comparison.value
        result.formUnion([value ^ 0x1_0000_0000, value & 0xffff_ffff, value | 0xffff_ffff_0000_0000])
        if let mask = comparison.mask {
            result.formUnion([value | ~mask, mask, ~mask])
            for bit in 0..<64 where mask & (1 << UInt64(bit)) != 0 {
                result.insert(value ^ (1 << UInt64(bit)))
            }
        }
        return result
    }

    private static func neighbours(of value: UInt64) -> Set<UInt64> {
        [value, value &- 1, value &+ 1, value &+ 0x1_0000_0000, value &- 0x1_0000_0000]
    }
}
