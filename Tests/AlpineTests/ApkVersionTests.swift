import Alpine
import Testing

/// apk version ordering, pair by pair, from the rules in apk-format.md §2.2 and apk-tools'
/// version.c (numbers, leading zeros, letters, suffix order, multiple suffixes, ~hash, -rN,
/// invalid versions).
@Suite struct ApkVersionTests {
    /// (a, expected order of a relative to b, b)
    static let pairs: [(String, VersionOrder, String)] = [
        // Numbers compare numerically, component by component; more components is greater.
        ("1.0", .less, "1.1"),
        ("1.9", .less, "1.10"),
        ("1.2.3", .less, "1.2.10"),
        ("2", .greater, "1.99.99"),
        ("1.0", .less, "1.0.0"),
        ("1.0.0", .less, "1.0.1"),
        ("1.2.3.4.5", .greater, "1.2.3.4"),
        ("0.0.0", .greater, "0"),
        ("1.0", .equal, "1.0"),
        // Leading zeros: the first number is numeric, later ones compare as strings.
        ("01.2", .equal, "1.2"),
        ("1.01", .less, "1.1"),
        ("1.010", .less, "1.1"),
        ("1.001", .less, "1.01"),
        ("1.09", .greater, "1.0"),
        // One letter after the numbers.
        ("1.0a", .greater, "1.0"),
        ("1.0a", .less, "1.0b"),
        ("1.0z", .less, "1.0.1"),
        // Suffix order: alpha < beta < pre < rc < (none) < cvs < svn < git < hg < p.
        ("1.0_alpha", .less, "1.0"),
        ("1.0_alpha", .less, "1.0_beta"),
        ("1.0_beta", .less, "1.0_pre"),
        ("1.0_pre", .less, "1.0_rc"),
        ("1.0_rc", .less, "1.0"),
        ("1.0", .less, "1.0_cvs"),
        ("1.0_cvs", .less, "1.0_svn"),
        ("1.0_svn", .less, "1.0_git"),
        ("1.0_git", .less, "1.0_hg"),
        ("1.0_hg", .less, "1.0_p"),
        // Suffix numbers.
        ("1.0_alpha", .less, "1.0_alpha1"),
        ("1.0_alpha2", .less, "1.0_alpha10"),
        ("1.0_rc9", .less, "1.0"),
        ("1.0_p1", .greater, "1.0"),
        ("1.0_p1", .less, "1.0.1"),
        ("2.0_rc1", .greater, "1.99"),
        // Several suffixes.
        ("1.0_alpha", .less, "1.0_alpha_p1"),
        ("1.0_alpha_pre", .less, "1.0_alpha"),
        ("1.0_rc1_p2", .greater, "1.0_rc1"),
        ("1.0_rc1_p2", .less, "1.0"),
        // Revisions.
        ("1.0-r0", .less, "1.0-r1"),
        ("1.0-r9", .less, "1.0-r10"),
        ("1.0", .less, "1.0-r0"),
        ("1.0-r0", .equal, "1.0-r00"),
        ("1.0-r5", .less, "1.0.1-r0"),
        ("1.0-r1", .less, "1.0a-r0"),
        ("1.0_rc1-r5", .less, "1.0-r0"),
        // Commit hashes.
        ("1.0~abc", .greater, "1.0"),
        ("1.0~abc-r1", .greater, "1.0~abc-r0"),
        ("1.0~abc", .less, "1.0~abd"),
        ("1.0~abc", .greater, "1.0-r0"),
        ("1.0_p1~a1", .greater, "1.0_p1"),
        // Numbers wrap like apk's uint64_t.
        ("18446744073709551616", .equal, "0"),
        // Invalid versions compare up to the bad character, below any valid continuation.
        ("1.0", .less, "1.0bc"),
        ("1.0bc", .less, "1.0b"),
        ("1.0-foo", .equal, "1.0-bar"),
        ("1.0-foo", .less, "1.0"),
        ("1.0-foo", .less, "1.0-r0"),
    ]

