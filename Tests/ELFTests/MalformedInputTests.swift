import ELF
import Foundation
import Testing
import TestSupport

/// Hostile and broken files: each gives an ELFError naming the bad field; none crashes or hangs.
@Suite struct MalformedInputTests {
    /// A valid 64-bit file with an interpreter, two needed libraries and symbols.
    func valid() -> (bytes: [UInt8], layout: ELFBuilder.Layout, builder: ELFBuilder) {
        var builder = ELFBuilder()
        builder.interpreter = "/lib64/ld-linux-x86-64.so.2"
        builder.needed = ["libc.so.6", "libm.so.6"]
        builder.symbols = [("printf", false), ("exported", true)]
        let (bytes, layout) = builder.build()
        return (bytes, layout, builder)
    }

    /// Both ways of reading, the file in memory and read range by range, must give the error.
    func expectError(_ bytes: [UInt8], field: String, containing text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for (way, read) in [("in memory", summary(of:)), ("paged", pagedSummary(of:))] as [(String, ([UInt8]) throws -> ObjectSummary)] {
            do {
                _ = try read(bytes)
                Issue.record("no error (\(way)) for a file with a bad \(field)", sourceLocation: sourceLocation)
            } catch let error as ELFError {
                #expect(error.field.hasPrefix(field), "\(way): \(error)", sourceLocation: sourceLocation)
                #expect(error.description.contains(text), "\(way): \(error)", sourceLocation: sourceLocation)
            } catch {
                Issue.record("unexpected error (\(way)) \(error)", sourceLocation: sourceLocation)
            }
        }
    }

    func patch32(_ bytes: inout [UInt8], at offset: Int, _ value: UInt32) {
        for i in 0..<4 { bytes[offset + i] = UInt8((value >> (8 * UInt32(i))) & 0xff) }
    }

    func patch64(_ bytes: inout [UInt8], at offset: Int, _ value: UInt64) {
        for i in 0..<8 { bytes[offset + i] = UInt8((value >> (8 * UInt64(i))) & 0xff) }
    }

    @Test func theBuilderOutputIsValid() throws {
        let s = try summary(of: valid().bytes)
        #expect(s.needed == ["libc.so.6", "libm.so.6"])
        #expect(s.interpreter == "/lib64/ld-linux-x86-64.so.2")
        #expect(s.strongImports == 1 && s.exports == 1)
    }

    @Test func emptyFile() {
        expectError([], field: "e_ident", containing: "empty")
    }

    @Test func notAnELFFile() {
        expectError(Array("#!/bin/sh\necho hi\n".utf8), field: "e_ident", containing: "not an ELF file")
    }

    @Test func truncatedHeader() {
        expectError(Array(valid().bytes.prefix(40)), field: "ELF header", containing: "needs 64 bytes")
        expectError(Array(valid().bytes.prefix(10)), field: "e_ident", containing: "needs 16 bytes")
    }

    @Test func unknownClassAndByteOrder() {
        var bytes = valid().bytes
        bytes[4] = 7
        expectError(bytes, field: "EI_CLASS", containing: "unknown class 7")
        bytes = valid().bytes
        bytes[5] = 0
        expectError(bytes, field: "EI_DATA", containing: "unknown byte order 0")
    }

    @Test func programHeaderCountLies() {
        var bytes = valid().bytes
        bytes[56] = 0xfe; bytes[57] = 0x7f  // e_phnum = 32766
        expectError(bytes, field: "e_phoff", containing: "runs past the end of the file")
    }

    @Test func programHeaderEntrySizeLies() {
        var bytes = valid().bytes
        bytes[54] = 8; bytes[55] = 0  // e_phentsize = 8
        expectError(bytes, field: "e_phentsize", containing: "smaller than a program header")
    }

    @Test func programHeaderOffsetPastTheEnd() {
        var bytes = valid().bytes
        patch64(&bytes, at: 32, UInt64.max - 8)  // e_phoff near 2^64: must not overflow
        expectError(bytes, field: "e_phoff", containing: "runs past the end")
    }

    @Test func interpreterOffsetPastTheEnd() {
        var (bytes, layout, _) = valid()
        // The PT_INTERP header is the second program header; p_offset is at +8.
        patch64(&bytes, at: layout.programHeaderOffset + 56 + 8, UInt64(bytes.count + 100))
        expectError(bytes, field: "PT_INTERP", containing: "needs")
    }

    @Test func interpreterWithoutTerminatingNUL() {
        var (bytes, layout, builder) = valid()
        let length = builder.interpreter!.utf8.count
        bytes[layout.interpreterOffset + length] = UInt8(ascii: "X")
        expectError(bytes, field: "PT_INTERP", containing: "not NUL-terminated")
    }

