#if canImport(Glibc)
import Glibc
#endif

extension FileDescriptor {
    /// Moves the file position to `offset` from the start (`lseek` `SEEK_SET`).
    public func seek(to offset: Int64) throws {
        try systemCall("lseek") { lseek(rawValue, off_t(offset), SEEK_SET) }
    }

    /// Cuts or extends the file to `size` bytes (`ftruncate`); the position does not move.
    public func truncate(to size: Int64) throws {
        try systemCall("ftruncate") { ftruncate(rawValue, off_t(size)) }
    }

    /// Sets the file's permission bits exactly (`fchmod`; the umask plays no part).
    public func setPermissions(_ mode: mode_t) throws {
        try systemCall("fchmod") { fchmod(rawValue, mode) }
    }
}
