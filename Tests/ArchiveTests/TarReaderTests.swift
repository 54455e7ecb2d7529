import Archive
import Foundation
import POSIX
import Testing
import TestSupport

/// The tar parser refuses damaged or ambiguous headers and names, and tar streams extract
/// under the same rules as archive files.
@Suite struct TarReaderTests {
    /// A tar stream made by `script` (which writes `out`), read in memory.
    func reader(_ script: String) throws -> TarReader {
        try withScratch("tar") { directory in
            try Fixture.python("out = 'x.tar'\n" + script, in: directory)
            return TarReader(bytes: try readFile(directory + "/x.tar"), name: "x.tar")
        }
    }

    func drain(_ reader: TarReader) throws {
        while try reader.next() != nil {}
    }

    func expectCorrupt(_ script: String, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let tar = try reader(script)
        do {
            try drain(tar)
            Issue.record("the stream should have been refused", sourceLocation: sourceLocation)
        } catch let error as ArchiveError {
            guard case .corrupt(let detail) = error.problem, detail.contains(fragment) else {
                Issue.record("unexpected error: \(error)", sourceLocation: sourceLocation)
                return
            }
            #expect(error.archive == "x.tar", sourceLocation: sourceLocation)
        }
    }

    @Test func refusesABadHeaderChecksum() throws {
        try expectCorrupt("tar(out, [f('a', b'x')], fmt=tarfile.USTAR_FORMAT)\nb = bytearray(open(out, 'rb').read()); b[0] = ord('b'); open(out, 'wb').write(bytes(b))",
                          "checksum does not match")
    }

    @Test func refusesHeadersWithoutUstarMagic() throws {
        try expectCorrupt("tar(out, [f('a', b'x')], fmt=tarfile.USTAR_FORMAT)\nb = bytearray(open(out, 'rb').read()); b[257:263] = bytes(6); open(out, 'wb').write(bytes(b))",
                          "no 'ustar' magic")
    }

    @Test func refusesStreamsEndingInsideAHeaderOrContents() throws {
        try expectCorrupt("tar(out, [f('a', b'x' * 2000)], fmt=tarfile.USTAR_FORMAT)\nb = open(out, 'rb').read(); open(out, 'wb').write(b[:1000])",
                          "ends inside this entry's contents")
        try expectCorrupt("tar(out, [f('a', b'x')], fmt=tarfile.USTAR_FORMAT)\nb = open(out, 'rb').read(); open(out, 'wb').write(b[:300])",
                          "ends inside a header")
    }

    @Test func refusesNonOctalAndBase256Numbers() throws {
        try expectCorrupt("tar(out, [f('a', b'x')], fmt=tarfile.USTAR_FORMAT)\nsetfield(out, 124, b'0000000001x\\0')",
                          "not an octal number")
        try expectCorrupt("tar(out, [f('big', b'x')], fmt=tarfile.GNU_FORMAT)\nsetfield(out, 124, b'\\x80' + bytes(10) + b'\\x01')",
                          "base-256")
    }

    @Test func refusesOversizedExtendedHeaders() throws {
        try expectCorrupt("i, data = f('a', b'x'); i.pax_headers = {'comment': 'c' * (2 << 20)}; tar(out, [(i, data)])",
                          "over the limit")
    }

    @Test func refusesNulAndInvalidUTF8InPaxPaths() throws {
        for (value, problem) in [("'a\\x00b'", ArchiveError.Problem.nulInName)] {
            let tar = try reader("i, data = f('plain', b'x'); i.pax_headers = {'path': \(value)}; tar(out, [(i, data)])")
            #expect(throws: ArchiveError(archive: "x.tar", entry: "a\\x00b", problem: problem)) { try drain(tar) }
        }
        let tar = try reader("tar(out, [f('caf\\udce9', b'x')], fmt=tarfile.GNU_FORMAT)")
        #expect(throws: ArchiveError(archive: "x.tar", entry: "caf\\xe9", problem: .nameNotUTF8)) { try drain(tar) }
    }

    @Test func readsLongNamesFromPaxAndGnuHeaders() throws {
        let long = String(repeating: "d/", count: 80) + "file"
        for format in ["PAX_FORMAT", "GNU_FORMAT"] {
            let tar = try reader("tar(out, [f(\(pythonString(long)), b'x'), sym('l', \(pythonString(long)))], fmt=tarfile.\(format))")
            #expect(try tar.next()?.path == long)
            #expect(try tar.next()?.linkTarget == long)
        }
    }

    @Test func extractingAHostileTarStreamIsRefusedLikeAnArchiveFile() throws {
        try withScratch("stream") { directory in
            try FileTree.makeDirectories(directory + "/stage")
            for (script, entry, problem) in [
                ("tar(out, [f('../escape', b'x')])", "../escape", ArchiveError.Problem.parentDirectoryReference),
                ("tar(out, [node('null', tarfile.CHRTYPE)])", "null", .specialFile(kind: "character device")),
                ("tar(out, [sym('l', '/'), f('l/etc/passwd', b'x')])", "l/etc/passwd", .throughSymbolicLink(parent: "l")),
            ] {
                let tar = try reader(script)
                #expect(throws: ArchiveError(archive: "x.tar", entry: entry, problem: problem)) {
                    try ArchiveExtractor().extract(tar, into: directory + "/stage")
                }
                FileTree.removeTree(directory + "/stage")
                try FileTree.makeDirectories(directory + "/stage")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["stage"])
        }
    }

    @Test func refusesAutomaticStrippingOfAStream() throws {
        let tar = try reader("tar(out, [f('top/a', b'x')])")
        try withScratch("stream") { directory in
            #expect(throws: ArchiveError.self) { try ArchiveExtractor(stripping: .auto).extract(tar, into: directory) }
        }
    }
}