    @Test func dynamicSectionOutsideEveryLoadSegment() {
        var (bytes, layout, _) = valid()
        // PT_DYNAMIC is the third program header; move its p_vaddr far away.
        patch64(&bytes, at: layout.programHeaderOffset + 2 * 56 + 16, 0x7000_0000)
        expectError(bytes, field: "PT_DYNAMIC", containing: "outside every PT_LOAD")
    }

    @Test func stringTableWithoutTerminatingNUL() {
        var builder = valid().builder
        builder.symbols = []  // so the last string in the table is a DT_NEEDED name
        var (bytes, layout) = builder.build()
        // Overwrite the table's final NUL (end of "libm.so.6") with a letter.
        bytes[layout.stringTableOffset + layout.stringTableSize - 1] = UInt8(ascii: "Z")
        expectError(bytes, field: "DT_NEEDED", containing: "not NUL-terminated")
    }

    @Test func neededStringOffsetPastTheTable() {
        var (bytes, layout, _) = valid()
        // The first dynamic entry is DT_NEEDED; its value is at +8.
        patch64(&bytes, at: layout.dynamicOffset + 8, 0x10_0000)
        expectError(bytes, field: "DT_NEEDED", containing: "past DT_STRSZ")
    }

    @Test func hugeSymbolCount() {
        var (bytes, layout, _) = valid()
        patch32(&bytes, at: layout.hashOffset + 4, UInt32.max)  // nchain
        expectError(bytes, field: "DT_HASH", containing: "4294967295 symbols")
    }

    @Test func versionTableShorterThanTheSymbolTable() {
        var builder = valid().builder
        // Put DT_VERSYM two bytes before the end: room for one entry, three symbols.
        let size = UInt64(builder.build().bytes.count + 16)  // the extra entry grows the file
        builder.extraDynamic = [(0x6fff_fff0, builder.base + size - 2)]
        expectError(builder.build().bytes, field: "DT_VERSYM", containing: "shorter than the 3 symbols")
    }

    @Test func verneedAuxiliaryPointingOutOfTheFile() {
        var builder = valid().builder
        // One Verneed for "libc.so.6" (string offset 1) whose vn_aux jumps far past the end.
        builder.trailer = builder.u16(1) + builder.u16(1) + builder.u32(1) + builder.u32(0x7fff_fff0) + builder.u32(0)
        builder.extraDynamic = [(0x6fff_fffe, 0), (0x6fff_ffff, 1)]
        let trailer = builder.build().layout.trailerOffset
        builder.extraDynamic[0].1 = builder.base + UInt64(trailer)
        expectError(builder.build().bytes, field: "vna_", containing: "truncated or a bad offset")
    }

    @Test func gnuHashChainRunningOffTheEnd() {
        var builder = valid().builder
        // A GNU hash table placed over the last 16 bytes: nbuckets 1, symoffset 0, bloom 0…
        let size = UInt64(builder.build().bytes.count + 16)
        builder.extraDynamic = [(0x6fff_fef5, builder.base + size - 16)]
        var (bytes, layout) = builder.build()
        // Remove DT_HASH so the GNU table is used: turn its tag into DT_DEBUG (21).
        let hashEntry = layout.dynamicOffset + 16 * 2  // after two DT_NEEDED
        patch64(&bytes, at: hashEntry, 21)
        // …whose single bucket (read past the header) lies beyond the file.
        patch32(&bytes, at: Int(size) - 16, 1)
        patch32(&bytes, at: Int(size) - 12, 0)
        patch32(&bytes, at: Int(size) - 8, 0)
        expectError(bytes, field: "DT_GNU_HASH", containing: "needs 4 bytes")
    }

    @Test func randomCorruptionNeverCrashes() {
        // Flip bytes at every offset of a real-shaped file, one at a time: each result either
        // parses or throws an ELFError.
        let base = valid().bytes
        for offset in 0..<base.count {
            for value: UInt8 in [0x00, 0xff, 0x7f] {
                var bytes = base
                bytes[offset] = value
                do { _ = try summary(of: bytes) } catch is ELFError {} catch {
                    Issue.record("offset \(offset) value \(value): non-ELF error \(error)")
                }
            }
        }
    }
}

/// Inputs the fuzzer found crashing the reader, kept so they never crash it again.
@Suite struct FuzzRegressionTests {
    @Test(arguments: ["section-table-offset-overflow"])
    func regressionInputThrowsInsteadOfCrashing(name: String) throws {
        let bytes = try readFile(Repository.root + "/Tests/ELFTests/Regressions/" + name)
        let file = try? ELFFile(copying: bytes)
        // Every entry point must answer with an ELFError or a value, never a trap.
        if let file {
            do { _ = try file.sectionHeaders() } catch is ELFError {}
            do { _ = try ObjectSummary(file) } catch is ELFError {}
        }
    }
}
