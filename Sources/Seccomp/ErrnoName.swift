#if canImport(Glibc)
import Glibc
#endif

/// The `errno` names a policy may use for an `errno` default action, with their Linux values.
/// Any number 1…4095 is accepted too; a known number is written back as its name.
enum ErrnoName {
    static let table: [(name: String, value: Int32)] = [
        ("EPERM", EPERM), ("ENOENT", ENOENT), ("ESRCH", ESRCH), ("EINTR", EINTR), ("EIO", EIO),
        ("ENXIO", ENXIO), ("E2BIG", E2BIG), ("ENOEXEC", ENOEXEC), ("EBADF", EBADF), ("ECHILD", ECHILD),
        ("EAGAIN", EAGAIN), ("ENOMEM", ENOMEM), ("EACCES", EACCES), ("EFAULT", EFAULT), ("EBUSY", EBUSY),
        ("EEXIST", EEXIST), ("EXDEV", EXDEV), ("ENODEV", ENODEV), ("ENOTDIR", ENOTDIR), ("EISDIR", EISDIR),
        ("EINVAL", EINVAL), ("ENFILE", ENFILE), ("EMFILE", EMFILE), ("ENOTTY", ENOTTY), ("EFBIG", EFBIG),
        ("ENOSPC", ENOSPC), ("ESPIPE", ESPIPE), ("EROFS", EROFS), ("EMLINK", EMLINK), ("EPIPE", EPIPE),
        ("ERANGE", ERANGE), ("ENAMETOOLONG", ENAMETOOLONG), ("ENOSYS", ENOSYS), ("ENOTSUP", EOPNOTSUPP),
        ("EOPNOTSUPP", EOPNOTSUPP), ("EAFNOSUPPORT", EAFNOSUPPORT), ("EADDRINUSE", EADDRINUSE),
        ("ENETUNREACH", ENETUNREACH), ("ECONNREFUSED", ECONNREFUSED), ("ETIMEDOUT", ETIMEDOUT),
    ]

    static func value(of name: String) -> Int32? { table.first { $0.name == name }?.value }

    /// The canonical name of `value` (EOPNOTSUPP over its alias ENOTSUP), if it has one here.
    static func name(of value: Int32) -> String? {
        table.last { $0.value == value }?.name
    }
}
