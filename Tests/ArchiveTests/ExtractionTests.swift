import Archive
import Foundation
import POSIX
import Testing
import TestSupport

/// Ordinary archives extract completely and exactly.
@Suite struct ExtractionTests {
    @Test func stripsTheSingleTopLevelFolderOfAZip() throws {
        try withArchive("soldatserver2.8.2.zip", """
            zipf(out, [('soldatserver2.8.2/', b'', 0o755), ('soldatserver2.8.2/soldatserver', b'ELF', 0o755),
                       ('soldatserver2.8.2/maps/ctf_Ash.pms', b'map', 0o644), ('soldatserver2.8.2/banned.txt', b'', None)])
            """) { scratch in
            let report = try ArchiveExtractor(stripping: .auto).extract(archiveAt: scratch.archive, into: scratch.stage)
            #expect(try scratch.staged() == ["banned.txt", "maps/", "maps/ctf_Ash.pms", "soldatserver"])
            #expect(report.strippedComponents == 1)
            #expect(report.skipped == 1)
            #expect(report.files == 3 && report.bytes == 6)
            #expect(try scratch.mode("soldatserver") == 0o755)
            #expect(try scratch.contents("maps/ctf_Ash.pms") == "map")
        }
    }

    @Test func automaticStrippingKeepsArchivesWithoutOneTopLevelFolder() throws {
        try withArchive("flat.zip", "zipf(out, [('top/a', b'1', 0o644), ('README', b'2', 0o644)])") { scratch in
            let report = try ArchiveExtractor(stripping: .auto).extract(archiveAt: scratch.archive, into: scratch.stage)
            #expect(report.strippedComponents == 0)
            #expect(try scratch.staged() == ["README", "top/", "top/a"])
        }
        try withArchive("single-file.tar.gz", "tar(out, [f('only', b'1')], compression='gz')") { scratch in
            let report = try ArchiveExtractor(stripping: .auto).extract(archiveAt: scratch.archive, into: scratch.stage)
            #expect(report.strippedComponents == 0)
            #expect(try scratch.staged() == ["only"])
        }
    }

    @Test func automaticStrippingWorksOnTarballsToo() throws {
        try withArchive("release.tar.gz", "tar(out, [d('./rel-1.0'), f('./rel-1.0/bin/tool', b'x', 0o755)], compression='gz')") { scratch in
            let report = try ArchiveExtractor(stripping: .auto).extract(archiveAt: scratch.archive, into: scratch.stage)
            #expect(report.strippedComponents == 1)
            #expect(try scratch.staged() == ["bin/", "bin/tool"])
        }
    }

    @Test func stripsACountOfComponentsLikeTar() throws {
        try withArchive("deep.tar", "tar(out, [d('a'), d('a/b'), f('a/b/c', b'x'), f('a/top', b'y'), hard('a/b/link', 'a/b/c')])") { scratch in
            let report = try ArchiveExtractor(stripping: .count(2)).extract(archiveAt: scratch.archive, into: scratch.stage)
            #expect(try scratch.staged() == ["c", "link"])
            #expect(report.skipped == 3)
            #expect(report.hardLinks == 1)
        }
    }

