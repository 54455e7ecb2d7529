import Alpine
import Foundation
import Testing
import TestSupport

/// APKINDEX parsing: real indexes from make-apk-repo, every field, and malformed records
/// reported with their file and line.
@Suite struct APKIndexTests {
    @Test func realIndexFromMakeApkRepo() throws {
        try withScratch("index") { dir in
            let repository = try Fixtures.makeRepository(in: dir)
            let archive = try repository.indexArchive()
            #expect(archive.repositoryDescription == "barracks test repository x86")
            let index = try archive.unverifiedIndex()
            #expect(index.warnings.isEmpty)
            let records = Dictionary(uniqueKeysWithValues: index.records.map { ($0.name, $0) })
            let musl = try #require(records["musl"])
            #expect(musl.version.text == "1.2.3-r0" && musl.architecture == "x86")
            #expect(musl.provides == [Provide(name: "so:libc.musl-x86.so.1", version: ApkVersion("1"))])
            #expect(musl.license == "MIT" && musl.origin == "musl" && musl.buildTime == 1_700_000_000)
            #expect(musl.installedSize == 7)
            let muslFile = repository.folder + "/musl-1.2.3-r0.apk"
            #expect(musl.size == UInt64(try readFile(muslFile).count))
            // C: is SHA-1 of the package's compressed control member (the second gzip member).
            let members = try repository.members(of: "musl-1.2.3-r0.apk")
            #expect(PackageIntegrity.identity(ofControlMember: members[1].compressed) == musl.checksum)
            let busybox = try #require(records["busybox"])
            #expect(busybox.depends.map(\.description) == ["so:libc.musl-x86.so.1"])
            #expect(busybox.provides.map(\.description) == ["/bin/sh", "cmd:busybox=1.35.0-r0"])
            #expect(busybox.providerPriority == 100)
            #expect(busybox.fileName == "busybox-1.35.0-r0.apk")
            #expect(busybox.downloadPath(primaryArchitecture: "x86") == "x86/busybox-1.35.0-r0.apk")
        }
    }

    @Test func everyKnownFieldAndUnknownOnes() throws {
        let text = """
            C:Q1q+b+YJqvl8+pTo4w26MOThV13Ew=
            P:demo
            V:2.0_rc1-r3
            A:noarch
            S:1234
            I:5678
            T:a demo package
            U:https://example.org/
            L:MIT OR Apache-2.0
            o:demo-origin
            m:Someone <someone@example.org>
            t:1700000001
            c:0123abcd
            k:10
            D:musl so:libc.musl-x86.so.1 !old-demo
            p:cmd:demo=2.0_rc1-r3 demo-virtual
            i:demo-base docs
            x:something new

            C:X1\(String(repeating: "0f", count: 20))
            P:future
            V:1
            Y:needs a newer apk
            """
        let index = try APKIndex(text: Array(text.utf8), source: "fields")
        #expect(index.records.count == 2)
        let demo = index.records[0]
        #expect(demo.checksum.description == "Q1q+b+YJqvl8+pTo4w26MOThV13Ew=")
        #expect(demo.name == "demo" && demo.version.text == "2.0_rc1-r3" && demo.architecture == "noarch")
        #expect(demo.size == 1234 && demo.installedSize == 5678 && demo.summary == "a demo package")
        #expect(demo.url == "https://example.org/" && demo.license == "MIT OR Apache-2.0" && demo.origin == "demo-origin")
        #expect(demo.maintainer == "Someone <someone@example.org>" && demo.buildTime == 1_700_000_001)
        #expect(demo.commit == "0123abcd" && demo.providerPriority == 10)
        #expect(demo.depends.map(\.description) == ["musl", "so:libc.musl-x86.so.1", "!old-demo"])
        #expect(demo.provides.map(\.description) == ["cmd:demo=2.0_rc1-r3", "demo-virtual"])
        #expect(demo.installIf.map(\.description) == ["demo-base", "docs"])
        #expect(demo.unknownFields == [PackageRecord.UnknownField(letter: "x", value: "something new")])
        #expect(demo.uninstallableReason == nil)
        #expect(demo.refusal(architecture: "x86") == nil)
        let future = index.records[1]
        #expect(future.checksum.hex == String(repeating: "0f", count: 20))
        #expect(future.line == 20)
        #expect(future.uninstallableReason?.contains("unknown field Y:") == true)
        #expect(future.refusal(architecture: "x86") != nil)
        #expect(index.warnings.map(\.line) == [18, 23])
    }

    @Test func recordSeparatorsAndTheLastRecord() throws {
        // apk ends a record at any line shorter than 2 bytes; no final blank line is needed.
        let text = "C:\(IndexText.checksum(for: "a"))\nP:a\nV:1\n\n\n \nC:\(IndexText.checksum(for: "b"))\nP:b\nV:2"
        let index = try APKIndex(text: Array(text.utf8), source: "separators")
        #expect(index.records.map(\.name) == ["a", "b"])
        #expect(index.records.map(\.line) == [1, 7])
    }

