#if canImport(Glibc)
import Glibc
#endif

/// A regular file's bytes for a parser: a small file is copied whole into the caller's
/// ``ReadBuffer`` with pread, a large one is mapped so only the pages read are touched.
///
/// Why two ways: setting up and tearing down a mapping costs more than copying a few dozen
/// KiB, and in a threaded process each munmap interrupts every other core to flush its TLB.
/// For a large file most bytes are never read, and mapping wins.
public enum FileBytes {
    /// Files up to this size are read, larger ones mapped.
    public static let readLimit = 256 << 10

    /// Calls `body` with the bytes of the regular file at `path`. The bytes are valid only
    /// during the call. Directories and other non-regular files are refused with
    /// `EISDIR` / `EINVAL` rather than read; a FIFO is refused at once, not waited on.
    public static func with<Result>(
        _ path: String, buffer: ReadBuffer, _ body: (UnsafeRawBufferPointer) throws -> Result
    ) throws -> Result {
        let fd = try FileDescriptor.open(path, O_RDONLY | O_NONBLOCK)
        defer { try? fd.close() }
        let st = try fd.status()
        if (st.st_mode & S_IFMT) == S_IFDIR { throw SystemError(call: "read", subject: path, errno: EISDIR) }
        if (st.st_mode & S_IFMT) != S_IFREG { throw SystemError(call: "read", subject: path, errno: EINVAL) }
        let size = Int(st.st_size)
        if size > readLimit {
            let mapping = try MappedFile(fd, size: size, path: path)
            return try withExtendedLifetime(mapping) { try body(mapping.bytes) }
        }
        let storage = buffer.reserve(size)
        var filled = 0
        while filled < size {
            let n = try fd.read(into: UnsafeMutableRawBufferPointer(rebasing: storage[filled..<size]), at: Int64(filled))
            if n == 0 { break }  // the file shrank while we read it: parse what is there
            filled += n
        }
        return try body(UnsafeRawBufferPointer(rebasing: storage[0..<filled]))
    }
}
