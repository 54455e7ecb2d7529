/// A growable scratch buffer that one worker reuses for file after file, so reading many
/// small files costs no allocation per file (glibc serves blocks over 128 KiB with mmap, and
/// every munmap in a threaded process is a TLB shootdown on every core).
///
/// Not thread-safe: give each thread its own.
public final class ReadBuffer {
    private var storage: UnsafeMutableRawBufferPointer

    public init(capacity: Int = 64 << 10) {
        storage = .allocate(byteCount: max(capacity, 1), alignment: 16)
    }

    /// The buffer, grown (contents discarded) to hold at least `count` bytes.
    func reserve(_ count: Int) -> UnsafeMutableRawBufferPointer {
        if storage.count < count {
            storage.deallocate()
            storage = .allocate(byteCount: count, alignment: 16)
        }
        return storage
    }

    deinit { storage.deallocate() }
}
