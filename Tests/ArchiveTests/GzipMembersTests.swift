import Archive
import Foundation
import POSIX
import Testing
import TestSupport

/// Gzip members and the tar streams inside them, on an apk-shaped file built by Python:
/// three members (signature, control, data), the first two cut (no end-of-archive blocks),
/// data entries preceded by PAX headers carrying `APK-TOOLS.checksum.SHA1`.
@Suite struct GzipMembersTests {
    static let apkScript = """
        import json
        def cut(entries):
            out = b''
            for info, data in entries:
                out += info.tobuf(tarfile.PAX_FORMAT, 'utf-8', 'surrogateescape')
                if data:
                    out += data + bytes(-len(data) % 512)
            return out
        def hashed(info, data):
            info.pax_headers = {'APK-TOOLS.checksum.SHA1': hashlib.sha1(data if data is not None else info.linkname.encode()).hexdigest()}
            return (info, data)
        busybox = b'\\x7fELF' + os.urandom(70000)
        data = cut([d('bin'), hashed(*f('bin/busybox', busybox, 0o755)), hashed(*sym('bin/sh', 'busybox'))]) + bytes(1024)
        data_gz = gzip.compress(data, 9, mtime=0)
        pkginfo = ('pkgname = busybox\\npkgver = 1.35.0-r0\\ndatahash = %s\\n' % hashlib.sha256(data_gz).hexdigest()).encode()
        control_gz = gzip.compress(cut([f('.PKGINFO', pkginfo)]), 9, mtime=0)
        sig_gz = gzip.compress(cut([f('.SIGN.RSA.test@example.org-00000001.rsa.pub', os.urandom(256))]), 9, mtime=0)
        open(out, 'wb').write(sig_gz + control_gz + data_gz)
        members, start = [], 0
        for m, plain in ((sig_gz, None), (control_gz, None), (data_gz, data)):
            members.append({'start': start, 'end': start + len(m), 'sha1': hashlib.sha1(m).hexdigest(),
                            'sha256': hashlib.sha256(m).hexdigest(), 'size': len(gzip.decompress(m))})
            start += len(m)
        json.dump({'members': members, 'busybox_sha1': hashlib.sha1(busybox).hexdigest(),
                   'pkginfo': pkginfo.decode(), 'busybox_size': len(busybox)}, open('expected.json', 'w'))
        """

    struct Expected: Decodable {
        struct Member: Decodable { let start: Int; let end: Int; let sha1: String; let sha256: String; let size: Int64 }
        let members: [Member]
        let busybox_sha1: String
        let busybox_size: Int64
        let pkginfo: String
    }

    func withApk(_ body: (ExtractionScratch, GzipMembers, Expected) throws -> Void) throws {
        try withArchive("busybox-1.35.0-r0.apk", Self.apkScript) { scratch in
            let expected = try JSONDecoder().decode(Expected.self, from: Data(readFile(scratch.directory + "/expected.json")))
            try body(scratch, try GzipMembers(path: scratch.archive), expected)
        }
    }

    func digest(_ tool: String, _ bytes: [UInt8]) throws -> String {
        var process = Subprocess(tool)
        process.standardInput = .bytes(bytes)
        return String(try process.run().output.prefix { $0 != " " })
    }