    @Test func orderingPairs() {
        #expect(Self.pairs.count >= 40)
        for (a, expected, b) in Self.pairs {
            let left = ApkVersion(a), right = ApkVersion(b)
            #expect(left.compare(to: right) == expected, "\(a) vs \(b)")
            // The reverse comparison must agree.
            let reversed: VersionOrder = expected == .less ? .greater : (expected == .greater ? .less : .equal)
            #expect(right.compare(to: left) == reversed, "\(b) vs \(a)")
            #expect((left < right) == (expected == .less))
            #expect((left == right) == (expected == .equal))
        }
    }

    @Test func equalVersionsHashAlike() {
        #expect(Set(["01.2", "1.2"].map(ApkVersion.init)).count == 1)
        #expect(Set(["1.0-r0", "1.0-r00"].map(ApkVersion.init)).count == 1)
        #expect(Set(["1.0-foo", "1.0-bar"].map(ApkVersion.init)).count == 1)
        #expect(Set(["1.0", "1.0.0", "1.01", "1.1"].map(ApkVersion.init)).count == 4)
    }

    @Test func sortingIsTheOrderAlpineUses() {
        let shuffled = ["1.0-r1", "1.0_rc1", "1.0", "1.0.1", "1.0_p1", "1.0a", "0.9", "1.0_alpha", "1.0-r0"].shuffled()
        let sorted = shuffled.map(ApkVersion.init).sorted().map(\.text)
        #expect(sorted == ["0.9", "1.0_alpha", "1.0_rc1", "1.0", "1.0-r0", "1.0-r1", "1.0_p1", "1.0a", "1.0.1"])
    }

    @Test func validity() {
        for valid in ["1", "1.2.3", "1.0a", "1.0_alpha1_p2", "1.0~abc1-r2", "1.0-r0", "2.0_rc1-r10", "20231120"] {
            #expect(ApkVersion(valid).isValid, "\(valid)")
        }
        for invalid in ["", "a", ".1", "1.", "1.0bc", "1.0a1", "1.0_foo", "1.0_", "1.0-r", "1.0-r1-r2",
                        "1.0-r1_p1", "1.0~", "1.0~XYZ", "1.0~abc_p1", "_pre1", "-r1", "1.0-rc1", "1.0 "] {
            #expect(!ApkVersion(invalid).isValid, "\(invalid)")
        }
    }

    @Test func fuzzyPrefixMatching() throws {
        func allows(_ op: VersionConstraint.Operator, _ bound: String, _ candidate: String) throws -> Bool {
            try VersionConstraint(op, bound).allows(ApkVersion(candidate))
        }
        #expect(try allows(.fuzzy, "1.6", "1.6"))
        #expect(try allows(.fuzzy, "1.6", "1.6.5"))
        #expect(try allows(.fuzzy, "1.6", "1.6_rc1"))
        #expect(try !allows(.fuzzy, "1.6", "1.60"))
        #expect(try !allows(.fuzzy, "1.6", "1.7"))
        #expect(try allows(.greaterOrFuzzy, "1.6", "1.7"))
        #expect(try allows(.greaterOrFuzzy, "1.6", "1.6.1"))
        #expect(try !allows(.greaterOrFuzzy, "1.6", "1.5"))
        #expect(try allows(.lessOrFuzzy, "1.6", "1.5"))
        #expect(try allows(.lessOrFuzzy, "1.6", "1.6.9"))
        #expect(try !allows(.lessOrFuzzy, "1.6", "1.7"))
    }

    @Test func orderedOperators() throws {
        func allows(_ op: VersionConstraint.Operator, _ bound: String, _ candidate: String) throws -> Bool {
            try VersionConstraint(op, bound).allows(ApkVersion(candidate))
        }
        #expect(try allows(.equal, "1.2-r0", "1.2-r0"))
        #expect(try !allows(.equal, "1.2-r0", "1.2-r1"))
        #expect(try allows(.less, "2", "1.9"))
        #expect(try !allows(.less, "2", "2"))
        #expect(try allows(.lessOrEqual, "2", "2"))
        #expect(try allows(.greater, "1.35", "1.36.1-r0"))
        #expect(try !allows(.greater, "1.35", "1.35"))
        #expect(try allows(.greaterOrEqual, "1.35", "1.35"))
        #expect(try !allows(.greaterOrEqual, "1.35", "1.35_rc1"))
    }
}
