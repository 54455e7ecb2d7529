/// One allowed syscall of one arch in a ``Policy``: how often learning saw it, when first,
/// and the argument conditions under which it is allowed (`nil`: always).
public struct SyscallEntry: Equatable, Sendable {
    /// How many times learning saw the syscall (0 for entries added by hand).
    public var count: UInt64
    /// When learning first saw it: UTC, `YYYY-MM-DDTHH:MM:SSZ` (so text order is time order).
    public var firstSeen: String?
    /// Alternatives (any may hold), each a list of comparisons (all must hold); `nil` allows
    /// the syscall whatever its arguments. Kept sorted and without duplicates.
    public private(set) var conditions: [[ArgumentComparison]]?

    /// An entry; `conditions` are normalized (sorted, duplicates dropped).
    public init(count: UInt64 = 0, firstSeen: String? = nil, conditions: [[ArgumentComparison]]? = nil) {
        self.count = count
        self.firstSeen = firstSeen
        self.conditions = conditions.map(Self.normalized)
    }

    /// Whether the syscall is allowed with these arguments (low `bits` bits compared).
    public func allows(_ arguments: [UInt64], bits: Int) -> Bool {
        guard let conditions else { return true }
        return conditions.contains { alternative in alternative.allSatisfy { $0.holds(for: arguments, bits: bits) } }
    }

    /// Adds what `other` saw: counts add, the earlier first sighting stays, conditions
    /// widen (an unconditional side makes the result unconditional). Nothing is removed.
    public mutating func merge(_ other: SyscallEntry) {
        let (sum, overflow) = count.addingReportingOverflow(other.count)
        count = overflow ? .max : sum
        switch (firstSeen, other.firstSeen) {
        case (let a?, let b?): firstSeen = min(a, b)
        case (nil, let b?): firstSeen = b
        default: break
        }
        if let mine = conditions, let theirs = other.conditions {
            conditions = Self.normalized(mine + theirs)
        } else {
            conditions = nil
        }
    }

    /// Comparisons sorted by index inside each alternative; alternatives sorted, deduplicated.
    static func normalized(_ alternatives: [[ArgumentComparison]]) -> [[ArgumentComparison]] {
        let sorted = alternatives.map { $0.sorted() }
        return Array(Set(sorted)).sorted { $0.lexicographicallyPrecedes($1) }
    }
}
