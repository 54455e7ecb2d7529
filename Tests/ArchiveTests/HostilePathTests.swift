import Archive
import Foundation
import POSIX
import Testing
import TestSupport

/// Archives whose names or links try to reach outside the staging directory or confuse
/// what lands where. Each is refused with a message naming the entry, and nothing appears
/// outside `stage/`.
@Suite struct HostilePathTests {
    @Test func refusesParentDirectoryTraversal() throws {
        try withArchive("evil.tar", "tar(out, [f('ok', b'fine'), f('../escaped', b'pwned')])") { scratch in
            try expectRefusal(scratch, entry: "../escaped", .parentDirectoryReference)
        }
    }

    @Test func refusesTraversalHiddenInsideAPath() throws {
        try withArchive("evil.zip", "zipf(out, [('a/b/../../../escaped', b'pwned', 0o644)])") { scratch in
            try expectRefusal(scratch, entry: "a/b/../../../escaped", .parentDirectoryReference)
        }
    }

    @Test func refusesAbsolutePaths() throws {
        try withScratch("absolute") { directory in
            let target = directory + "/escaped"
            try Fixture.python("tar('evil.tar.gz', [f(\(pythonString(target)), b'pwned')], compression='gz')", in: directory)
            try FileTree.makeDirectories(directory + "/stage")
            let scratch = ExtractionScratch(directory: directory, archiveName: "evil.tar.gz")
            try expectRefusal(scratch, entry: target, .absolutePath)
            #expect(!FileTree.exists(target))
        }
    }