    /// (index text, expected error description)
    static let malformed: [(String, String)] = [
        ("P:a\nV:1\n\nC:Q1q+b+YJqvl8+pTo4w26MOThV13Ew=\nP:b\nV:1\n",
         "bad.txt: APKINDEX line 1: record without C: (package identity); apk 3 refuses the whole index"),
        ("C:Q1q+b+YJqvl8+pTo4w26MOThV13Ew=\nV:1\n", "bad.txt: APKINDEX line 1: record without P: (package name)"),
        ("C:Q1q+b+YJqvl8+pTo4w26MOThV13Ew=\nP:a\n", "bad.txt: APKINDEX line 1: record without V: (package version)"),
        ("C:Q2q+b+YJqvl8+pTo4w26MOThV13Ew=\nP:a\nV:1\n",
         "bad.txt: APKINDEX line 1: C: package checksum `Q2q+b+YJqvl8+pTo4w26MOThV13Ew=` is a SHA-256 identity; a v2 index needs SHA-1 (Q1…)"),
        ("P:a\nV:1\nC:Q1q+b+YJqvl8+pTo4w26MOThV1\n",
         "bad.txt: APKINDEX line 3: C: package checksum `Q1q+b+YJqvl8+pTo4w26MOThV1` holds 18 bytes, not the 20 of a SHA-1"),
        ("P:a\nV:1\nC:Q1q+b+YJqvl8+pTo4w26MOThV13E!\n",
         "bad.txt: APKINDEX line 3: C: package checksum `Q1q+b+YJqvl8+pTo4w26MOThV13E!` has a bad base64 body"),
        ("P:a\nV:1\nC:abc\n", "bad.txt: APKINDEX line 3: C: package checksum `abc` is not Q1+base64 or X1+hex of a SHA-1"),
        ("C:Q1q+b+YJqvl8+pTo4w26MOThV13Ew=\nP:a\nV:1\nS:12k\n", "bad.txt: APKINDEX line 4: S:12k is not a decimal number"),
        ("C:Q1q+b+YJqvl8+pTo4w26MOThV13Ew=\nP:a\nV:1\nI:-1\n", "bad.txt: APKINDEX line 4: I:-1 is not a decimal number"),
        ("C:Q1q+b+YJqvl8+pTo4w26MOThV13Ew=\nP:a\nV:1\nI:\n", "bad.txt: APKINDEX line 4: I: is not a decimal number"),
        ("C:Q1q+b+YJqvl8+pTo4w26MOThV13Ew=\nP:a\nP:b\nV:1\n", "bad.txt: APKINDEX line 3: a second P: in one record"),
        ("C:Q1q+b+YJqvl8+pTo4w26MOThV13Ew=\nP:a\nV:1\nhello\n", "bad.txt: APKINDEX line 4: not a `X:value` field line"),
    ]

    @Test func malformedRecordsNameFileAndLine() {
        for (text, expected) in Self.malformed {
            do {
                _ = try APKIndex(text: Array(text.utf8), source: "bad.txt")
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.description == expected)
            }
        }
    }

    @Test func indexWithoutChecksumFromMakeApkRepo() throws {
        try withScratch("index") { dir in
            let repository = try Fixtures.makeRepository(in: dir, arguments: ["--break", "no-checksum=busybox"])
            let archive = try repository.indexArchive()
            let error = #expect(throws: AlpineFormatError.self) { try archive.unverifiedIndex() }
            #expect(error?.description.hasPrefix(repository.indexPath + ": APKINDEX line ") == true)
            #expect(error?.description.hasSuffix("record without C: (package identity); apk 3 refuses the whole index") == true)
        }
    }

    @Test func otherArchAndZeroSizeFromMakeApkRepo() throws {
        try withScratch("index") { dir in
            let repository = try Fixtures.makeRepository(
                in: dir, arguments: ["--break", "other-arch=musl", "--break", "zero-installed-size=busybox"])
            let index = try repository.indexArchive().unverifiedIndex()
            let musl = try #require(index.records.first { $0.name == "musl" })
            #expect(musl.architecture == "x86_64")
            #expect(musl.refusal(architecture: "x86") == "arch x86_64 is neither x86 nor noarch")
            #expect(musl.downloadPath(primaryArchitecture: "x86") == "x86_64/musl-1.2.3-r0.apk")
            #expect(index.records.first { $0.name == "busybox" }?.installedSize == 0)
        }
    }

    @Test func badDependencyMakesThePackageUninstallable() throws {
        let index = try IndexText.index([["P:a", "V:1", "D:ok broken>= also-ok", "p:good=1 bad>1", "i:x y<"]])
        let record = try #require(index.records.first)
        #expect(record.depends.map(\.name) == ["ok", "also-ok"])
        #expect(record.uninstallableReason?.contains("bad dependency `broken>=`") == true)
        #expect(record.provides.map(\.description) == ["good=1"])
        #expect(record.installIf.isEmpty)
        #expect(index.warnings.count == 3)
        #expect(index.warnings.allSatisfy { $0.line >= 4 })
    }
}
