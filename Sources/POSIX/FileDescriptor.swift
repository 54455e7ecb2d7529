#if canImport(Glibc)
import Glibc
#endif

/// An open file descriptor. A thin value over the integer: closing is explicit, as in
/// swift-system, so ownership stays visible at the call site.
public struct FileDescriptor: RawRepresentable, Hashable, Sendable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let standardInput = FileDescriptor(rawValue: 0)
    public static let standardOutput = FileDescriptor(rawValue: 1)
    public static let standardError = FileDescriptor(rawValue: 2)

    /// Opens `path` (relative to `directory` when given) with `O_CLOEXEC` added to `flags`.
    public static func open(
        _ path: String, _ flags: Int32, mode: mode_t = 0o644, in directory: FileDescriptor? = nil
    ) throws -> FileDescriptor {
        let dirfd = directory?.rawValue ?? AT_FDCWD
        let fd = try systemCall("open", path) { openat(dirfd, path, flags | O_CLOEXEC, mode) }
        return FileDescriptor(rawValue: fd)
    }

    public func close() throws {
        // close(2) must not be retried on EINTR on Linux: the descriptor is already gone.
        if Glibc.close(rawValue) == -1 && errno != EINTR {
            throw SystemError(call: "close", errno: errno)
        }
    }

    /// Reads up to `buffer.count` bytes; 0 means end of file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try systemCall("read") { Glibc.read(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Reads up to `buffer.count` bytes at `offset` without moving the file position.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int {
        try systemCall("pread") { pread(rawValue, buffer.baseAddress, buffer.count, off_t(offset)) }
    }

    /// Writes every byte of `buffer`, looping over short writes.
    public func writeAll(_ buffer: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < buffer.count {
            let n = try systemCall("write") {
                Glibc.write(rawValue, buffer.baseAddress! + done, buffer.count - done)
            }
            done += n
        }
    }

    public func writeAll<Bytes: Sequence<UInt8>>(_ bytes: Bytes) throws {
        let array = Array(bytes)
        try array.withUnsafeBytes { (buffer) in try writeAll(buffer) }
    }

    /// Reads everything up to end of file.
    public func readAll() throws -> [UInt8] {
        var result: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 1)
        defer { chunk.deallocate() }
        while true {
            let n = try read(into: chunk)
            if n == 0 { return result }
            result.append(contentsOf: chunk[0..<n])
        }
    }

    public func sync() throws {
        try systemCall("fsync") { fsync(rawValue) }
    }

    /// The file's status (`fstat`).
    public func status() throws -> stat {
        var st = stat()
        try systemCall("fstat") { fstat(rawValue, &st) }
        return st
    }
}