    @Test func neverWritesThroughASymlinkPlantedEarlierInTheArchive() throws {
        try withScratch("symlink") { directory in
            try FileTree.makeDirectories(directory + "/victim")
            let script = "tar('evil.tar', [sym('link', \(pythonString(directory + "/victim"))), f('link/planted', b'pwned')])"
            try Fixture.python(script, in: directory)
            try FileTree.makeDirectories(directory + "/stage")
            let scratch = ExtractionScratch(directory: directory, archiveName: "evil.tar")
            do {
                _ = try ArchiveExtractor().extract(archiveAt: scratch.archive, into: scratch.stage)
                Issue.record("extraction should have been refused")
            } catch let error as ArchiveError {
                #expect(error.entry == "link/planted")
                #expect(error.problem == .throughSymbolicLink(parent: "link"))
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/victim") == [])
            // The link itself may stay (it is inert inside the stage); nothing went through it.
            #expect(try scratch.staged() == ["link"])
        }
    }

    @Test func neverWritesThroughARelativeSymlinkToTheParent() throws {
        try withArchive("evil.zip", """
            import zipfile
            with zipfile.ZipFile(out, 'w') as z:
                i = zipfile.ZipInfo('up'); i.create_system = 3; i.external_attr = 0o120777 << 16
                z.writestr(i, '..')
                z.writestr('up/escaped', b'pwned')
            """) { scratch in
            try expectRefusal(scratch, entry: "up/escaped", .throughSymbolicLink(parent: "up"))
        }
    }

    @Test func neverReplacesASymlinkAlreadyInTheDestination() throws {
        try withArchive("plain.tar", "tar(out, [f('config', b'overwritten?')])") { scratch in
            try writeFile(scratch.directory + "/outside-target", "original")
            defer { unlink(scratch.directory + "/outside-target") }
            #expect(symlink(scratch.directory + "/outside-target", scratch.stage + "/config") == 0)
            do {
                _ = try ArchiveExtractor().extract(archiveAt: scratch.archive, into: scratch.stage)
                Issue.record("extraction should have been refused")
            } catch let error as ArchiveError {
                #expect(error.entry == "config")
                #expect(error.problem == .alreadyExists(kind: "symbolic link"))
            }
            #expect(try readFile(scratch.directory + "/outside-target") == Array("original".utf8))
        }
    }

    @Test func refusesToWriteThroughASymlinkLoop() throws {
        try withArchive("loop.tar", "tar(out, [sym('a', 'b'), sym('b', 'a'), f('a/x', b'?')])") { scratch in
            try expectRefusal(scratch, entry: "a/x", .throughSymbolicLink(parent: "a"))
        }
    }

    @Test func refusesAHardLinkToAPathOutside() throws {
        try withArchive("evil.tar", "tar(out, [hard('passwd', '/etc/passwd')])") { scratch in
            try expectRefusal(scratch, entry: "passwd", .hardLinkTarget("/etc/passwd"))
        }
        try withArchive("outside.tar", "tar(out, [hard('sneaky', '../outside.tar')])") { scratch in
            // The target exists (it is the archive itself), outside the stage.
            try expectRefusal(scratch, entry: "sneaky", .hardLinkTarget("../outside.tar"))
        }
    }

    @Test func refusesAHardLinkToAFileTheArchiveDidNotCreate() throws {
        try withArchive("evil.tar", "tar(out, [hard('copy', 'already-there')])") { scratch in
            try writeFile(scratch.stage + "/already-there", "not from this archive")
            try expectRefusal(scratch, entry: "copy", .hardLinkTarget("already-there"))
        }
    }

    @Test func refusesAHardLinkToASymlinkOrDirectory() throws {
        try withArchive("evil.tar", "tar(out, [sym('s', '/etc/shadow'), hard('h', 's')])") { scratch in
            try expectRefusal(scratch, entry: "h", .hardLinkTarget("s"))
        }
        try withArchive("evil.tar", "tar(out, [d('dir'), hard('h', 'dir')])") { scratch in
            try expectRefusal(scratch, entry: "h", .hardLinkTarget("dir"))
        }
    }

    @Test func refusesDuplicateNames() throws {
        try withArchive("dup.tar", "tar(out, [f('a', b'first'), f('b'), f('a', b'second')])") { scratch in
            try expectRefusal(scratch, entry: "a", .duplicate)
            #expect(try scratch.contents("a") == "first")
        }
        // The same path spelt differently is still the same path.
        try withArchive("dup.tar", "tar(out, [f('x/a', b'first'), f('./x//a', b'second')])") { scratch in
            try expectRefusal(scratch, entry: "./x//a", .duplicate)
        }
    }

    @Test func refusesDuplicateNamesInAZipBeforeWritingAnything() throws {
        try withArchive("dup.zip", """
            import warnings; warnings.simplefilter('ignore')
            zipf(out, [('a', b'first', 0o644), ('a', b'second', 0o644)])
            """) { scratch in
            try expectRefusal(scratch, entry: "a", .duplicate)
            #expect(try scratch.staged() == [])
        }
    }

    @Test func refusesNulInAZipName() throws {
        try withArchive("nul.zip", """
            zipf(out, [('evilXpayload.txt', b'x', 0o644)])
            patch(out, b'evilXpayload', b'evil\\x00payload')
            """) { scratch in
            try expectRefusal(scratch, entry: "evil\\x00payload.txt", .nulInName)
            #expect(try scratch.staged() == [])
        }
    }

    @Test func refusesInvalidUTF8Names() throws {
        try withArchive("latin1.zip", """
            zipf(out, [('caf\\xe9.txt', b'x', 0o644)])
            patch(out, b'caf\\xc3\\xa9', b'caf\\xe9\\xe9')
            """) { scratch in
            try expectRefusal(scratch, entry: "caf\\xe9\\xe9.txt", .nameNotUTF8)
        }
        try withArchive("latin1.tar", "tar(out, [f('caf\\udce9.txt', b'x')], fmt=tarfile.USTAR_FORMAT)") { scratch in
            try expectRefusal(scratch, entry: "caf\\xe9.txt", .nameNotUTF8)
        }
    }

    @Test func refusesAZipWhoseLocalAndCentralNamesDisagree() throws {
        try withArchive("confused.zip", """
            zipf(out, [('innocent.txt', b'x', 0o644)])
            b = open(out, 'rb').read()
            i = b.index(b'innocent.txt')  # the local header's copy comes first
            open(out, 'wb').write(b[:i] + b'../../evil.t' + b[i + 12:])
            """) { scratch in
            try expectRefusal(scratch, entry: "../../evil.t", .zipNameMismatch(centralName: "innocent.txt"))
        }
    }

    @Test func refusesOverlongPathsAndComponents() throws {
        let deep = Array(repeating: "abcdefghij", count: 420).joined(separator: "/")  // 4619 bytes
        try withArchive("long.tar", "tar(out, [f(\(pythonString(deep)), b'x')])") { scratch in
            try expectRefusal(scratch, entry: deep, .pathTooLong(length: deep.utf8.count, limit: 4096))
        }
        let wide = String(repeating: "n", count: 300)
        try withArchive("wide.tar", "tar(out, [f(\(pythonString(wide)), b'x')])") { scratch in
            try expectRefusal(scratch, entry: wide, .componentTooLong(length: 300))
        }
    }

    @Test func refusesAnEntryBelowAFile() throws {
        try withArchive("clash.tar", "tar(out, [f('a', b'file'), f('a/b', b'below')])") { scratch in
            try expectRefusal(scratch, entry: "a/b", .parentNotDirectory(parent: "a", kind: "regular file"))
        }
        try withArchive("clash.zip", "zipf(out, [('a/b', b'below', 0o644), ('a', b'file', 0o644)])") { scratch in
            try expectRefusal(scratch, entry: "a", .alreadyExists(kind: "directory"))
        }
    }
}
