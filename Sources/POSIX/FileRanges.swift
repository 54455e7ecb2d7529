#if canImport(Glibc)
import Glibc
#endif

/// A regular file read range by range with pread, into a caller's ``ReadArena``: for parsers
/// that look at a few structures of a possibly large file (an ELF reader's header, dynamic
/// section and symbol tables), where copying the whole file, or mapping it, costs more than
/// the parsing.
///
/// Why not mmap: setting a mapping up and tearing it down costs more than copying the few KiB
/// a parser needs, and in a threaded process each munmap interrupts every other core to flush
/// its TLB.
public enum FileRanges {
    /// Reads `count` bytes at `offset`: exactly `count`, fewer only where the file ends.
    public typealias Read = @Sendable (_ offset: Int, _ count: Int) throws -> UnsafeRawBufferPointer

    /// Calls `body` with the size of the regular file at `path` and a function that reads its
    /// ranges. The file, and every byte read from it, is valid only during the call: the
    /// descriptor is closed and the arena reset after it. Directories and other non-regular
    /// files are refused with `EISDIR` / `EINVAL`; a FIFO is refused at once, not waited on.
    public static func with<Result>(
        _ path: String, arena: ReadArena, _ body: (_ size: Int, _ read: @escaping Read) throws -> Result
    ) throws -> Result {
        let fd = try FileDescriptor.open(path, O_RDONLY | O_NONBLOCK)
        defer { try? fd.close() }
        let st = try fd.status()
        if (st.st_mode & S_IFMT) == S_IFDIR { throw SystemError(call: "read", subject: path, errno: EISDIR) }
        if (st.st_mode & S_IFMT) != S_IFREG { throw SystemError(call: "read", subject: path, errno: EINVAL) }
        arena.reset()
        defer { arena.reset() }
        let read: Read = { offset, count in
            let buffer = arena.allocate(count)
            var filled = 0
            while filled < count {
                let n = try fd.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<count]), at: Int64(offset + filled))
                if n == 0 { break }  // the file ends here (it shrank since fstat)
                filled += n
            }
            return UnsafeRawBufferPointer(rebasing: buffer[0..<filled])
        }
        return try body(Int(st.st_size), read)
    }
}
