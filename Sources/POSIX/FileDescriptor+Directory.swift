#if canImport(Glibc)
import Glibc
#endif

/// Operations relative to an open directory (the `*at` calls), for code that must stay
/// inside one directory tree whatever the names it is given: names are single path
/// components or paths the caller has already checked, and nothing here follows a
/// symbolic link in the last component.
extension FileDescriptor {
    /// Opens the directory at `path`, refusing (`ENOTDIR`) anything else.
    public static func openDirectory(_ path: String, in directory: FileDescriptor? = nil,
                                     followingSymbolicLinks: Bool = true) throws -> FileDescriptor {
        let flags = O_RDONLY | O_DIRECTORY | (followingSymbolicLinks ? 0 : O_NOFOLLOW)
        return try open(path, flags, mode: 0, in: directory)
    }

    /// `mkdirat`: creates the directory `name` inside this one.
    public func makeDirectory(_ name: String, mode: mode_t) throws {
        try systemCall("mkdir", name) { mkdirat(rawValue, name, mode) }
    }

    /// `symlinkat`: creates the symbolic link `name` inside this directory, pointing to `target`.
    public func makeSymbolicLink(_ name: String, target: String) throws {
        try systemCall("symlink", name) { symlinkat(target, rawValue, name) }
    }

    /// `linkat` without `AT_SYMLINK_FOLLOW`: makes `name` in this directory a hard link to
    /// `target` in `targetDirectory`.
    public func makeHardLink(_ name: String, to target: String, in targetDirectory: FileDescriptor) throws {
        try systemCall("link", "\(target) -> \(name)") { linkat(targetDirectory.rawValue, target, rawValue, name, 0) }
    }

    /// `fstatat` with `AT_SYMLINK_NOFOLLOW`: the status of `name` itself, even a symbolic link.
    public func statusOfEntry(_ name: String) throws -> stat {
        var st = stat()
        try systemCall("lstat", name) { fstatat(rawValue, name, &st, AT_SYMLINK_NOFOLLOW) }
        return st
    }

    /// `readlinkat`: the raw bytes of the symbolic link `name` in this directory.
    public func readSymbolicLink(_ name: String) throws -> [UInt8] {
        var capacity = 256
        while true {
            var buffer = [UInt8](repeating: 0, count: capacity)
            let count = try systemCall("readlink", name) {
                buffer.withUnsafeMutableBytes { readlinkat(rawValue, name, $0.baseAddress!.assumingMemoryBound(to: CChar.self), capacity) }
            }
            if count < capacity { return Array(buffer[0..<count]) }
            capacity *= 4
        }
    }

    /// `futimens`: sets the modification time (and the access time to the same value).
    public func setModificationTime(seconds: Int64) throws {
        let time = timespec(tv_sec: Int(seconds), tv_nsec: 0)
        let times = [time, time]
        try systemCall("futimens") { futimens(rawValue, times) }
    }

    /// `pwrite`: writes every byte of `buffer` at `offset`, looping over short writes.
    public func writeAll(_ buffer: UnsafeRawBufferPointer, at offset: Int64) throws {
        var done = 0
        while done < buffer.count {
            let n = try systemCall("write") {
                pwrite(rawValue, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            }
            done += n
        }
    }

    /// The names in this directory (without `.` and `..`), as raw bytes, in the order the
    /// file system returns them. Reads through a duplicate, so this descriptor stays open.
    public func entryNames() throws -> [[UInt8]] {
        let copy = try systemCall("dup") { fcntl(rawValue, F_DUPFD_CLOEXEC, 0) }
        guard let stream = fdopendir(copy) else {
            let code = errno
            _ = Glibc.close(copy)
            throw SystemError(call: "fdopendir", errno: code)
        }
        defer { closedir(stream) }
        rewinddir(stream)
        var names: [[UInt8]] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw SystemError(call: "readdir", errno: errno) }
                return names
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if name == [0x2e] || name == [0x2e, 0x2e] { continue }
            names.append(name)
        }
    }
}
