import ELF
import POSIX
import TestSupport

/// Parses the file at `path` and summarises it, keeping the mapping alive.
func summary(of path: String) throws -> ObjectSummary {
    let mapping = try MappedFile(path: path)
    let file = try ELFFile(bytes: mapping.bytes, owner: mapping)
    return try withExtendedLifetime(mapping) { try ObjectSummary(file) }
}

/// Parses `bytes` and summarises them.
func summary(of bytes: [UInt8]) throws -> ObjectSummary {
    try ObjectSummary(try ELFFile(copying: bytes))
}

/// Reads a copy of `bytes` range by range, counting what was read: an ``ELFFile`` made with
/// ``ELFFile/init(size:read:)`` over the same bytes as an in-memory one.
final class PagedCopy: @unchecked Sendable {
    private let storage: UnsafeMutableRawBufferPointer
    private(set) var bytesRead = 0
    private(set) var reads = 0
    /// When set, reads stop this many bytes short of the file's end (a file that shrank).
    var shrunkBy = 0

    init(_ bytes: [UInt8]) {
        storage = .allocate(byteCount: max(bytes.count, 1), alignment: 16)
        storage.copyBytes(from: bytes)
        size = bytes.count
    }

    let size: Int

    func file() throws -> ELFFile {
        try ELFFile(size: size) { [self] offset, count in
            reads += 1
            let end = min(offset + count, size - shrunkBy)
            let available = max(0, end - offset)
            bytesRead += available
            return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(storage)[offset..<offset + available])
        }
    }

    deinit { storage.deallocate() }
}

/// The summary of `bytes` read range by range; with ``summary(of:)-([UInt8])`` it must agree.
func pagedSummary(of bytes: [UInt8]) throws -> ObjectSummary {
    try ObjectSummary(PagedCopy(bytes).file())
}