    @Test func extractsSymlinksAndHardLinksFromATarball() throws {
        try withArchive("links.tar.gz", """
            tar(out, [d('lib'), f('lib/ld-musl-i386.so.1', b'loader', 0o755), sym('lib/libc.musl-x86.so.1', 'ld-musl-i386.so.1'),
                      sym('bin-abs', '/bin/busybox'), hard('lib/hard', 'lib/ld-musl-i386.so.1')], compression='gz')
            """) { scratch in
            let report = try ArchiveExtractor().extract(archiveAt: scratch.archive, into: scratch.stage)
            #expect(report == {
                var expected = ExtractionReport()
                expected.files = 1; expected.directories = 1; expected.symbolicLinks = 2; expected.hardLinks = 1; expected.bytes = 6
                return expected
            }())
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: scratch.stage + "/lib/libc.musl-x86.so.1") == "ld-musl-i386.so.1")
            // Absolute targets are kept as they are: never followed here, they resolve inside the sandbox.
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: scratch.stage + "/bin-abs") == "/bin/busybox")
            var first = stat(), second = stat()
            #expect(lstat(scratch.stage + "/lib/hard", &first) == 0 && lstat(scratch.stage + "/lib/ld-musl-i386.so.1", &second) == 0)
            #expect(first.st_ino == second.st_ino)
            #expect(try scratch.contents("lib/hard") == "loader")
        }
    }

    @Test func keepsRecordedModesAndGivesZipEntriesWithoutOneTheDefaults() throws {
        try withArchive("modes.zip", """
            zipf(out, [('dos-dir/', b'', None), ('dos-dir/file', b'x', None), ('unix-exec', b'x', 0o100750),
                       ('unix-private', b'x', 0o100600), ('unix-dir/', b'', 0o40700), ('typeless-exec', b'x', 0o755)])
            """) { scratch in
            _ = try ArchiveExtractor().extract(archiveAt: scratch.archive, into: scratch.stage)
            #expect(try scratch.mode("dos-dir") == 0o755)
            #expect(try scratch.mode("dos-dir/file") == 0o644)
            #expect(try scratch.mode("unix-exec") == 0o750)
            #expect(try scratch.mode("unix-private") == 0o600)
            #expect(try scratch.mode("unix-dir") == 0o700)
            #expect(try scratch.mode("typeless-exec") == 0o755)
        }
        try withArchive("modes.tar", "tar(out, [d('ro', 0o555), f('ro/inside', b'x', 0o400), f('exec', b'x', 0o711)])") { scratch in
            _ = try ArchiveExtractor().extract(archiveAt: scratch.archive, into: scratch.stage)
            #expect(try scratch.mode("ro") == 0o555)
            #expect(try scratch.mode("ro/inside") == 0o400)
            #expect(try scratch.mode("exec") == 0o711)
        }
    }

    @Test func modesDoNotDependOnTheUmask() throws {
        try withArchive("umask.tar", "tar(out, [d('d', 0o775), f('d/f', b'x', 0o664)])") { scratch in
            let previous = umask(0o077)
            defer { umask(previous) }
            _ = try ArchiveExtractor().extract(archiveAt: scratch.archive, into: scratch.stage)
            #expect(try scratch.mode("d") == 0o775)
            #expect(try scratch.mode("d/f") == 0o664)
        }
    }

    @Test func restoresModificationTimes() throws {
        try withArchive("times.tar", "tar(out, [d('d'), f('d/f', b'x')])") { scratch in
            _ = try ArchiveExtractor().extract(archiveAt: scratch.archive, into: scratch.stage)
            for path in ["d", "d/f"] {
                let time = try FileManager.default.attributesOfItem(atPath: scratch.stage + "/" + path)[.modificationDate] as? Date
                #expect(time?.timeIntervalSince1970 == 1_700_000_000)
            }
        }
    }

    @Test func mergesIntoADestinationThatAlreadyHoldsDirectories() throws {
        try withArchive("second-package.tar", "tar(out, [d('lib'), f('lib/libz.so.1', b'z'), d('etc')])") { scratch in
            try writeFile(scratch.stage + "/lib/ld-musl-i386.so.1", "from the first package")
            let report = try ArchiveExtractor().extract(archiveAt: scratch.archive, into: scratch.stage)
            #expect(report.files == 1 && report.directories == 2)
            #expect(try scratch.staged() == ["etc/", "lib/", "lib/ld-musl-i386.so.1", "lib/libz.so.1"])
        }
    }

    @Test func acceptsDirectoriesListedAfterTheirContentsAndTheRootEntry() throws {
        try withArchive("order.tar", "tar(out, [d('.'), f('a/b/c', b'x'), d('a/b', 0o750), d('a')])") { scratch in
            let report = try ArchiveExtractor().extract(archiveAt: scratch.archive, into: scratch.stage)
            #expect(report.directories == 2 && report.skipped == 1)
            #expect(try scratch.mode("a/b") == 0o750)
            #expect(try scratch.mode("a") == 0o755)
        }
    }

    @Test func extractsUnicodeNames() throws {
        try withArchive("unicode.zip", "zipf(out, [('café/naïve.txt', b'x', 0o644), ('日本/ファイル', b'y', 0o644)])") { scratch in
            _ = try ArchiveExtractor().extract(archiveAt: scratch.archive, into: scratch.stage)
            #expect(try scratch.staged() == ["café/", "café/naïve.txt", "日本/", "日本/ファイル"])
        }
    }

    @Test func extractsSparseAndEmptyFilesAtTheirSize() throws {
        try withArchive("sizes.tar.xz", "tar(out, [f('empty'), f('big', bytes(3 << 20) + b'end')], compression='xz')") { scratch in
            let report = try ArchiveExtractor().extract(archiveAt: scratch.archive, into: scratch.stage)
            #expect(report.bytes == (3 << 20) + 3)
            #expect(try readFile(scratch.stage + "/empty") == [])
            #expect(try readFile(scratch.stage + "/big").suffix(3) == Array("end".utf8))
        }
    }

    @Test func refusesADestinationThatDoesNotExist() throws {
        try withArchive("a.tar", "tar(out, [f('x')])") { scratch in
            #expect(throws: ArchiveError.self) {
                try ArchiveExtractor().extract(archiveAt: scratch.archive, into: scratch.directory + "/missing")
            }
        }
    }
}
