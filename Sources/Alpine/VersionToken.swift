/// One token of a version (apk's `token_state`).
struct VersionToken: Sendable {
    /// Token kinds in apk's order; the order matters when two versions differ in kind.
    enum Kind: Int, Comparable, Sendable {
        case initialDigit, digit, letter, suffix, suffixNumber, commitHash, revision, end, invalid
        static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Suffixes in apk's order.
    enum Suffix: Int, Comparable, Sendable {
        case invalid, alpha, beta, pre, rc, none, cvs, svn, git, hg, p
        static func < (lhs: Suffix, rhs: Suffix) -> Bool { lhs.rawValue < rhs.rawValue }

        init(_ text: [UInt8]) {
            switch String(decoding: text, as: UTF8.self) {
            case "alpha": self = .alpha
            case "beta": self = .beta
            case "pre": self = .pre
            case "rc": self = .rc
            case "cvs": self = .cvs
            case "svn": self = .svn
            case "git": self = .git
            case "hg": self = .hg
            case "p": self = .p
            default: self = .invalid
            }
        }
    }

    var kind: Kind
    var value: [UInt8] = []
    var number: UInt64 = 0
    var suffix: Suffix = .none

    func compare(to other: VersionToken) -> VersionOrder {
        switch kind {
        case .digit where value.first == UInt8(ascii: "0") || other.value.first == UInt8(ascii: "0"):
            return Self.compareBytes(value, other.value)
        case .initialDigit, .digit, .suffixNumber, .revision:
            return Self.compareNumbers(number, other.number)
        case .letter:
            return Self.compareNumbers(UInt64(value.first ?? 0), UInt64(other.value.first ?? 0))
        case .suffix:
            return Self.compareNumbers(UInt64(suffix.rawValue), UInt64(other.suffix.rawValue))
        case .commitHash, .end, .invalid:
            return Self.compareBytes(value, other.value)
        }
    }

    /// Feeds exactly what ``compare(to:)`` looks at, so equal tokens hash alike.
    func hashValueForEquality(into hasher: inout Hasher) {
        hasher.combine(kind.rawValue)
        switch kind {
        case .digit where value.first == UInt8(ascii: "0"): hasher.combine(value)
        case .initialDigit, .digit, .suffixNumber, .revision: hasher.combine(number)
        case .letter: hasher.combine(value.first ?? 0)
        case .suffix: hasher.combine(suffix.rawValue)
        case .commitHash: hasher.combine(value)
        case .end, .invalid: break  // two ends (or two invalid tails) are always equal
        }
    }

    private static func compareNumbers(_ a: UInt64, _ b: UInt64) -> VersionOrder {
        a < b ? .less : (a > b ? .greater : .equal)
    }

    /// apk's `apk_blob_sort`: bytes first, then the shorter one is less.
    private static func compareBytes(_ a: [UInt8], _ b: [UInt8]) -> VersionOrder {
        for (x, y) in zip(a, b) where x != y { return x < y ? .less : .greater }
        return compareNumbers(UInt64(a.count), UInt64(b.count))
    }
}

extension VersionToken {
    /// Splits a version into tokens the way apk's `token_first`/`token_next` do; the list
    /// always ends with an `.end` or an `.invalid` token.
    static func tokenize(_ bytes: [UInt8]) -> [VersionToken] {
        var tokens: [VersionToken] = []
        var position = 0
        var current = VersionToken(kind: .initialDigit)
        readDigits(bytes, &position, into: &current)
        while current.kind < .end {
            tokens.append(current)
            current = next(after: current.kind, bytes, &position)
        }
        tokens.append(current)
        return tokens
    }

    private static func next(after previous: Kind, _ bytes: [UInt8], _ position: inout Int) -> VersionToken {
        guard position < bytes.count else { return VersionToken(kind: .end) }
        let invalid = VersionToken(kind: .invalid, value: Array(bytes[position...]))
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"):
            guard previous <= .digit else { return invalid }
            position += 1
            return VersionToken(kind: .letter, value: [byte])
        case UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if byte == UInt8(ascii: ".") {
                guard previous <= .digit else { return invalid }
                position += 1
            }
            var token: VersionToken
            switch previous {
            case .initialDigit, .digit: token = VersionToken(kind: .digit)
            case .suffix: token = VersionToken(kind: .suffixNumber)
            default: return invalid
            }
            readDigits(bytes, &position, into: &token)
            return token
        case UInt8(ascii: "_"):
            guard previous <= .suffixNumber else { return invalid }
            let start = position + 1
            var end = start
            while end < bytes.count, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[end]) { end += 1 }
            let name = Array(bytes[start..<end])
            let suffix = Suffix(name)
            guard suffix != .invalid else { return invalid }
            position = end
            return VersionToken(kind: .suffix, value: name, suffix: suffix)
        case UInt8(ascii: "~"):
            guard previous < .commitHash else { return invalid }
            let start = position + 1
            var end = start
            while end < bytes.count, isLowercaseHexDigit(bytes[end]) { end += 1 }
            guard end > start else { return invalid }
            position = end
            return VersionToken(kind: .commitHash, value: Array(bytes[start..<end]))
        case UInt8(ascii: "-"):
            guard previous < .revision, position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "r") else {
                return invalid
            }
            position += 2
            var token = VersionToken(kind: .revision)
            readDigits(bytes, &position, into: &token)
            return token
        default:
            return invalid
        }
    }

    /// apk's `token_parse_digits`: a run of decimal digits (wrapping like `uint64_t`); no
    /// digits at all makes the token invalid.
    private static func readDigits(_ bytes: [UInt8], _ position: inout Int, into token: inout VersionToken) {
        let start = position
        var number: UInt64 = 0
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
            number = number &* 10 &+ UInt64(bytes[position] - UInt8(ascii: "0"))
            position += 1
        }
        token.number = number
        token.value = Array(bytes[start..<position])
        if position == start {
            token.kind = .invalid
            token.value = Array(bytes[start...])
        }
    }

    private static func isLowercaseHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
