import POSIX
import Testing

@Suite struct MemoryFileTests {
    @Test func contentsAreEverythingWrittenWhateverTheSize() throws {
        let file = try MemoryFile(name: "test")
        #expect(try file.contents().isEmpty)
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0) }  // past a pipe's 64 KiB
        try file.descriptor.writeAll(bytes)
        #expect(try file.contents() == bytes)
        #expect(try file.contents() == bytes)  // reading does not consume
    }
}
