#if canImport(Glibc)
import Glibc
#endif
import POSIX

/// A download's bytes so far (a temporary file in the cache) and their SHA-256, kept in step:
/// every byte is hashed as it is written, so the finished file is never read again.
///
/// Resuming in the same process continues the running hash. Resuming a file left by an earlier
/// process hashes its bytes once, when it is opened.
///
/// Writes are gathered into 1 MiB blocks: libcurl hands over at most 16 KiB per callback, and
/// a write(2) per callback costs more than the copy.
final class PartialFile {
    let path: String
    private let file: FileDescriptor
    private var hasher = SHA256()
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    private var buffered = 0
    private var isOpen = true
    /// Bytes received (and hashed), the buffered ones included.
    private(set) var size: Int64 = 0

    /// Opens the partial file at `path`. With `keepingExisting`, bytes already there are
    /// hashed and kept (to be continued by a Range request); otherwise the file starts empty.
    init(path: String, keepingExisting: Bool) throws {
        self.path = path
        file = try FileDescriptor.open(path, O_RDWR | O_CREAT, mode: 0o644)
        do {
            if keepingExisting {
                size = try hasher.update(reading: file, limit: nil)
                try file.seek(to: size)
            } else {
                try file.truncate(to: 0)
            }
        } catch {
            isOpen = false
            try? file.close()
            throw error
        }
    }

    deinit {
        close()
        buffer.deallocate()
    }

    /// Appends `chunk` and hashes it.
    func append(_ chunk: UnsafeRawBufferPointer) throws {
        hasher.update(chunk)
        size += Int64(chunk.count)
        if buffered + chunk.count > buffer.count { try flush() }
        if chunk.count >= buffer.count {
            try file.writeAll(chunk)
        } else {
            UnsafeMutableRawBufferPointer(rebasing: buffer[buffered...]).copyMemory(from: chunk)
            buffered += chunk.count
        }
    }

    /// Writes the gathered bytes out.
    private func flush() throws {
        guard buffered > 0 else { return }
        let pending = buffered
        buffered = 0
        try file.writeAll(UnsafeRawBufferPointer(rebasing: buffer[0..<pending]))
    }

    /// Drops everything: the server is sending the whole file again.
    func restart() throws {
        buffered = 0
        try file.truncate(to: 0)
        try file.seek(to: 0)
        hasher = SHA256()
        size = 0
    }

    /// Makes the bytes durable (`fsync`, so a crash cannot leave a blob whose name promises
    /// content the disk lost) and read-only, and returns their digest.
    func finish() throws -> Digest {
        try flush()
        try file.setPermissions(0o444)
        try file.sync()
        return hasher.finalize()
    }

    /// Writes what is gathered and closes the file (which stays on disk, for a later resume or
    /// the rename into the cache). A failed write here leaves a shorter file, which a later
    /// resume measures on disk, so nothing is lost but time.
    func close() {
        guard isOpen else { return }
        isOpen = false
        try? flush()
        try? file.close()
    }
}
