/// Reads the entries of a tar stream: the members of an apk, or any ustar/PAX/GNU tar.
///
/// Written for barracks rather than taken from libarchive because apk puts data in PAX
/// records libarchive drops (`APK-TOOLS.checksum.SHA1`), and because an apk's first two
/// members are tar streams cut short, without the end-of-archive blocks: the end of the
/// input at a header boundary is a normal end here. Every header is checked (magic,
/// checksum, octal fields), extended headers are capped at 1 MiB, names must be UTF-8
/// without NUL, and input that ends inside a header or inside contents is an error.
///
///     let reader = members.tarReader(of: members.members[1])
///     while let entry = try reader.next() {
///         if entry.path == ".PKGINFO" { text = try reader.readContents(maximumBytes: 1 << 20) }
///     }
public final class TarReader: EntrySource {
    /// The name used in messages.
    public let archiveName: String
    /// Whether the stream ended with an end-of-archive (zero) block rather than at the end
    /// of the input.
    public private(set) var reachedEndMarker = false

    private static let maximumExtendedHeader = 1 << 20
    private let input: any ByteStream
    private let buffer: UnsafeMutableRawBufferPointer
    private var bufferStart = 0
    private var bufferEnd = 0
    private var ended = false
    private var remaining: Int64 = 0
    private var padding: Int64 = 0
    private var contentOffset: Int64 = 0
    private var currentName: String?

    /// Reads tar from `input`; `name` appears in messages.
    public init(_ input: any ByteStream, name: String) {
        self.input = input
        self.archiveName = name
        buffer = .allocate(byteCount: 1 << 16, alignment: 1)
    }

    /// Reads tar from bytes in memory.
    public convenience init(bytes: [UInt8], name: String) {
        self.init(MemoryByteStream(bytes), name: name)
    }

    deinit {
        buffer.deallocate()
    }

    /// The next entry, or `nil` at the end of the stream. Unread contents of the previous
    /// entry are skipped.
    public func next() throws -> ArchiveEntry? {
        if ended { return nil }
        try skip(remaining + padding)
        remaining = 0
        padding = 0
        contentOffset = 0
        var pax: [String: [UInt8]] = [:]
        var longName: [UInt8]?
        var longLink: [UInt8]?
        while true {
            guard let block = try readBlock() else {
                ended = true
                if !pax.isEmpty || longName != nil || longLink != nil {
                    throw failure(nil, "the stream ends after an extended header, without its entry")
                }
                return nil
            }
            let header = TarHeader(block: block)
            if header.isZero {
                ended = true
                reachedEndMarker = true
                return nil
            }
            let rawName = header.name
            currentName = displayName(pax["path"] ?? longName ?? rawName)
            if let problem = header.problem() { throw failure(currentName, problem) }
            let size: Int64
            do { size = try header.number(124, 12, "size") } catch let error as TarFieldError {
                throw failure(currentName, error.detail)
            }
            switch header.typeFlag {
            case UInt8(ascii: "x"):
                let data = try readExtendedHeader(size)
                do {
                    for record in try PaxRecords.parse(data) { pax[record.key] = record.value }
                } catch let error as TarFieldError {
                    throw failure(currentName, error.detail)
                }
                continue
            case UInt8(ascii: "g"):
                _ = try readExtendedHeader(size)
                continue
            case UInt8(ascii: "L"):
                longName = Array(try readExtendedHeader(size).prefix { $0 != 0 })
                continue
            case UInt8(ascii: "K"):
                longLink = Array(try readExtendedHeader(size).prefix { $0 != 0 })
                continue
            default:
                return try entry(header, size: size, pax: pax, longName: longName, longLink: longLink)
            }
        }
    }