    @Test func findsThreeMembersWhoseCompressedBytesHashLikePythonSays() throws {
        try withApk { _, apk, expected throws in
            #expect(apk.members.map(\.range) == expected.members.map { $0.start..<$0.end })
            #expect(apk.members.map(\.decompressedSize) == expected.members.map(\.size))
            for (member, want) in zip(apk.members, expected.members) {
                let bytes = apk.compressedBytes(of: member)
                #expect(try digest("sha1sum", bytes) == want.sha1)
                #expect(try digest("sha256sum", bytes) == want.sha256)
                apk.withCompressedBytes(of: member) { #expect(Array($0) == bytes) }
            }
        }
    }

    @Test func readsPKGINFOFromTheCutControlMember() throws {
        try withApk { _, apk, expected in
            let control = apk.tarReader(of: apk.members[1])
            let entry = try #require(try control.next())
            #expect(entry.path == ".PKGINFO" && entry.kind == .regularFile)
            #expect(String(decoding: try control.readContents(maximumBytes: 1 << 20), as: UTF8.self) == expected.pkginfo)
            #expect(try control.next() == nil)
            #expect(!control.reachedEndMarker)
            #expect(String(decoding: try apk.decompressedBytes(of: apk.members[1]).prefix(8), as: UTF8.self) == ".PKGINFO")
        }
    }

    @Test func readsDataEntriesWithTheirPaxChecksums() throws {
        try withApk { _, apk, expected in
            let data = apk.tarReader(of: apk.members[2])
            var entries: [ArchiveEntry] = []
            var busybox: [UInt8] = []
            while let entry = try data.next() {
                entries.append(entry)
                if entry.path == "bin/busybox" { busybox = try data.readContents(maximumBytes: 1 << 20) }
            }
            #expect(entries.map(\.path) == ["bin/", "bin/busybox", "bin/sh"])
            #expect(entries.map(\.kind) == [.directory, .regularFile, .symbolicLink])
            #expect(entries.map(\.permissions) == [0o755, 0o755, 0o777])
            #expect(entries[1].size == expected.busybox_size && busybox.count == Int(expected.busybox_size))
            #expect(entries[1].paxValue("APK-TOOLS.checksum.SHA1") == expected.busybox_sha1)
            #expect(try digest("sha1sum", busybox) == expected.busybox_sha1)
            #expect(entries[2].linkTarget == "busybox")
            #expect(entries[2].paxValue("APK-TOOLS.checksum.SHA1") == (try digest("sha1sum", Array("busybox".utf8))))
            #expect(entries[1].modificationTime == 1_700_000_000)
            #expect(data.reachedEndMarker)
        }
    }

    @Test func readsTheWholeConcatenationAsOneTarStream() throws {
        try withApk { _, apk, _ in
            let all = apk.tarReaderOfAllMembers()
            var paths: [String] = []
            while let entry = try all.next() { paths.append(entry.path) }
            #expect(paths == [".SIGN.RSA.test@example.org-00000001.rsa.pub", ".PKGINFO", "bin/", "bin/busybox", "bin/sh"])
        }
    }

    @Test func extractsTheDataMemberWithTheSameRules() throws {
        try withApk { scratch, apk, expected in
            var checksums: [String: String] = [:]
            let report = try ArchiveExtractor().extract(apk.tarReader(of: apk.members[2]), into: scratch.stage) { entry, path in
                checksums[path] = entry.paxValue("APK-TOOLS.checksum.SHA1")
            }
            #expect(checksums == ["bin/busybox": expected.busybox_sha1, "bin/sh": try digest("sha1sum", Array("busybox".utf8))])
            #expect(report.files == 1 && report.symbolicLinks == 1 && report.directories == 1)
            #expect(try scratch.staged() == ["bin/", "bin/busybox", "bin/sh"])
            #expect(try scratch.mode("bin/busybox") == 0o755)
            #expect(try digest("sha1sum", readFile(scratch.stage + "/bin/busybox")) == expected.busybox_sha1)
            #expect(try scratch.strayEntries() == ["expected.json"])
        }
    }

    @Test func refusesAGzipMemberBomb() throws {
        try withArchive("bomb.gz", "open(out, 'wb').write(gzip.compress(b'ok', mtime=0) + gzip.compress(bytes(40 << 20), 9, mtime=0))") { scratch throws in
            #expect(throws: ArchiveError(archive: scratch.archive, problem: .tooLarge(limit: 1 << 20))) {
                try GzipMembers(path: scratch.archive, maximumDecompressedBytes: 1 << 20)
            }
            #expect(try scratch.strayEntries() == [])
        }
    }

    @Test func refusesTruncatedMembersTrailingBytesAndNonGzip() throws {
        try withArchive("cut.gz", "b = gzip.compress(os.urandom(5000)); open(out, 'wb').write(b[:-3])") { scratch throws in
            #expect(throws: ArchiveError(archive: scratch.archive, problem: .corrupt("gzip member 1 (at byte 0) is truncated"))) {
                try GzipMembers(path: scratch.archive)
            }
        }
        try withArchive("tail.gz", "b = gzip.compress(b'x', mtime=0); open(out, 'wb').write(b + b'garbage')") { scratch throws in
            #expect(throws: ArchiveError(archive: scratch.archive, problem: .corrupt(
                "7 bytes after gzip member 1 (at byte 21) are not a gzip member"))) {
                try GzipMembers(path: scratch.archive)
            }
        }
        try withArchive("plain.txt", "open(out, 'w').write('hello')") { scratch throws in
            #expect(throws: ArchiveError(archive: scratch.archive, problem: .notAnArchive("no gzip header"))) {
                try GzipMembers(path: scratch.archive)
            }
        }
        try withArchive("flipped.gz", """
            b = bytearray(gzip.compress(os.urandom(5000), mtime=0)); b[2000] ^= 0xff; open(out, 'wb').write(bytes(b))
            """) { scratch throws in
            #expect(throws: ArchiveError.self) { try GzipMembers(path: scratch.archive) }
        }
    }
}
