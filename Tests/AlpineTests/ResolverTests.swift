import Alpine
import Testing
import TestSupport

/// Dependency resolution: provides (versioned and virtual), so: dependencies, version
/// constraints, conflicts, install_if, arch, unsatisfiable lists with their chain, order and
/// determinism. Indexes are written as APKINDEX text (see ``IndexText``).
@Suite struct ResolverTests {
    func resolve(_ world: [String], _ records: [[String]], architecture: String = "x86") throws -> Resolution {
        try Resolver(indexes: [try IndexText.index(records)], architecture: architecture).resolve(packages: world)
    }

    func failure(_ world: [String], _ records: [[String]], architecture: String = "x86") throws -> ResolutionError? {
        let resolver = Resolver(indexes: [try IndexText.index(records)], architecture: architecture)
        return #expect(throws: ResolutionError.self) { try resolver.resolve(world.map { try Dependency(parsing: $0) }) }
    }

    static let alpineLike: [[String]] = [
        ["P:musl", "V:1.2.5-r9", "A:x86", "I:1", "p:so:libc.musl-x86.so.1=1"],
        ["P:busybox", "V:1.36.1-r29", "A:x86", "I:1", "k:100", "D:so:libc.musl-x86.so.1",
         "p:/bin/sh cmd:busybox=1.36.1-r29 cmd:sh=1.36.1-r29"],
        ["P:busybox", "V:1.36.1-r28", "A:x86", "I:1", "D:so:libc.musl-x86.so.1", "p:/bin/sh cmd:busybox=1.36.1-r28"],
        ["P:app", "V:1.0-r0", "A:x86", "I:1", "D:/bin/sh so:libc.musl-x86.so.1 cmd:sh"],
    ]

    @Test func soDependencyPullsInItsProviderFirst() throws {
        let resolution = try resolve(["busybox"], Self.alpineLike)
        #expect(resolution.packages.map(\.description) == ["musl-1.2.5-r9", "busybox-1.36.1-r29"])
        #expect(resolution.packages[0].requiredBy == ["world", "busybox"])
        #expect(resolution.packages[1].requiredBy == ["world"])
    }

    @Test func realRepositoryFromMakeApkRepo() throws {
        try withScratch("resolve") { dir in
            let repository = try Fixtures.makeRepository(in: dir)
            let index = try repository.indexArchive().verifiedIndex(keyring: try repository.keyring()).index
            let resolution = try Resolver(indexes: [index], architecture: "x86").resolve(packages: ["busybox"])
            #expect(resolution.names == ["musl", "busybox"])
            #expect(resolution.packages.allSatisfy { $0.repository == 0 })
        }
    }

    @Test func virtualCommandAndVersionedProvides() throws {
        let resolution = try resolve(["app"], Self.alpineLike)
        // /bin/sh is virtual (busybox has k:100); cmd:sh is versioned; both land on busybox r29.
        #expect(resolution.packages.map(\.description) == ["musl-1.2.5-r9", "busybox-1.36.1-r29", "app-1.0-r0"])
    }

    @Test func versionConstraintsPickTheHighestSatisfyingVersion() throws {
        let records = [["P:foo", "V:1.0-r0"], ["P:foo", "V:1.5-r2"], ["P:foo", "V:2.0-r0"], ["P:foo", "V:1.5-r10"]]
        #expect(try resolve(["foo"], records).packages.map(\.description) == ["foo-2.0-r0"])
        #expect(try resolve(["foo<2"], records).packages.map(\.description) == ["foo-1.5-r10"])
        #expect(try resolve(["foo~1.5"], records).packages.map(\.description) == ["foo-1.5-r10"])
        #expect(try resolve(["foo=1.5-r2"], records).packages.map(\.description) == ["foo-1.5-r2"])
        #expect(try resolve(["foo<=1.0-r0"], records).packages.map(\.description) == ["foo-1.0-r0"])
        let error = try failure(["foo>=3"], records)
        #expect(error?.description == "world → foo>=3: no version satisfies it (available: foo-2.0-r0, foo-1.5-r10, foo-1.5-r2, foo-1.0-r0)")
    }

    @Test func identityConstraintPicksThatPackage() throws {
        let records = [["P:foo", "V:1.0-r0"], ["P:foo", "V:2.0-r0"]]
        let old = try #require(try IndexText.index(records).records.first { $0.version.text == "1.0-r0" })
        #expect(try resolve(["foo><\(old.checksum)"], records).packages.map(\.description) == ["foo-1.0-r0"])
    }

    @Test func highestVersionedProvideWins() throws {
        let records = [["P:libfoo1", "V:1.0-r0", "p:so:libfoo.so.1=1.0.0"], ["P:libfoo1-ng", "V:0.1-r0", "p:so:libfoo.so.1=1.2.0"],
                       ["P:user", "V:1", "D:so:libfoo.so.1"]]
        #expect(try resolve(["user"], records).names == ["libfoo1-ng", "user"])
    }

