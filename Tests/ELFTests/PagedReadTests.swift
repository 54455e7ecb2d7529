import ELF
import Foundation
import POSIX
import Testing
import TestSupport

/// An ``ELFFile`` read range by range (as `inspect` reads) says exactly what the same file in
/// memory says, reads a fraction of a large file, and fails cleanly when the file shrinks.
@Suite struct PagedReadTests {
    /// Every ELF file under /usr/bin and the 32-bit libraries: the same summary both ways.
    @Test func agreesWithTheInMemoryReaderOnSystemFiles() throws {
        let paths = ReadelfAgreementTests.elfFiles(in: "/usr/bin") + ReadelfAgreementTests.elfFiles(in: "/usr/lib32")
        try #require(paths.count > 100)
        for path in paths {
            let bytes = try readFile(path)
            let inMemory = Result { try summary(of: bytes) }
            let paged = Result { try pagedSummary(of: bytes) }
            switch (inMemory, paged) {
            case (.success(let a), .success(let b)): #expect(a == b, "\(path)")
            case (.failure(let a), .failure(let b)): #expect("\(a)" == "\(b)", "\(path)")
            default: Issue.record("\(path): in memory \(inMemory), paged \(paged)")
            }
        }
    }

    /// The point of paging: the header, dynamic section, symbols and versions of libc are a
    /// small part of it.
    @Test func readsAFractionOfALargeLibrary() throws {
        let path = "/usr/lib/x86_64-linux-gnu/libc.so.6"
        let bytes = try readFile(path)
        let copy = PagedCopy(bytes)
        let summary = try ObjectSummary(copy.file())
        #expect(summary.exports > 1000)
        #expect(copy.bytesRead < bytes.count / 4, "read \(copy.bytesRead) of \(bytes.count) bytes in \(copy.reads) reads")
    }

    /// A file that shrinks between fstat and the read: an error naming the field, no crash,
    /// no stale bytes.
    @Test func aFileThatShrankWhileReadIsAnErrorNamingTheField() throws {
        let bytes = try readFile("/usr/lib/x86_64-linux-gnu/libc.so.6")
        let copy = PagedCopy(bytes)
        copy.shrunkBy = bytes.count / 2
        #expect {
            _ = try ObjectSummary(copy.file())
        } throws: { error in
            String(describing: error).contains("while it was read")
        }
    }
}

/// A hostile file whose tables claim most of a huge file: reading range by range stops at the
/// pager's budget with an error, instead of reading hundreds of MiB into memory.
@Suite struct PagedReadBudgetTests {
    @Test func aTableClaimingHundredsOfMiBIsRefusedNotRead() throws {
        try withScratch("elf-budget") { dir in
            var builder = ELFBuilder()
            builder.needed = ["libc.so.6"]
            builder.symbols = [("printf", false)]
            var (bytes, layout) = builder.build()
            let symbols: UInt32 = 12_000_000  // 288 MB of Elf64_Sym, inside the padded file
            for i in 0..<4 { bytes[layout.hashOffset + 4 + i] = UInt8((symbols >> (8 * UInt32(i))) & 0xff) }
            let path = dir + "/huge.so"
            try FileTree.writeAtomically(path, bytes)
            #expect(truncate(path, 300 << 20) == 0)  // sparse: no disk used
            #expect {
                try FileRanges.with(path, arena: ReadArena()) { size, read in
                    try ObjectSummary(ELFFile(size: size, read: read))
                }
            } throws: { error in
                String(describing: error).contains("more than 256 MiB of this file")
            }
        }
    }
}
