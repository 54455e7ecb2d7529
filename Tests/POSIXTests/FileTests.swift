import Foundation
import POSIX
import Testing
import TestSupport

@Suite struct FileTests {
    @Test func mapsARegularFile() throws {
        try withScratch { dir in
            try writeFile(dir + "/f", "hello")
            let file = try MappedFile(path: dir + "/f")
            #expect(Array(file.bytes) == Array("hello".utf8))
        }
    }

    @Test func parentDirectoryAsNSStringWouldSayItWithoutTrappingOnOneLetter() {
        let cases = ["b": "", "ab": "", "a/b": "a", "/b": "/", "/": "/", "a/b/": "a", "/a/b//c": "/a/b", "//a": "/", "": "", "./b": "."]
        for (path, parent) in cases {
            #expect(FileTree.parentDirectory(of: path) == parent, "\(path)")
        }
    }

    @Test func lastComponentAsNSStringWouldSayItWithoutTrappingOnOneLetter() {
        let cases = ["b": "b", "a/b": "b", "a/b/": "b", "/": "/", "/a": "a", "//": "/", "": "", "a//b//": "b"]
        for (path, last) in cases {
            #expect(FileTree.lastComponent(of: path) == last, "\(path)")
        }
    }

    @Test func mapsAnEmptyFileAsNoBytes() throws {
        try withScratch { dir in
            try writeFile(dir + "/empty", "")
            #expect(try MappedFile(path: dir + "/empty").bytes.count == 0)
        }
    }

    @Test func refusesToMapADirectoryNamingIt() throws {
        try withScratch { dir in
            #expect(throws: SystemError(call: "mmap", subject: dir, errno: EISDIR)) {
                try MappedFile(path: dir)
            }
        }
    }

    @Test func openErrorNamesTheFile() throws {
        #expect {
            try FileDescriptor.open("/nonexistent/x", O_RDONLY)
        } throws: { error in
            String(describing: error) == "open /nonexistent/x: No such file or directory"
        }
    }

    @Test func writesAtomicallyAndLeavesNoTemporary() throws {
        try withScratch { dir in
            try FileTree.writeAtomically(dir + "/out", Array("one".utf8))
            try FileTree.writeAtomically(dir + "/out", Array("two".utf8), mode: 0o600)
            #expect(try readFile(dir + "/out") == Array("two".utf8))
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out"])
            let mode = try FileManager.default.attributesOfItem(atPath: dir + "/out")[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test func exchangesTwoDirectoriesAtomically() throws {
        try withScratch { dir in
            try writeFile(dir + "/a/mark", "A")
            try writeFile(dir + "/b/mark", "B")
            try FileTree.exchange(dir + "/a", dir + "/b")
            #expect(try readFile(dir + "/a/mark") == Array("B".utf8))
            #expect(try readFile(dir + "/b/mark") == Array("A".utf8))
        }
    }

    @Test func removesTreesWithReadOnlyDirectoriesAndDanglingLinks() throws {
        try withScratch { dir in
            try writeFile(dir + "/t/sub/f", "x")
            try FileManager.default.createSymbolicLink(atPath: dir + "/t/sub/dangling", withDestinationPath: "/nonexistent")
            // A link out of the tree must be removed, not followed.
            try writeFile(dir + "/outside/keep", "keep")
            try FileManager.default.createSymbolicLink(atPath: dir + "/t/out", withDestinationPath: dir + "/outside")
            chmod(dir + "/t/sub", 0o500)
            FileTree.removeTree(dir + "/t")
            #expect(!FileTree.exists(dir + "/t"))
            #expect(try readFile(dir + "/outside/keep") == Array("keep".utf8))
        }
    }

    @Test func lockSerialisesTwoProcesses() throws {
        try withScratch { dir in
            let lockPath = dir + "/lock"
            let lock = try FileLock(path: lockPath)
            // flock(1) in another process cannot take the lock while we hold it…
            let busy = try run("/usr/bin/flock", ["-n", lockPath, "true"])
            #expect(!busy.status.succeeded)
            lock.unlock()
            // …and can once we let go.
            let free = try run("/usr/bin/flock", ["-n", lockPath, "true"])
            #expect(free.status.succeeded)
        }
    }
}
