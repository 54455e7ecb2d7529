import Foundation
import POSIX
import Testing
import TestSupport

/// `FileBytes`: small files copied into a reused buffer, large ones mapped; either way the
/// parser sees exactly the file's bytes.
@Suite struct FileBytesTests {
    @Test(arguments: [0, 1, 4096, FileBytes.readLimit, FileBytes.readLimit + 1, 3 * FileBytes.readLimit])
    func givesExactlyTheFilesBytes(size: Int) throws {
        try withScratch { dir in
            let content = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
            try FileTree.writeAtomically(dir + "/f", content)
            let seen = try FileBytes.with(dir + "/f", buffer: ReadBuffer(capacity: 16)) { Array($0) }
            #expect(seen == content)
        }
    }

    @Test func aReusedBufferShowsNothingOfTheFileBefore() throws {
        try withScratch { dir in
            try writeFile(dir + "/long", String(repeating: "x", count: 10_000))
            try writeFile(dir + "/short", "abc")
            let buffer = ReadBuffer()
            _ = try FileBytes.with(dir + "/long", buffer: buffer) { $0.count }
            let seen = try FileBytes.with(dir + "/short", buffer: buffer) { Array($0) }
            #expect(seen == Array("abc".utf8))
        }
    }

    @Test func refusesADirectoryNamingIt() throws {
        try withScratch { dir in
            #expect(throws: SystemError(call: "read", subject: dir, errno: EISDIR)) {
                try FileBytes.with(dir, buffer: ReadBuffer()) { $0.count }
            }
        }
    }

    /// Opening a FIFO for reading would wait for a writer forever; it is refused at once.
    @Test(.timeLimit(.minutes(1))) func refusesAFIFOWithoutWaitingForAWriter() throws {
        try withScratch { dir in
            #expect(mkfifo(dir + "/fifo", 0o600) == 0)
            #expect(throws: SystemError(call: "read", subject: dir + "/fifo", errno: EINVAL)) {
                try FileBytes.with(dir + "/fifo", buffer: ReadBuffer()) { $0.count }
            }
            #expect(throws: SystemError(call: "mmap", subject: dir + "/fifo", errno: EINVAL)) {
                try MappedFile(path: dir + "/fifo")
            }
        }
    }
}
