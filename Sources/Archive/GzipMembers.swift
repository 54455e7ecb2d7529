import POSIX

/// The gzip members of a file and where each lies in it: an Alpine `.apk` is three members
/// (signature, control, data) whose decompressed payloads form one tar stream, and its
/// signature, `C:` identity and `datahash` are digests of members' **compressed** bytes.
///
/// Reading the file once (every member inflated and thrown away) finds the boundaries; the
/// members can then be hashed in place (``withCompressedBytes(of:_:)``), decompressed
/// (``decompressedBytes(of:)``), streamed (``stream(of:)``) or read as tar
/// (``tarReader(of:)``). Everything inflated is capped, so a gzip bomb is refused by size.
/// Any trailing bytes that are not a gzip member are an error.
public final class GzipMembers: @unchecked Sendable {
    /// One gzip member.
    public struct Member: Equatable, Sendable {
        /// 0 for the first member.
        public let index: Int
        /// Its bytes in the file: [start, end), header and trailer included.
        public let range: Range<Int>
        /// How many bytes it inflates to.
        public let decompressedSize: Int64
    }

    /// The file's path.
    public let path: String
    /// The members, in file order.
    public let members: [Member]
    /// The cap on inflated bytes (all members together), used again when streaming.
    public let maximumDecompressedBytes: Int64
    private let file: MappedFile

    /// Reads `path` and finds its members. At most `maximumMembers` members and
    /// `maximumDecompressedBytes` inflated bytes in total are accepted.
    public init(path: String, maximumDecompressedBytes: Int64 = ExtractionLimits.default.maximumTotalBytes,
                maximumMembers: Int = 64) throws {
        self.path = path
        self.maximumDecompressedBytes = maximumDecompressedBytes
        do { file = try MappedFile(path: path) } catch let error as SystemError {
            throw ArchiveError(archive: path, problem: .system(error))
        }
        guard file.bytes.count >= 2, file.bytes[0] == 0x1f, file.bytes[1] == 0x8b else {
            throw ArchiveError(archive: path, problem: .notAnArchive(file.bytes.isEmpty ? "empty file" : "no gzip header"))
        }
        var found: [Member] = []
        var offset = 0
        var total: Int64 = 0
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { scratch.deallocate() }
        while offset < file.bytes.count {
            if found.count == maximumMembers {
                throw ArchiveError(archive: path, problem: .corrupt("more than \(maximumMembers) gzip members"))
            }
            guard file.bytes[offset] == 0x1f, offset + 1 < file.bytes.count, file.bytes[offset + 1] == 0x8b else {
                throw ArchiveError(archive: path, problem: .corrupt(
                    "\(file.bytes.count - offset) bytes after gzip member \(found.count) (at byte \(offset)) are not a gzip member"))
            }
            let member = GzipStream(
                input: UnsafeRawBufferPointer(rebasing: file.bytes[offset...]), owner: file, inputOffset: offset, name: path,
                maximumBytes: maximumDecompressedBytes - total, limitForMessages: maximumDecompressedBytes, singleMember: true)
            while try member.read(into: scratch) > 0 {}
            let end = offset + member.consumedBytes
            found.append(Member(index: found.count, range: offset..<end, decompressedSize: member.decompressedBytes))
            total += member.decompressedBytes
            offset = end
        }
        members = found
    }

    /// Calls `body` with the compressed bytes of `member` (valid only during the call).
    public func withCompressedBytes<R>(of member: Member, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(file) { try body(UnsafeRawBufferPointer(rebasing: file.bytes[checked(member.range)])) }
    }

    /// A copy of the compressed bytes of `member`.
    public func compressedBytes(of member: Member) -> [UInt8] {
        withCompressedBytes(of: member) { Array($0) }
    }

    /// The inflated bytes of `member`.
    public func decompressedBytes(of member: Member) throws -> [UInt8] {
        let input = stream(of: member)
        var result = [UInt8](repeating: 0, count: Int(member.decompressedSize))
        var filled = 0
        try result.withUnsafeMutableBytes { buffer in
            while filled < buffer.count {
                let n = try input.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
                if n == 0 { break }
                filled += n
            }
        }
        return Array(result[0..<filled])
    }

    /// Streams the inflated bytes of `member`.
    public func stream(of member: Member) -> GzipStream {
        let range = checked(member.range)
        return GzipStream(input: UnsafeRawBufferPointer(rebasing: file.bytes[range]), owner: file, inputOffset: range.lowerBound,
                          name: "\(path) (gzip member \(member.index + 1) of \(members.count))",
                          maximumBytes: member.decompressedSize, singleMember: true)
    }

    /// Streams the inflated bytes of every member in sequence (for an apk: the one tar stream
    /// apk itself reads).
    public func streamOfAllMembers() -> GzipStream {
        GzipStream(input: file.bytes, owner: file, inputOffset: 0, name: path,
                   maximumBytes: maximumDecompressedBytes, singleMember: false)
    }

    /// The tar entries of `member` (an apk's control or data member).
    public func tarReader(of member: Member) -> TarReader {
        let input = stream(of: member)
        return TarReader(input, name: input.name)
    }

    /// The tar entries of the whole concatenation.
    public func tarReaderOfAllMembers() -> TarReader {
        TarReader(streamOfAllMembers(), name: path)
    }

    private func checked(_ range: Range<Int>) -> Range<Int> {
        precondition(range.lowerBound >= 0 && range.upperBound <= file.bytes.count, "member of another file")
        return range
    }
}
