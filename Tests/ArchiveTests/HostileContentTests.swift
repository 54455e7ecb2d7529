import Archive
import Foundation
import POSIX
import Testing
import TestSupport

/// Archives whose entry types, sizes, counts or bytes are hostile or broken.
@Suite struct HostileContentTests {
    @Test func refusesDeviceNodes() throws {
        try withArchive("dev.tar", "tar(out, [node('null', tarfile.CHRTYPE)])") { scratch in
            try expectRefusal(scratch, entry: "null", .specialFile(kind: "character device"))
        }
        try withArchive("dev.tar", "tar(out, [node('sda', tarfile.BLKTYPE)])") { scratch in
            try expectRefusal(scratch, entry: "sda", .specialFile(kind: "block device"))
        }
    }

    @Test func refusesFIFOs() throws {
        try withArchive("fifo.tar", "tar(out, [f('before', b'x'), node('pipe', tarfile.FIFOTYPE)])") { scratch in
            try expectRefusal(scratch, entry: "pipe", .specialFile(kind: "FIFO"))
        }
    }

    @Test func dropsSetuidSetgidAndStickyBits() throws {
        try withArchive("suid.tar", """
            tar(out, [f('su', b'#!/bin/sh\\n', 0o4755), f('sg', b'x', 0o2750), d('tmp', 0o1777)])
            """) { scratch in
            let report = try ArchiveExtractor().extract(archiveAt: scratch.archive, into: scratch.stage)
            #expect(report.files == 2 && report.directories == 1)
            #expect(try scratch.mode("su") == 0o755)
            #expect(try scratch.mode("sg") == 0o750)
            #expect(try scratch.mode("tmp") == 0o777)
            #expect(try scratch.strayEntries() == [])
        }
    }

    @Test func refusesAZipThatInflatesPastTheLimit() throws {
        try withArchive("bomb.zip", "zipf(out, [('zeros', bytes(20 << 20), 0o644)])") { scratch in
            #expect(try FileManager.default.attributesOfItem(atPath: scratch.archive)[.size] as? Int ?? 0 < 100_000)
            let small = ArchiveExtractor(limits: ExtractionLimits(maximumTotalBytes: 1 << 20))
            try expectRefusal(scratch, entry: "zeros", .tooLarge(limit: 1 << 20), extractor: small)
        }
    }

    @Test func countsBytesAsInflatedNotAsDeclared() throws {
        // The headers claim 100 bytes; the deflate stream holds 20 MiB of zeros.
        try withArchive("liar.zip", """
            zipf(out, [('liar', bytes(20 << 20), 0o644)])
            b = bytearray(open(out, 'rb').read())
            for sig, at in ((b'PK\\x03\\x04', 22), (b'PK\\x01\\x02', 24)):
                i = b.index(sig); b[i + at:i + at + 4] = struct.pack('<I', 100)
            open(out, 'wb').write(bytes(b))
            """) { scratch in
            let small = ArchiveExtractor(limits: ExtractionLimits(maximumTotalBytes: 1 << 20))
            do {
                _ = try small.extract(archiveAt: scratch.archive, into: scratch.stage)
                Issue.record("extraction should have been refused")
            } catch let error as ArchiveError {
                #expect(error.entry == "liar")
                // libarchive may stop at the declared size and find the CRC wrong, or keep
                // inflating; either way no more than the limit is written.
                #expect(error.problem == .tooLarge(limit: 1 << 20) || { if case .corrupt = error.problem { true } else { false } }())
            }
            let written = (try? FileManager.default.attributesOfItem(atPath: scratch.stage + "/liar")[.size] as? Int) ?? 0
            #expect(written <= 1 << 20)
            #expect(try scratch.strayEntries() == [])
        }
    }

    @Test func countsEveryFileTowardsTheTotalLimit() throws {
        try withArchive("three.tar", "tar(out, [f('a', bytes(400 << 10)), f('b', bytes(400 << 10)), f('c', bytes(400 << 10))])") { scratch in
            let small = ArchiveExtractor(limits: ExtractionLimits(maximumTotalBytes: 1 << 20))
            try expectRefusal(scratch, entry: "c", .tooLarge(limit: 1 << 20), extractor: small)
        }
    }

    @Test func countsTheHolesOfSparseFilesTowardsTheLimit() throws {
        // Two 6 MiB files that are all hole: 12 MiB against a 10 MiB limit, though almost no
        // byte is written.
        try withScratch("sparse") { directory in
            let made = try run("/bin/sh", ["-c", "truncate -s 6M one two && tar -Scf sparse.tar one two && rm one two"],
                               workingDirectory: directory)
            #expect(made.status.succeeded, "\(made.errorOutput)")
            try FileTree.makeDirectories(directory + "/stage")
            let scratch = ExtractionScratch(directory: directory, archiveName: "sparse.tar")
            let limited = ArchiveExtractor(limits: ExtractionLimits(maximumTotalBytes: 10 << 20))
            try expectRefusal(scratch, entry: "two", .tooLarge(limit: 10 << 20), extractor: limited)
            var status = stat()
            #expect(lstat(scratch.stage + "/one", &status) == 0 && status.st_size == 6 << 20)
        }
    }

