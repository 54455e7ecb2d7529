import Alpine
import Testing

/// `D:`/`p:`/`i:` tokens: `[!]name[@tag][op version]`, provides, identities.
@Suite struct DependencyTests {
    @Test func plainNamesAndNamespaces() throws {
        for token in ["musl", "so:libc.musl-x86.so.1", "cmd:busybox", "/bin/sh", "pc:zlib", "py3.12:foo", "g++"] {
            let dependency = try Dependency(parsing: token)
            #expect(dependency.name == token)
            #expect(!dependency.isConflict && dependency.constraint == nil && dependency.tag == nil)
            #expect(dependency.description == token)
        }
    }

    @Test func everyOperator() throws {
        let cases: [(String, VersionConstraint.Operator, String)] = [
            ("busybox=1.36.1-r0", .equal, "1.36.1-r0"), ("foo<2", .less, "2"), ("foo<=2", .lessOrEqual, "2"),
            ("foo>1.35", .greater, "1.35"), ("foo>=1.35", .greaterOrEqual, "1.35"), ("python3~3.12", .fuzzy, "3.12"),
            ("foo>~1.6", .greaterOrFuzzy, "1.6"), ("foo<~1.6", .lessOrFuzzy, "1.6"), ("foo=<2", .lessOrEqual, "2"),
            ("so:libc.musl-x86.so.1=1", .equal, "1"),
        ]
        for (token, op, version) in cases {
            let dependency = try Dependency(parsing: token)
            #expect(dependency.constraint?.operator == op, "\(token)")
            #expect(dependency.constraint?.version.text == version, "\(token)")
        }
        #expect(try Dependency(parsing: "foo=<2").description == "foo<=2")
    }

    @Test func conflictsAndTags() throws {
        let conflict = try Dependency(parsing: "!foo>=2")
        #expect(conflict.isConflict && conflict.name == "foo" && conflict.constraint?.operator == .greaterOrEqual)
        #expect(conflict.description == "!foo>=2")
        let tagged = try Dependency(parsing: "busybox@edge>1")
        #expect(tagged.name == "busybox" && tagged.tag == "edge" && tagged.constraint?.operator == .greater)
    }

    @Test func identityConstraint() throws {
        let identity = "Q1q+b+YJqvl8+pTo4w26MOThV13Ew="
        let dependency = try Dependency(parsing: "busybox><" + identity)
        #expect(dependency.constraint?.operator == .checksum)
        let checksum = try PackageChecksum(parsing: Substring(identity))
        #expect(dependency.isMet(byName: "busybox", version: ApkVersion("9"), identity: checksum))
        let other = try PackageChecksum(parsing: "X1" + String(repeating: "ab", count: 20))
        #expect(!dependency.isMet(byName: "busybox", version: ApkVersion("9"), identity: other))
        #expect(throws: DependencyError.self) { try Dependency(parsing: "busybox><Q1short=") }
    }

    @Test func malformedTokensAreNamed() {
        let cases: [(String, String)] = [
            ("", "no package name"), ("!", "no package name"), (">=1.0", "no package name"),
            ("foo>=", "no version after `>=`"), ("foo<=>1", "unknown operator `<=>`"),
            ("foo>=1.0bc", "`1.0bc` is not a valid apk version"), ("foo@", "empty repository tag"),
        ]
        for (token, fragment) in cases {
            do {
                _ = try Dependency(parsing: token)
                Issue.record("`\(token)` parsed")
            } catch {
                #expect(error.description.contains(fragment), "\(token): \(error)")
                #expect(error.description.contains("`\(token)`"))
            }
        }
    }

    @Test func listsKeepGoodTokensAndReportBadOnes() {
        let (dependencies, errors) = Dependency.parseList("musl  so:libc.musl-x86.so.1 foo>= !bar")
        #expect(dependencies.map(\.description) == ["musl", "so:libc.musl-x86.so.1", "!bar"])
        #expect(errors.map(\.token) == ["foo>="])
    }

    @Test func provides() throws {
        let versioned = try Provide(parsing: "so:libc.musl-x86.so.1=1")
        #expect(versioned.name == "so:libc.musl-x86.so.1" && versioned.version?.text == "1")
        let command = try Provide(parsing: "cmd:busybox=1.35.0-r0")
        #expect(command.version == ApkVersion("1.35.0-r0"))
        let virtual = try Provide(parsing: "/bin/sh")
        #expect(virtual.version == nil && virtual.description == "/bin/sh")
        #expect(throws: DependencyError.self) { try Provide(parsing: "foo>1") }
        #expect(throws: DependencyError.self) { try Provide(parsing: "!foo") }
    }

    @Test func unversionedProvideMeetsOnlyUnversionedDependencies() throws {
        #expect(try Dependency(parsing: "/bin/sh").isMet(byName: "/bin/sh", version: nil))
        #expect(try !Dependency(parsing: "/bin/sh>=1").isMet(byName: "/bin/sh", version: nil))
        #expect(try !Dependency(parsing: "foo").isMet(byName: "bar", version: ApkVersion("1")))
    }
}
