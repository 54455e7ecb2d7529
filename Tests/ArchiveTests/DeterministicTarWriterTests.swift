import Archive
import Foundation
import POSIX
import Testing
import TestSupport

/// The bundle writer: same tree in, same bytes out, whatever the process around it.
@Suite struct DeterministicTarWriterTests {
    static let epoch: Int64 = 1_700_000_000
    static let longName = String(repeating: "long-directory-name/", count: 8) + "file"  // needs PAX

    /// A tree with every kind of entry the writer handles, its files created in `order`.
    func makeTree(_ root: String, reversed: Bool = false) throws {
        var files: [(String, String, Int)] = [
            ("run", "#!/bin/sh\nexec ./app/server\n", 0o755), ("app/server", "ELF", 0o4755),
            ("app/maps/a.pms", "map a", 0o644), ("app/maps/b.pms", "map b", 0o600), ("state/banned.txt", "", 0o664),
            ("app/café.txt", "unicode", 0o644), ("app/" + Self.longName, "deep", 0o644), ("app-notes", "sorts before app/", 0o644),
        ]
        if reversed { files.reverse() }
        for (path, text, mode) in files { try writeFile(root + "/" + path, text, mode: mode) }
        try FileTree.makeDirectories(root + "/rootfs/tmp")
        #expect(chmod(root + "/rootfs/tmp", 0o1777) == 0)
        #expect(symlink("ld-musl-i386.so.1", root + "/rootfs/ld-linux.so.2") == 0)
        #expect(link(root + "/app/maps/a.pms", root + "/app/maps/same-as-a.pms") == 0)
    }

    /// Runs the writer in a child process with its own working directory, umask and time zone.
    func writeInChild(_ tree: String, _ output: String, cwd: String, umask: String, timeZone: String) throws {
        let bench = Repository.productsDirectory + "/barracks-bench"
        let script = "umask \(umask) && exec \"$0\" tar-write \"$1\" \"$2\" \(Self.epoch)"
        let result = try run("/bin/sh", ["-c", script, bench, tree, output],
                             environment: ["TZ": timeZone, "PATH": "/usr/bin:/bin", "LC_ALL": "C"], workingDirectory: cwd)
        #expect(result.status.succeeded, "\(result.errorOutput)")
    }

    @Test func sameTreeGivesTheSameBytesWhateverTheProcessAround() throws {
        try withScratch("writer") { directory in
            try makeTree(directory + "/one")
            try writeInChild(directory + "/one", directory + "/a.tar.gz", cwd: "/", umask: "022", timeZone: "UTC")
            // Another copy of the tree, made in another order (other inodes, other readdir
            // order, other times), written from elsewhere with another umask and time zone.
            try makeTree(directory + "/two", reversed: true)
            let touched = try run("/bin/sh", ["-c", "find two -exec touch -h -d '2001-02-03 04:05:06' {} +"], workingDirectory: directory)
            #expect(touched.status.succeeded)
            try writeInChild(directory + "/two", directory + "/b.tar.gz", cwd: directory + "/two/app", umask: "077", timeZone: "Pacific/Kiritimati")
            // And in this process.
            try DeterministicTarWriter(modificationTime: Self.epoch).write(directory: directory + "/one", to: directory + "/c.tar.gz")
            let a = try readFile(directory + "/a.tar.gz")
            #expect(a.count > 100)
            #expect(try readFile(directory + "/b.tar.gz") == a)
            #expect(try readFile(directory + "/c.tar.gz") == a)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["a.tar.gz", "b.tar.gz", "c.tar.gz", "one", "two"])
        }
    }

    @Test func gzipHeaderHasNoNameAndNoTime() throws {
        try withScratch("writer") { directory in
            try makeTree(directory + "/tree")
            try DeterministicTarWriter(modificationTime: Self.epoch).write(directory: directory + "/tree", to: directory + "/out.tar.gz")
            let header = Array(try readFile(directory + "/out.tar.gz").prefix(10))
            #expect(header[0...2] == [0x1f, 0x8b, 0x08])
            #expect(header[3] & 0x08 == 0, "FNAME flag set")
            #expect(header[3] == 0)
            #expect(header[4...7] == [0, 0, 0, 0], "gzip MTIME is not zero")
        }
    }

