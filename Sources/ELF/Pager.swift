import Synchronization

/// The bytes of an ELF file that is not in memory: each range a reader touches is read through
/// the caller's `read` function in a page-aligned window, and kept for the file's lifetime,
/// so a header, a dynamic section and a symbol table cost a few reads instead of the file.
///
/// Thread-safe, so an ``ELFFile`` stays `Sendable` whichever way its bytes arrive.
final class Pager: Sendable {
    /// Reads `count` bytes at `offset` into memory that stays valid while the file is in use.
    typealias Read = @Sendable (_ offset: Int, _ count: Int) throws -> UnsafeRawBufferPointer

    private struct Window: @unchecked Sendable {
        let start: Int
        let bytes: UnsafeRawPointer
        let count: Int
        func holds(_ offset: Int, _ length: Int) -> Bool {
            offset >= start && length <= count - (offset - start)
        }
    }

    private struct State {
        var windows: [Window] = []
        var bytesRead = 0
    }

    /// Most reads are a few bytes: a window takes the pages around them too.
    private static let minimumWindow = 8192
    /// What one file may cost in memory. A mapping cost at most the file; reading ranges of a
    /// hostile file (tables that claim most of a huge file, overlapping) could cost several
    /// times it. No real dynamic symbol or string table comes near this.
    static let budget = 256 << 20
    private let size: Int
    private let read: Read
    private let state = Mutex(State())

    init(size: Int, read: @escaping Read) {
        self.size = size
        self.read = read
    }

    /// The `count` bytes at `offset`, which the caller checked lie within the file.
    func bytes(at offset: Int, count: Int, field: String) throws -> UnsafeRawPointer {
        try state.withLock { state in
            // Newest first: readers mostly go on where they left off.
            var index = state.windows.count
            while index > 0 {
                index -= 1
                let window = state.windows[index]
                if window.holds(offset, count) { return window.bytes + (offset - window.start) }
            }
            let start = offset & ~4095
            let wanted = max(offset + count, start + Self.minimumWindow)
            let end = min(size, (wanted + 4095) & ~4095)
            guard end - start <= Self.budget - state.bytesRead else {
                throw ELFError(field, at: UInt64(offset), "reading 0x\(String(count, radix: 16)) bytes here would take more than \(Self.budget >> 20) MiB of this file; no real ELF table is that large")
            }
            state.bytesRead += end - start
            let got = try read(start, end - start)
            guard got.count == end - start, let base = got.baseAddress else {
                throw ELFError(field, at: UInt64(offset), "the file ended at 0x\(String(start + got.count, radix: 16)) while it was read (it changed?)")
            }
            state.windows.append(Window(start: start, bytes: base, count: got.count))
            return base + (offset - start)
        }
    }
}