    @Test func alreadySelectedProviderIsPreferred() throws {
        let records = [["P:libfoo1", "V:1.0-r0", "p:so:libfoo.so.1=1.0.0"], ["P:libfoo1-ng", "V:0.1-r0", "p:so:libfoo.so.1=1.2.0"],
                       ["P:user", "V:1", "D:so:libfoo.so.1"]]
        // libfoo1 is named in the world, so it provides so:libfoo.so.1 for user too.
        #expect(try resolve(["libfoo1", "user"], records).names == ["libfoo1", "user"])
    }

    @Test func virtualNames() throws {
        let withoutPriority = [["P:mutt", "V:2"], ["P:neomutt", "V:1"], ["P:app", "V:1", "D:mail-reader"]]
            .map { $0.first == "P:app" ? $0 : $0 + ["p:mail-reader"] }
        let error = try failure(["app"], withoutPriority)
        #expect(error?.description == "world → app → mail-reader: a virtual name that none of its providers (mutt, neomutt) selects by provider_priority; add the one you want to the manifest's packages")
        // Named explicitly, in any order, the provider is used.
        #expect(try resolve(["app", "neomutt"], withoutPriority).names == ["neomutt", "app"])
        #expect(try resolve(["neomutt", "app"], withoutPriority).names == ["neomutt", "app"])
        // The highest priority wins; a tie asks the user.
        let prioritized = [["P:mutt", "V:2", "k:10", "p:mail-reader"], ["P:neomutt", "V:1", "k:20", "p:mail-reader"],
                           ["P:app", "V:1", "D:mail-reader"]]
        #expect(try resolve(["app"], prioritized).names == ["neomutt", "app"])
        let tied = [["P:mutt", "V:2", "k:20", "p:mail-reader"], ["P:neomutt", "V:1", "k:20", "p:mail-reader"],
                    ["P:app", "V:1", "D:mail-reader"]]
        let tie = try failure(["app"], tied)
        #expect(tie?.description == "world → app → mail-reader: provided by mutt, neomutt with the same provider_priority 20; add the one you want to the manifest's packages")
        #expect(try resolve(["app", "mutt"], tied).names == ["mutt", "app"])
    }

    @Test func conflicts() throws {
        let records = [["P:foo", "V:1"], ["P:bar", "V:1", "D:!foo"], ["P:baz", "V:1", "D:foo"]]
        let error = try failure(["bar", "foo"], records)
        #expect(error?.description == "conflict: foo-1 (required by world) and !foo (from world → bar)")
        let reverse = try failure(["bar", "baz"], records)
        #expect(reverse?.description == "conflict: foo-1 (required by world → baz) and !foo (from world → bar)")
        // A versioned conflict spares versions outside it.
        let versioned = [["P:foo", "V:1"], ["P:foo", "V:2"], ["P:bar", "V:1", "D:!foo<2"]]
        #expect(try resolve(["bar", "foo"], versioned).packages.map(\.description) == ["bar-1", "foo-2"])
        // A conflict steers a virtual name to the other provider.
        let shells = [["P:busybox", "V:1", "k:100", "p:/bin/sh"], ["P:toybox", "V:1", "k:50", "p:/bin/sh"],
                      ["P:nobusybox", "V:1", "D:!busybox"], ["P:script", "V:1", "D:/bin/sh"]]
        #expect(try resolve(["nobusybox", "script"], shells).names == ["nobusybox", "toybox", "script"])
    }

    @Test func twoOwnersOfOneVersionedName() throws {
        let records = [["P:a", "V:1", "p:so:libx.so.1=1"], ["P:b", "V:1", "p:so:libx.so.1=1"]]
        let error = try failure(["a", "b"], records)
        #expect(error?.description == "world → b: conflict: so:libx.so.1 would be provided by both a-1 (required by world) and b-1")
    }

    @Test func installIf() throws {
        let records = [["P:foo", "V:1.0-r0"], ["P:docs", "V:1"], ["P:foo-doc", "V:1.0-r0", "i:foo=1.0-r0 docs", "D:man-pages"],
                       ["P:man-pages", "V:6"], ["P:bar", "V:1"]]
        #expect(try resolve(["foo"], records).names == ["foo"])
        let both = try resolve(["foo", "docs", "bar"], records)
        #expect(both.names == ["bar", "docs", "foo", "man-pages", "foo-doc"])
        #expect(both.packages.last?.requiredBy == ["install_if: foo=1.0-r0 docs"])
        // The rule names a version: another foo does not trigger it.
        let other = [["P:foo", "V:2.0-r0"], ["P:docs", "V:1"], ["P:foo-doc", "V:1.0-r0", "i:foo=1.0-r0 docs"]]
        #expect(try resolve(["foo", "docs"], other).names == ["docs", "foo"])
    }