    @Test func refusesAZipWithTooManyEntriesBeforeWritingAnything() throws {
        // The million-entry attack, scaled down: 5 000 empty entries against a limit of 2 000
        // (the mechanism is the same at the default 200 000). Written directly, in zip64 form.
        try withArchive("many.zip", """
            local, central, offset = [], [], 0
            for n in range(5000):
                name = b'f%d' % n
                h = struct.pack('<4sHHHHHIIIHH', b'PK\\x03\\x04', 20, 0, 0, 0, 0x21, 0, 0, 0, len(name), 0) + name
                central.append(struct.pack('<4sHHHHHHIIIHHHHHII', b'PK\\x01\\x02', 0x314, 20, 0, 0, 0, 0x21, 0, 0, 0,
                                           len(name), 0, 0, 0, 0, 0o100644 << 16, offset) + name)
                local.append(h); offset += len(h)
            cd = b''.join(central)
            z64 = struct.pack('<4sQHHIIQQQQ', b'PK\\x06\\x06', 44, 45, 45, 0, 0, 5000, 5000, len(cd), offset)
            loc = struct.pack('<4sIQI', b'PK\\x06\\x07', 0, offset + len(cd), 1)
            end = struct.pack('<4sHHHHIIH', b'PK\\x05\\x06', 0, 0, 0xffff, 0xffff, len(cd), offset, 0)
            open(out, 'wb').write(b''.join(local) + cd + z64 + loc + end)
            """) { scratch in
            let limited = ArchiveExtractor(limits: ExtractionLimits(maximumEntries: 2000))
            try expectRefusal(scratch, entry: "f2000", .tooManyEntries(limit: 2000), extractor: limited)
            #expect(try scratch.staged() == [])
        }
    }

    @Test func stopsATarAtTheEntryLimit() throws {
        try withArchive("many.tar.gz", "tar(out, [f('e%d' % n) for n in range(3000)], compression='gz')") { scratch in
            let limited = ArchiveExtractor(limits: ExtractionLimits(maximumEntries: 1000))
            try expectRefusal(scratch, entry: "e1000", .tooManyEntries(limit: 1000), extractor: limited)
            #expect(try scratch.staged().count == 1000)
        }
    }

    @Test func refusesTruncatedArchives() throws {
        try withArchive("cut.tar.gz", """
            tar(out, [f('big', os.urandom(300000)), f('after', b'x')], compression='gz')
            b = open(out, 'rb').read(); open(out, 'wb').write(b[:len(b) // 2])
            """) { scratch in
            do {
                _ = try ArchiveExtractor().extract(archiveAt: scratch.archive, into: scratch.stage)
                Issue.record("extraction should have been refused")
            } catch let error as ArchiveError {
                #expect(error.entry == "big")
                guard case .corrupt = error.problem else { Issue.record("\(error)"); return }
            }
            #expect(try scratch.strayEntries() == [])
        }
        try withArchive("cut.zip", """
            zipf(out, [('a', os.urandom(100000), 0o644), ('b', b'x', 0o644)])
            b = open(out, 'rb').read(); open(out, 'wb').write(b[:len(b) - 60])
            """) { scratch in
            try expectRefusal(scratch, entry: nil, .corrupt("no zip end-of-central-directory record"))
            #expect(try scratch.staged() == [])
        }
    }

    @Test func refusesACorruptedZipEntry() throws {
        try withArchive("flipped.zip", """
            data = os.urandom(5000)
            zipf(out, [('payload', data, 0o644)], compression=zipfile.ZIP_STORED)
            patch(out, data[1000:1004], bytes(x ^ 0xff for x in data[1000:1004]))
            """) { scratch in
            do {
                _ = try ArchiveExtractor().extract(archiveAt: scratch.archive, into: scratch.stage)
                Issue.record("a CRC mismatch should be refused")
            } catch let error as ArchiveError {
                #expect(error.entry == "payload")
                guard case .corrupt = error.problem else { Issue.record("\(error)"); return }
            }
        }
    }

    @Test func refusesFilesThatAreNotArchives() throws {
        try withArchive("readme.txt", "open(out, 'w').write('just some text\\n' * 100)") { scratch in
            try expectRefusalKind(scratch) { if case .notAnArchive = $0 { true } else { false } }
        }
        try withArchive("empty.tar", "open(out, 'w').close()") { scratch in
            try expectRefusalKind(scratch) { if case .notAnArchive = $0 { true } else { false } }
        }
    }

    @Test func refusesMtreeWhichWouldReadHostFiles() throws {
        try withArchive("spec.mtree", "open(out, 'w').write('#mtree\\nstolen type=file contents=/etc/hostname\\n')") { scratch in
            try expectRefusalKind(scratch) { if case .notAnArchive = $0 { true } else { false } }
            #expect(try scratch.staged() == [])
        }
    }

    @Test func refusesEncryptedZipEntries() throws {
        guard let zip = which("zip") else { try Test.cancel("skipped: zip is not installed") }
        try withScratch("encrypted") { directory in
            try writeFile(directory + "/secret.txt", "classified")
            let result = try run(zip, ["-q", "-P", "password", "locked.zip", "secret.txt"], workingDirectory: directory)
            #expect(result.status.succeeded)
            unlink(directory + "/secret.txt")
            try FileTree.makeDirectories(directory + "/stage")
            try expectRefusal(ExtractionScratch(directory: directory, archiveName: "locked.zip"), entry: "secret.txt", .encrypted)
        }
    }

    private func expectRefusalKind(_ scratch: ExtractionScratch, sourceLocation: SourceLocation = #_sourceLocation,
                                   _ matches: (ArchiveError.Problem) -> Bool) throws {
        do {
            _ = try ArchiveExtractor().extract(archiveAt: scratch.archive, into: scratch.stage)
            Issue.record("extraction should have been refused", sourceLocation: sourceLocation)
        } catch let error as ArchiveError {
            #expect(matches(error.problem), "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.hasPrefix(scratch.archive + ": "), sourceLocation: sourceLocation)
        }
        #expect(try scratch.strayEntries() == [], sourceLocation: sourceLocation)
    }
}
