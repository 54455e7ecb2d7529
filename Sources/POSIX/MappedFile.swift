#if canImport(Glibc)
import Glibc
#endif

/// A file mapped read-only into memory, so a parser touches only the pages it reads.
///
/// Zero-length files cannot be mapped; they give an empty buffer. The mapping is released
/// when the value is deinitialised.
public final class MappedFile: @unchecked Sendable {
    /// The path the file was opened from, for messages.
    public let path: String
    /// The file's bytes. Valid for the lifetime of this object.
    public let bytes: UnsafeRawBufferPointer

    /// Maps the regular file at `path`. Directories and other non-regular files are refused
    /// with `EISDIR` / `EINVAL` rather than read; a FIFO is refused at once, not waited on.
    public init(path: String) throws {
        self.path = path
        let fd = try FileDescriptor.open(path, O_RDONLY | O_NONBLOCK)
        defer { try? fd.close() }
        let st = try fd.status()
        if (st.st_mode & S_IFMT) == S_IFDIR { throw SystemError(call: "mmap", subject: path, errno: EISDIR) }
        if (st.st_mode & S_IFMT) != S_IFREG { throw SystemError(call: "mmap", subject: path, errno: EINVAL) }
        let size = Int(st.st_size)
        if size == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd.rawValue, 0)
        if address == MAP_FAILED { throw SystemError(call: "mmap", subject: path, errno: errno) }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}
