import Foundation
import POSIX
import Testing
import TestSupport

/// Copying a tree: contents, modes and times kept, symbolic links copied as links (never
/// followed, even dangling or pointing outside), hard links kept as links within the copy.
@Suite struct TreeCopyTests {
    @Test func copiesFilesLinksModesAndTimes() throws {
        try withScratch("treecopy") { dir in
            let source = dir + "/source"
            try writeFile(source + "/bin/tool", "#!/bin/sh\n", mode: 0o755)
            try writeFile(source + "/etc/secret", "s", mode: 0o600)
            try writeFile(dir + "/outside", "host file")
            try FileManager.default.createSymbolicLink(atPath: source + "/etc/escape", withDestinationPath: dir + "/outside")
            try FileManager.default.createSymbolicLink(atPath: source + "/etc/dangling", withDestinationPath: "nowhere")
            try FileManager.default.createSymbolicLink(atPath: source + "/lib", withDestinationPath: "/usr/lib")
            #expect(link(source + "/bin/tool", source + "/bin/alias") == 0)
            try FileTree.makeDirectories(source + "/var/empty")
            #expect(chmod(source + "/var/empty", 0o700) == 0)
            var times = [timespec(tv_sec: 1_700_000_000, tv_nsec: 0), timespec(tv_sec: 1_700_000_000, tv_nsec: 0)]
            #expect(utimensat(AT_FDCWD, source + "/bin/tool", &times, 0) == 0)

            try TreeCopy.copy(from: source, to: dir + "/copy")
            let copy = dir + "/copy"
            #expect(try readFile(copy + "/bin/tool") == Array("#!/bin/sh\n".utf8))
            func status(_ path: String) -> stat {
                var st = stat()
                _ = lstat(path, &st)
                return st
            }
            #expect(status(copy + "/bin/tool").st_mode & 0o7777 == 0o755)
            #expect(status(copy + "/etc/secret").st_mode & 0o7777 == 0o600)
            #expect(status(copy + "/var/empty").st_mode & 0o7777 == 0o700)
            #expect(status(copy + "/bin/tool").st_mtim.tv_sec == 1_700_000_000)
            #expect(status(copy + "/bin/tool").st_ino == status(copy + "/bin/alias").st_ino, "hard link kept")
            #expect(status(copy + "/bin/tool").st_ino != status(source + "/bin/tool").st_ino, "a copy, not a link to the source")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: copy + "/etc/escape") == dir + "/outside")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: copy + "/etc/dangling") == "nowhere")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: copy + "/lib") == "/usr/lib")
            #expect(try readFile(dir + "/outside") == Array("host file".utf8))
        }
    }

    @Test func refusesAnExistingDestinationAndSpecialFiles() throws {
        try withScratch("treecopy-refuse") { dir in
            try FileTree.makeDirectories(dir + "/source")
            try FileTree.makeDirectories(dir + "/exists")
            #expect(throws: SystemError.self) { try TreeCopy.copy(from: dir + "/source", to: dir + "/exists") }
            #expect(mkfifo(dir + "/source/fifo", 0o644) == 0)
            #expect(throws: SystemError.self) { try TreeCopy.copy(from: dir + "/source", to: dir + "/copy") }
        }
    }
}
