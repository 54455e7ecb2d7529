/// An Alpine package version, ordered exactly as apk-tools 3 orders them.
///
/// Grammar: `number{.number}…{letter}{_suffix{number}}…{~hash}{-rN}`, for example
/// `1.2.3`, `1.0a`, `2.0_rc1_p2`, `1.36.1~0a1b2c-r3`. Suffixes sort
/// `_alpha < _beta < _pre < _rc < (none) < _cvs < _svn < _git < _hg < _p`.
///
/// Versions are compared token by token (apk's `version.c`): the first number numerically;
/// later numbers numerically unless either has a leading zero, then as strings (`1.01 <
/// 1.1`, Gentoo's rule); letters and `~hash`es as strings; suffixes by the order above;
/// `-rN` numerically. When one version runs out of tokens first, the longer one is greater
/// unless its next token is a pre-release suffix (`1.0_rc1 < 1.0 < 1.0.1`).
///
/// **Invalid versions** (`1.0bc`, `1.0-foo`, `_pre1`) are kept, never rejected here: apk
/// compares them with the same rules up to the first bad character, where the version
/// "ends" with an invalid token that sorts below every valid continuation and equal to
/// another invalid one (`1.0-foo == 1.0-bar`, `1.0-foo < 1.0`). ``isValid`` tells them
/// apart; the index parser warns about them and the dependency parser refuses them in a
/// constraint, as apk does. Numbers wrap at 2⁶⁴ like apk's `uint64_t`.
public struct ApkVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The version as written.
    public let text: String
    /// The tokens up to and including the end (or the first invalid token).
    let tokens: [VersionToken]

    /// Reads `text`; never fails (see the type's notes on invalid versions).
    public init(_ text: String) {
        self.text = text
        tokens = VersionToken.tokenize(Array(text.utf8))
    }

    /// Whether the whole text follows the grammar (apk's `apk_version_validate`).
    public var isValid: Bool { tokens.last?.kind == .end }

    public var description: String { text }

    /// How `self` compares with `other` (apk's `apk_version_compare`).
    public func compare(to other: ApkVersion) -> VersionOrder {
        Self.compare(tokens, other.tokens, prefix: false)
    }

    /// apk's fuzzy match (`~`): true when `prefix`'s tokens all equal the start of this
    /// version's tokens, so `1.6.5` and `1.6_rc1` match `1.6`, but `1.60` does not.
    public func hasPrefix(_ prefix: ApkVersion) -> Bool {
        Self.compare(tokens, prefix.tokens, prefix: true) == .equal
    }

    public static func < (lhs: ApkVersion, rhs: ApkVersion) -> Bool { lhs.compare(to: rhs) == .less }

    /// Equal when apk says equal (`01.2 == 1.2`, `1.0-foo == 1.0-bar`), not when the text is.
    public static func == (lhs: ApkVersion, rhs: ApkVersion) -> Bool { lhs.compare(to: rhs) == .equal }

    public func hash(into hasher: inout Hasher) {
        for token in tokens { token.hashValueForEquality(into: &hasher) }
    }

    private static func compare(_ a: [VersionToken], _ b: [VersionToken], prefix: Bool) -> VersionOrder {
        var index = 0
        // Both lists end with .end or .invalid, so the loop stops before running off either.
        while index < a.count, index < b.count, a[index].kind == b[index].kind, a[index].kind < .end {
            let order = a[index].compare(to: b[index])
            if order != .equal { return order }
            index += 1
        }
        guard index < a.count, index < b.count else { return .equal }
        let ta = a[index], tb = b[index]
        if ta.kind == tb.kind { return .equal }
        if tb.kind == .end && prefix { return .equal }
        // Equal so far: the longer one is greater unless it goes on with a pre-release suffix.
        if ta.kind == .suffix && ta.suffix < .none { return .less }
        if tb.kind == .suffix && tb.suffix < .none { return .greater }
        return ta.kind > tb.kind ? .less : .greater
    }
}

/// The result of comparing two versions.
public enum VersionOrder: Sendable {
    case less, equal, greater
}