    @Test func listsEntriesSortedWithRootOwnerAndTheFixedTime() throws {
        try withScratch("writer") { directory in
            try makeTree(directory + "/tree")
            try DeterministicTarWriter(modificationTime: Self.epoch).write(directory: directory + "/tree", to: directory + "/out.tar.gz")
            let listing = try run("/bin/tar", ["--numeric-owner", "-tvzf", directory + "/out.tar.gz"], environment: ["TZ": "UTC", "LC_ALL": "C"])
            #expect(listing.status.succeeded, "\(listing.errorOutput)")
            let lines = listing.output.split(separator: "\n")
            #expect(lines.count == 23)
            for line in lines {
                #expect(line.contains(" 0/0 "), "\(line)")
                #expect(line.contains("2023-11-14 22:13"), "\(line)")
            }
            let names = try run("/bin/tar", ["-tzf", directory + "/out.tar.gz"]).output.split(separator: "\n").map(String.init)
            #expect(names.contains("app/" + Self.longName))
            #expect(names.contains("app/café.txt"))
            #expect(names == names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
            #expect(Array(names.prefix(2)) == ["app-notes", "app/"])
        }
    }

    @Test func recordsModesOwnersAndLinksExactly() throws {
        try withScratch("writer") { directory in
            try makeTree(directory + "/tree")
            try DeterministicTarWriter(modificationTime: Self.epoch).write(directory: directory + "/tree", to: directory + "/out.tar.gz")
            let script = """
                import tarfile, json
                with tarfile.open('out.tar.gz') as t:
                    print(json.dumps({m.name: [m.mode, m.uid, m.gid, m.uname, m.gname, m.mtime, m.type.decode(), m.linkname,
                                               sorted(m.pax_headers)] for m in t}))
                """
            let result = try run("/usr/bin/python3", ["-c", script], workingDirectory: directory)
            let members = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: [Any]])
            func member(_ name: String) -> [Any] { members[name] ?? [] }
            #expect(member("app/server")[0] as? Int == 0o755, "setuid must be dropped")
            #expect(member("rootfs/tmp")[0] as? Int == 0o1777, "sticky is kept")
            #expect(member("app/maps/b.pms")[0] as? Int == 0o600)
            #expect(member("rootfs/ld-linux.so.2")[6] as? String == "2")
            #expect(member("rootfs/ld-linux.so.2")[7] as? String == "ld-musl-i386.so.1")
            #expect(member("app/maps/same-as-a.pms")[6] as? String == "0", "hard links are written as regular files")
            for (name, fields) in members {
                #expect(fields[1] as? Int == 0 && fields[2] as? Int == 0, "\(name)")
                #expect(fields[3] as? String == "" && fields[4] as? String == "", "\(name)")
                #expect(fields[5] as? Int == Int(Self.epoch), "\(name)")
                let pax = fields[8] as? [String] ?? []
                #expect(!pax.contains("atime") && !pax.contains("ctime") && !pax.contains("mtime"), "\(name): \(pax)")
            }
        }
    }

    @Test func roundTripsThroughTheExtractor() throws {
        try withScratch("writer") { directory in
            try makeTree(directory + "/tree")
            let written = try DeterministicTarWriter(modificationTime: Self.epoch, topLevelDirectory: "bundle")
                .write(directory: directory + "/tree", to: directory + "/out.tar.gz")
            try FileTree.makeDirectories(directory + "/back")
            let read = try ArchiveExtractor(stripping: .auto).extract(archiveAt: directory + "/out.tar.gz", into: directory + "/back")
            #expect(read.files == written.files && read.bytes == written.bytes && read.symbolicLinks == written.symbolicLinks)
            #expect(read.strippedComponents == 1)
            #expect(try readFile(directory + "/back/app/" + Self.longName) == Array("deep".utf8))
            #expect(try readFile(directory + "/back/app/café.txt") == Array("unicode".utf8))
        }
    }

    @Test func refusesSpecialFilesAndLeavesNoPartialOutput() throws {
        try withScratch("writer") { directory in
            try makeTree(directory + "/tree")
            #expect(mkfifo(directory + "/tree/app/pipe", 0o644) == 0)
            #expect(throws: ArchiveError(archive: directory + "/out.tar.gz", entry: "app/pipe", problem: .specialFile(kind: "FIFO"))) {
                try DeterministicTarWriter(modificationTime: Self.epoch).write(directory: directory + "/tree", to: directory + "/out.tar.gz")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["tree"])
        }
    }
}
