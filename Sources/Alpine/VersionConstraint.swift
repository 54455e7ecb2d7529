/// The version part of a dependency: `=1.2-r0`, `>=1.2`, `~1.6`, `><Q1…`.
///
/// apk reads the operator as a set of bits (`<` less, `>` greater, `=` equal, `~` fuzzy +
/// equal) and a version matches when the comparison result is in the set; `><` (less and
/// greater) means "this exact package identity". Only the combinations apk-tools itself
/// writes or documents are accepted; others such as `<=>` are refused.
public struct VersionConstraint: Hashable, Sendable, CustomStringConvertible {
    /// The comparison.
    public enum Operator: String, Sendable, CaseIterable {
        case equal = "="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        /// Prefix ("fuzzy") match: `~1.6` accepts 1.6, 1.6.0_pre1, 1.6.5.
        case fuzzy = "~"
        /// Greater, or a prefix match.
        case greaterOrFuzzy = ">~"
        /// Less, or a prefix match.
        case lessOrFuzzy = "<~"
        /// The exact package identity (`C:`) given as the version.
        case checksum = "><"
    }

    public var `operator`: Operator
    /// The version compared with (for ``Operator/checksum``, the identity as written).
    public var version: ApkVersion
    /// The identity, for ``Operator/checksum`` only.
    public var checksum: PackageChecksum?

    /// A constraint; the checksum operator needs a `Q1`/`X1` identity as `version`.
    public init(_ operator: Operator, _ version: String) throws(DependencyError) {
        self.operator = `operator`
        self.version = ApkVersion(version)
        if `operator` == .checksum {
            do { checksum = try PackageChecksum(parsing: Substring(version)) } catch {
                throw DependencyError(token: "><" + version, problem: error.description)
            }
        } else if !self.version.isValid {
            throw DependencyError(token: `operator`.rawValue + version, problem: "`\(version)` is not a valid apk version")
        }
    }

    /// Reads an operator the way apk does (any order of `<`, `>`, `=`, `~`).
    static func parseOperator(_ text: Substring) -> Operator? {
        var less = false, greater = false, equal = false, fuzzy = false
        for character in text {
            switch character {
            case "<": less = true
            case ">": greater = true
            case "=": equal = true
            case "~": fuzzy = true; equal = true
            default: return nil
            }
        }
        switch (less, greater, equal, fuzzy) {
        case (false, false, true, false): return .equal
        case (true, false, false, false): return .less
        case (true, false, true, false): return .lessOrEqual
        case (false, true, false, false): return .greater
        case (false, true, true, false): return .greaterOrEqual
        case (false, false, true, true): return .fuzzy
        case (false, true, true, true): return .greaterOrFuzzy
        case (true, false, true, true): return .lessOrFuzzy
        case (true, true, false, false): return .checksum
        default: return nil
        }
    }

    /// Whether a package (or provided name) at `candidate` satisfies this constraint; for
    /// ``Operator/checksum``, `identity` is the package's `C:`.
    public func allows(_ candidate: ApkVersion, identity: PackageChecksum? = nil) -> Bool {
        let order: VersionOrder
        switch `operator` {
        case .checksum: return identity != nil && identity == checksum
        case .fuzzy, .greaterOrFuzzy, .lessOrFuzzy:
            order = candidate.hasPrefix(version) ? .equal : candidate.compare(to: version)
        default:
            order = candidate.compare(to: version)
        }
        switch (`operator`, order) {
        case (.equal, .equal), (.fuzzy, .equal): return true
        case (.less, .less), (.lessOrEqual, .less), (.lessOrEqual, .equal): return true
        case (.greater, .greater), (.greaterOrEqual, .greater), (.greaterOrEqual, .equal): return true
        case (.greaterOrFuzzy, .greater), (.greaterOrFuzzy, .equal): return true
        case (.lessOrFuzzy, .less), (.lessOrFuzzy, .equal): return true
        default: return false
        }
    }

    public var description: String { `operator`.rawValue + version.text }
}
