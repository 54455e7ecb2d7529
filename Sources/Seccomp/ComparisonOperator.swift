import CSeccomp

/// How an argument is compared in a policy condition (libseccomp's `SCMP_CMP_*`).
public enum ComparisonOperator: String, CaseIterable, Comparable, Sendable {
    case eq, ne, lt, le, gt, ge
    /// `(argument & mask) == value`.
    case maskedEq = "masked_eq"

    /// The spelling in policy files and OCI profiles' lower-case form: `eq`, `masked_eq`.
    public var name: String { rawValue }

    /// The OCI/Docker profile spelling: `SCMP_CMP_EQ`, `SCMP_CMP_MASKED_EQ`.
    public var ociName: String { "SCMP_CMP_" + rawValue.uppercased() }

    var libseccompValue: scmp_compare {
        switch self {
        case .ne: return SCMP_CMP_NE
        case .lt: return SCMP_CMP_LT
        case .le: return SCMP_CMP_LE
        case .eq: return SCMP_CMP_EQ
        case .ge: return SCMP_CMP_GE
        case .gt: return SCMP_CMP_GT
        case .maskedEq: return SCMP_CMP_MASKED_EQ
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
