/// One comparison of a syscall argument: `args[index] op value` (or, for `masked_eq`,
/// `args[index] & mask == value`). A list of them is an alternative: all must hold.
public struct ArgumentComparison: Hashable, Comparable, Sendable {
    /// The argument, 0…5.
    public var index: Int
    /// How the argument is compared.
    public var op: ComparisonOperator
    /// The value compared with (with `masked_eq`: with the masked argument).
    public var value: UInt64
    /// Only for `masked_eq`.
    public var mask: UInt64?

    /// A comparison; ``PolicyRules`` checks it when it enters a policy.
    public init(index: Int, op: ComparisonOperator, value: UInt64, mask: UInt64? = nil) {
        self.index = index
        self.op = op
        self.value = value
        self.mask = mask
    }

    /// Whether the comparison holds for `arguments`, comparing the low `bits` bits the way
    /// libseccomp's filter does (32 on 32-bit arches: the high word is never loaded).
    public func holds(for arguments: [UInt64], bits: Int) -> Bool {
        let width: UInt64 = bits >= 64 ? .max : (1 << UInt64(bits)) - 1
        let argument = (index < arguments.count ? arguments[index] : 0) & width
        switch op {
        case .eq: return argument == value
        case .ne: return argument != value
        case .lt: return argument < value
        case .le: return argument <= value
        case .gt: return argument > value
        case .ge: return argument >= value
        case .maskedEq: return argument & (mask ?? 0) & width == value
        }
    }

    public static func < (a: Self, b: Self) -> Bool {
        (a.index, a.op, a.value, a.mask ?? 0) < (b.index, b.op, b.value, b.mask ?? 0)
    }

    /// `a0 == 2`, `a1 & 0xff00 == 0x1200`, as `policy show` prints it.
    public var summary: String {
        let symbol: String
        switch op {
        case .eq: symbol = "=="
        case .ne: symbol = "!="
        case .lt: symbol = "<"
        case .le: symbol = "<="
        case .gt: symbol = ">"
        case .ge: symbol = ">="
        case .maskedEq: return "a\(index) & 0x\(String(mask ?? 0, radix: 16)) == \(Self.number(value))"
        }
        return "a\(index) \(symbol) \(Self.number(value))"
    }

    private static func number(_ value: UInt64) -> String {
        value < 4096 ? String(value) : "0x" + String(value, radix: 16)
    }
}
