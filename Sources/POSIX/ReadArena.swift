/// Memory for ranges read from one file after another: handed out from large chunks, and
/// taken back all at once by ``reset()`` when a file is done, so reading many files costs no
/// allocation per range (glibc serves blocks over 128 KiB with mmap, and each munmap in a
/// threaded process interrupts every other core to flush its TLB).
///
/// One per worker thread: `@unchecked Sendable` only so a `@Sendable` read function can
/// capture it; its users serialise their calls (``FileRanges``' reads run under the ELF
/// pager's lock).
public final class ReadArena: @unchecked Sendable {
    private static let chunkSize = 256 << 10
    private var chunks: [UnsafeMutableRawBufferPointer] = []
    /// The chunk being filled, and how much of it is used.
    private var chunk = 0
    private var used = 0

    public init() {}

    /// `count` bytes of memory, valid until the next ``reset()``.
    func allocate(_ count: Int) -> UnsafeMutableRawBufferPointer {
        while chunk < chunks.count {
            if chunks[chunk].count - used >= count {
                defer { used += count }
                return UnsafeMutableRawBufferPointer(rebasing: chunks[chunk][used..<used + count])
            }
            chunk += 1
            used = 0
        }
        let fresh = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, Self.chunkSize), alignment: 16)
        chunks.append(fresh)
        chunk = chunks.count - 1
        used = count
        return UnsafeMutableRawBufferPointer(rebasing: fresh[0..<count])
    }

    /// Takes back everything handed out; the chunks are kept for the next file.
    public func reset() {
        chunk = 0
        used = 0
    }

    deinit { chunks.forEach { $0.deallocate() } }
}
