/// Derives the number of dynamic symbols, which no header states (research/elf-musl.md §1.6).
enum SymbolCount {
    static func count(_ file: ELFFile, _ dynamic: DynamicSection, entrySize: UInt64) throws -> (UInt64, String) {
        if let hash = dynamic.value(.hash) {
            return (try sysvCount(file, hash), "DT_HASH")
        }
        if let gnuHash = dynamic.value(.gnuHash) {
            return (try gnuCount(file, gnuHash), "DT_GNU_HASH")
        }
        let sections = (try? file.sectionHeaders()) ?? []
        if let dynsym = sections.first(where: { $0.type == SectionHeader.dynamicSymbolsType }), dynsym.type != SectionHeader.noBitsType {
            return (dynsym.size / entrySize, ".dynsym")
        }
        return (0, "no hash table")
    }

    /// SysV hash: `nbucket, nchain, …`; there are `nchain` symbols. Entries are 64-bit on s390x.
    static func sysvCount(_ file: ELFFile, _ address: UInt64) throws -> UInt64 {
        let wide = file.header.machine == .s390 && file.header.elfClass == .elf64
        let offset = try file.fileOffset(ofAddress: address, length: wide ? 16 : 8, field: "DT_HASH")
        return wide ? try file.view.u64(offset + 8, "DT_HASH nchain") : UInt64(try file.view.u32(offset + 4, "DT_HASH nchain"))
    }

    /// GNU hash: symbols below `symoffset` are unhashed; the highest bucket's chain ends with
    /// an entry whose low bit is set, and that entry is the last symbol.
    static func gnuCount(_ file: ELFFile, _ address: UInt64) throws -> UInt64 {
        let view = file.view
        let offset = try file.fileOffset(ofAddress: address, length: 16, field: "DT_GNU_HASH")
        let bucketCount = UInt64(try view.u32(offset, "DT_GNU_HASH nbuckets"))
        let symbolOffset = UInt64(try view.u32(offset + 4, "DT_GNU_HASH symoffset"))
        let bloomSize = UInt64(try view.u32(offset + 8, "DT_GNU_HASH bloom_size"))
        guard bloomSize <= UInt64(view.count), bucketCount <= UInt64(view.count) else {
            throw ELFError("DT_GNU_HASH", at: offset, "bloom_size \(bloomSize) or nbuckets \(bucketCount) is larger than the file")
        }
        let buckets = offset + 16 + bloomSize * view.wordSize
        // One checked region for the bucket array, then plain loads: a large library has
        // thousands of buckets.
        let table = try view.region("DT_GNU_HASH buckets", buckets, bucketCount * 4)
        var highest: UInt32 = 0
        for index in 0..<Int(bucketCount) {
            let raw = table.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)
            highest = max(highest, view.littleEndian ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw))
        }
        if highest == 0 { return symbolOffset }
        guard UInt64(highest) >= symbolOffset else {
            throw ELFError("DT_GNU_HASH", at: offset, "bucket value \(highest) is below symoffset \(symbolOffset)")
        }
        let chains = buckets + bucketCount * 4
        var index = UInt64(highest)
        while true {
            let entry = try view.u32(chains + (index - symbolOffset) * 4, "DT_GNU_HASH chain")
            if entry & 1 == 1 { return index + 1 }
            index += 1
        }
    }
}