    /// Reads up to `destination.count` bytes of the current entry's contents; 0 at its end.
    public func readContents(into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        let wanted = Int(min(Int64(destination.count), remaining))
        if wanted == 0 { return 0 }
        if bufferStart == bufferEnd, try !fill() { throw failure(currentName, "the stream ends inside this entry's contents") }
        let count = min(wanted, bufferEnd - bufferStart)
        destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[bufferStart..<bufferStart + count]))
        bufferStart += count
        remaining -= Int64(count)
        contentOffset += Int64(count)
        return count
    }

    /// The current entry's contents, refusing entries larger than `maximumBytes`.
    public func readContents(maximumBytes: Int) throws -> [UInt8] {
        guard remaining <= Int64(maximumBytes) else {
            throw ArchiveError(archive: archiveName, entry: currentName, problem: .tooLarge(limit: Int64(maximumBytes)))
        }
        var result = [UInt8](repeating: 0, count: Int(remaining))
        var filled = 0
        try result.withUnsafeMutableBytes { all in
            while filled < all.count {
                filled += try readContents(into: UnsafeMutableRawBufferPointer(rebasing: all[filled...]))
            }
        }
        return result
    }

    // MARK: EntrySource

    func nextEntry() throws -> ArchiveEntry? { try next() }

    func copyContents(_ sink: (UnsafeRawBufferPointer, Int64) throws -> Void) throws {
        while remaining > 0 {
            if bufferStart == bufferEnd, try !fill() { throw failure(currentName, "the stream ends inside this entry's contents") }
            let count = Int(min(Int64(bufferEnd - bufferStart), remaining))
            let offset = contentOffset
            bufferStart += count
            remaining -= Int64(count)
            contentOffset += Int64(count)
            try sink(UnsafeRawBufferPointer(rebasing: buffer[(bufferStart - count)..<bufferStart]), offset)
        }
    }

    // MARK: Parsing

    private func entry(_ header: TarHeader, size: Int64, pax: [String: [UInt8]], longName: [UInt8]?, longLink: [UInt8]?) throws -> ArchiveEntry {
        let name = currentName
        var records = pax
        for key in ["path", "linkpath", "size", "mtime", "uid", "gid", "uname", "gname"] { records[key] = nil }
        let kind: ArchiveEntry.Kind
        switch header.typeFlag {
        case UInt8(ascii: "0"), 0, UInt8(ascii: "7"): kind = .regularFile
        case UInt8(ascii: "1"): kind = .hardLink
        case UInt8(ascii: "2"): kind = .symbolicLink
        case UInt8(ascii: "3"): kind = .characterDevice
        case UInt8(ascii: "4"): kind = .blockDevice
        case UInt8(ascii: "5"): kind = .directory
        case UInt8(ascii: "6"): kind = .fifo
        case let other:
            throw ArchiveError(archive: archiveName, entry: name, problem: .unsupportedType("tar type '\(displayName([other]))'"))
        }
        let path: String
        switch EntryPath.decode(pax["path"] ?? longName ?? header.name) {
        case .success(let text): path = text
        case .failure(let problem): throw ArchiveError(archive: archiveName, entry: name, problem: problem)
        }
        var linkTarget: String?
        if kind == .symbolicLink || kind == .hardLink {
            switch EntryPath.decode(pax["linkpath"] ?? longLink ?? header.linkName) {
            case .success(let text): linkTarget = text
            case .failure(let problem):
                throw ArchiveError(archive: archiveName, entry: name, problem: .invalidLinkTarget("\(problem)".replacingOccurrences(of: "its name ", with: "")))
            }
        }
        do {
            let entrySize = try pax["size"].map { try PaxRecords.number($0, "size") } ?? size
            guard entrySize >= 0 else { throw TarFieldError(detail: "its size is negative") }
            let entry = ArchiveEntry(
                path: path, kind: kind, permissions: UInt32(try header.number(100, 8, "mode") & 0o7777), size: entrySize,
                linkTarget: linkTarget,
                modificationTime: try pax["mtime"].map { try PaxRecords.number($0, "mtime") } ?? header.number(136, 12, "mtime"),
                userID: try pax["uid"].map { try PaxRecords.number($0, "uid") } ?? header.number(108, 8, "uid"),
                groupID: try pax["gid"].map { try PaxRecords.number($0, "gid") } ?? header.number(116, 8, "gid"),
                paxRecords: records)
            // Contents follow every header with a size, whatever its type (as apk reads them).
            remaining = entrySize
            padding = (512 - entrySize % 512) % 512
            return entry
        } catch let error as TarFieldError {
            throw failure(name, error.detail)
        }
    }

    private func readExtendedHeader(_ size: Int64) throws -> [UInt8] {
        guard size <= Int64(Self.maximumExtendedHeader) else {
            throw failure(currentName, "its extended header is \(size) bytes long, over the limit of \(Self.maximumExtendedHeader)")
        }
        guard let data = try readExactly(Int(size)) else {
            throw failure(currentName, "the stream ends inside an extended header")
        }
        try skip((512 - size % 512) % 512)
        return data
    }

    // MARK: Input

    private func readBlock() throws -> [UInt8]? {
        try readExactly(TarHeader.blockSize, endAllowed: true)
    }

    /// Exactly `count` bytes; `nil` when the input ended before the first byte and `endAllowed`.
    private func readExactly(_ count: Int, endAllowed: Bool = false) throws -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(count)
        while result.count < count {
            if bufferStart == bufferEnd, try !fill() {
                if result.isEmpty && endAllowed { return nil }
                throw failure(currentName, result.isEmpty && count == TarHeader.blockSize
                              ? "the stream ends where a header was expected"
                              : "the stream ends inside a \(count == TarHeader.blockSize ? "header" : "record") (\(result.count) of \(count) bytes)")
            }
            let take = min(count - result.count, bufferEnd - bufferStart)
            result.append(contentsOf: buffer[bufferStart..<bufferStart + take])
            bufferStart += take
        }
        return result
    }

    private func skip(_ count: Int64) throws {
        var left = count
        while left > 0 {
            if bufferStart == bufferEnd, try !fill() { throw failure(currentName, "the stream ends inside this entry's contents") }
            let take = Int(min(left, Int64(bufferEnd - bufferStart)))
            bufferStart += take
            left -= Int64(take)
        }
    }

    /// Refills the buffer; false at the end of the input.
    private func fill() throws -> Bool {
        bufferStart = 0
        bufferEnd = try input.read(into: buffer)
        return bufferEnd > 0
    }

    private func failure(_ entry: String?, _ detail: String) -> ArchiveError {
        ArchiveError(archive: archiveName, entry: entry, problem: .corrupt(detail))
    }
}