    @Test func architecture() throws {
        let records = [["P:tool", "V:1", "A:x86_64"], ["P:data", "V:1", "A:noarch"], ["P:plain", "V:1"],
                       ["P:future", "V:1", "A:x86", "Z:unknown uppercase"]]
        #expect(try resolve(["data", "plain"], records).names == ["data", "plain"])
        #expect(try resolve(["tool"], records, architecture: "x86_64").names == ["tool"])
        let error = try failure(["tool"], records)
        #expect(error?.description == "world → tool: no installable package: tool-1: arch x86_64 is neither x86 nor noarch")
        let future = try failure(["future"], [["P:future", "V:1", "A:x86", "Y:unknown uppercase"]])
        #expect(future?.description.contains("future-1: unknown field Y:") == true)
        // A newer version for another arch is skipped in favour of an older one that fits.
        let mixed = [["P:tool", "V:2", "A:x86_64"], ["P:tool", "V:1", "A:x86"]]
        #expect(try resolve(["tool"], mixed).packages.map(\.description) == ["tool-1"])
    }

    @Test func unsatisfiableListsNameTheirChain() throws {
        let records = [["P:busybox", "V:1.36.1-r29", "D:so:libc.musl-x86.so.1"], ["P:app", "V:1", "D:busybox"]]
        let error = try failure(["app"], records)
        #expect(error?.description == "world → app → busybox → so:libc.musl-x86.so.1: no package provides it")
        #expect(error?.chain == ["world", "app", "busybox"])
        #expect(try failure(["nothing-here"], records)?.description == "world → nothing-here: no package provides it")
        #expect(try failure(["busybox@edge"], records)?.problem == .taggedRepository("edge"))
    }

    @Test func aLaterConstraintIsHonouredByReRunning() throws {
        let records = [["P:foo", "V:1.0"], ["P:foo", "V:2.0"], ["P:zapp", "V:1", "D:foo<2"]]
        // "foo" is met first (by 2.0); zapp's foo<2 then clashes, and a second pass takes 1.0.
        #expect(try resolve(["foo", "zapp"], records).packages.map(\.description) == ["foo-1.0", "zapp-1"])
        let error = try failure(["foo>=2", "zapp"], records)
        #expect(error?.description == "world → zapp → foo<2: conflicts with foo-2.0, already selected (required by world)")
    }

    @Test func installOrderDependenciesFirstTiesByNameCyclesBroken() throws {
        let records = [["P:c", "V:1"], ["P:b", "V:1", "D:c"], ["P:a", "V:1", "D:b"], ["P:z", "V:1"], ["P:m", "V:1", "D:z"],
                       ["P:x", "V:1", "D:y"], ["P:y", "V:1", "D:x"]]
        #expect(try resolve(["a", "m"], records).names == ["c", "b", "a", "z", "m"])
        #expect(try resolve(["y", "a"], records).names == ["c", "b", "a", "x", "y"])
    }

    @Test func sameIndexAndListGiveTheSameResultWhateverTheOrder() throws {
        let records = Self.alpineLike + [["P:docs", "V:1"], ["P:app-doc", "V:1.0-r0", "i:app=1.0-r0 docs"],
                                         ["P:zlib", "V:1.3-r0", "p:so:libz.so.1=1.3"], ["P:curl", "V:8", "D:so:libz.so.1 /bin/sh"]]
        let world = ["app", "curl", "docs"]
        let expected = try resolve(world, records)
        #expect(expected.names == ["docs", "musl", "busybox", "app", "app-doc", "zlib", "curl"])
        for _ in 0..<20 {
            let shuffled = try resolve(world.shuffled(), records.shuffled())
            #expect(shuffled.packages.map(\.description) == expected.packages.map(\.description))
            #expect(shuffled.packages.map(\.requiredBy) == expected.packages.map(\.requiredBy))
        }
    }

    @Test func severalRepositories() throws {
        let main = try IndexText.index([["P:musl", "V:1.2.5-r9", "p:so:libc.musl-x86.so.1=1"], ["P:shared", "V:1"]], source: "main")
        let community = try IndexText.index([["P:extra", "V:1", "D:so:libc.musl-x86.so.1 shared"], ["P:shared", "V:1", "T:copy"]],
                                            source: "community")
        let resolution = try Resolver(indexes: [main, community], architecture: "x86").resolve(packages: ["extra"])
        #expect(resolution.names == ["musl", "shared", "extra"])
        #expect(resolution.packages.map(\.repository) == [0, 0, 1])
    }
}
