import Foundation
import POSIX
import Testing
import TestSupport

/// `FileRanges`: a file's ranges read with pread into a reused arena; each read gives exactly
/// the file's bytes at that offset, and what a file is not goes unread.
@Suite struct FileRangesTests {
    @Test func givesExactlyTheBytesAtEachRange() throws {
        try withScratch { dir in
            let content = (0..<700_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
            try FileTree.writeAtomically(dir + "/f", content)
            let arena = ReadArena()
            try FileRanges.with(dir + "/f", arena: arena) { size, read in
                #expect(size == content.count)
                for (offset, count) in [(0, 64), (4096, 300_000), (123, 1), (699_990, 10), (0, 700_000)] {
                    let got = try read(offset, count)
                    #expect(Array(got) == Array(content[offset..<offset + count]), "\(offset)+\(count)")
                }
                let tail = try read(699_990, 100)
                #expect(tail.count == 10, "past the end: only what is there")
            }
        }
    }

    /// The arena is reused from file to file; the second file's bytes are its own.
    @Test func aReusedArenaShowsNothingOfTheFileBefore() throws {
        try withScratch { dir in
            try writeFile(dir + "/long", String(repeating: "x", count: 10_000))
            try writeFile(dir + "/short", "abc")
            let arena = ReadArena()
            _ = try FileRanges.with(dir + "/long", arena: arena) { _, read in try read(0, 10_000).count }
            let seen = try FileRanges.with(dir + "/short", arena: arena) { size, read in Array(try read(0, size)) }
            #expect(seen == Array("abc".utf8))
        }
    }

    @Test func refusesADirectoryNamingIt() throws {
        try withScratch { dir in
            #expect(throws: SystemError(call: "read", subject: dir, errno: EISDIR)) {
                try FileRanges.with(dir, arena: ReadArena()) { size, _ in size }
            }
        }
    }

    /// Opening a FIFO for reading would wait for a writer forever; it is refused at once.
    @Test(.timeLimit(.minutes(1))) func refusesAFIFOWithoutWaitingForAWriter() throws {
        try withScratch { dir in
            #expect(mkfifo(dir + "/fifo", 0o600) == 0)
            #expect(throws: SystemError(call: "read", subject: dir + "/fifo", errno: EINVAL)) {
                try FileRanges.with(dir + "/fifo", arena: ReadArena()) { size, _ in size }
            }
            #expect(throws: SystemError(call: "mmap", subject: dir + "/fifo", errno: EINVAL)) {
                try MappedFile(path: dir + "/fifo")
            }
        }
    }
}
