#if canImport(Glibc)
import Glibc
#endif
import CSystem

/// An anonymous in-memory file (`memfd_create`), closed on deinit.
///
/// For C libraries that can only write to a descriptor (libseccomp 2.5's `seccomp_export_bpf`
/// and `seccomp_export_pfc`): unlike a pipe it never blocks the writer, whatever the size.
public final class MemoryFile {
    /// The file's descriptor (`O_CLOEXEC`). Valid until the object is released.
    public let descriptor: FileDescriptor

    /// Creates an empty file; `name` shows in `/proc/self/fd` only (for debugging).
    public init(name: String) throws {
        descriptor = FileDescriptor(rawValue: try systemCall("memfd_create", name) { barracks_memfd_create(name) })
    }

    /// Everything written so far, read from offset 0 (the write position is not moved).
    public func contents() throws -> [UInt8] {
        var result: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 1)
        defer { chunk.deallocate() }
        while true {
            let n = try descriptor.read(into: chunk, at: Int64(result.count))
            if n == 0 { return result }
            result.append(contentsOf: chunk[0..<n])
        }
    }

    deinit {
        try? descriptor.close()
    }
}
