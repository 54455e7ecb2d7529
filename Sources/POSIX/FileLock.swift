#if canImport(Glibc)
import Glibc
#endif

/// An exclusive advisory lock (`flock`) on a lock file, held until ``unlock()`` or deinit.
///
/// Used to serialise work that two processes may start at once: two builds of one bundle,
/// two downloads of one blob. The lock dies with the process, so a killed build never leaves
/// a stale lock behind.
public final class FileLock {
    private let descriptor: FileDescriptor
    public let path: String

    /// Opens (creating if needed) `path` and waits for the exclusive lock.
    /// `onWait` runs once if the lock is busy, before blocking, so a caller can say why it waits.
    public init(path: String, onWait: (() -> Void)? = nil) throws {
        self.path = path
        descriptor = try FileDescriptor.open(path, O_RDWR | O_CREAT, mode: 0o644)
        if flock(descriptor.rawValue, LOCK_EX | LOCK_NB) == 0 { return }
        let code = errno
        guard code == EWOULDBLOCK else {
            try? descriptor.close()
            throw SystemError(call: "flock", subject: path, errno: code)
        }
        onWait?()
        do {
            try systemCall("flock", path) { flock(descriptor.rawValue, LOCK_EX) }
        } catch {
            try? descriptor.close()
            throw error
        }
    }

    /// Takes the lock on `path` only if it is free at once; `nil` when another holder has it.
    /// For callers that must not block (a transfer loop serving other downloads meanwhile).
    public static func attempt(path: String) throws -> FileLock? {
        let descriptor = try FileDescriptor.open(path, O_RDWR | O_CREAT, mode: 0o644)
        if flock(descriptor.rawValue, LOCK_EX | LOCK_NB) == 0 { return FileLock(path: path, holding: descriptor) }
        let code = errno
        try? descriptor.close()
        if code == EWOULDBLOCK { return nil }
        throw SystemError(call: "flock", subject: path, errno: code)
    }

    private init(path: String, holding descriptor: FileDescriptor) {
        self.path = path
        self.descriptor = descriptor
    }

    public func unlock() {
        _ = flock(descriptor.rawValue, LOCK_UN)
    }

    deinit {
        try? descriptor.close()
    }
}
