#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: which call, on what, and the `errno` it returned.
///
/// Its description reads like the shell's, so a user sees the call and the file:
/// `open /etc/shadow: Permission denied`.
public struct SystemError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The C function that failed (`open`, `renameat`, `mmap`, …).
    public var call: String
    /// The path or other subject the call was made on, when there is one.
    public var subject: String?
    /// The `errno` value.
    public var errno: Int32

    public init(call: String, subject: String? = nil, errno: Int32) {
        self.call = call
        self.subject = subject
        self.errno = errno
    }

    /// The C library's text for `errno` (`strerror`).
    public var reason: String { String(cString: strerror(errno)) }

    public var description: String {
        if let subject { return "\(call) \(subject): \(reason)" }
        return "\(call): \(reason)"
    }
}

/// Runs a C call that returns -1 and sets `errno` on failure, retrying on `EINTR`, and turns
/// a failure into a ``SystemError`` naming the call and its subject.
@discardableResult
@inline(__always)
public func systemCall<T: FixedWidthInteger>(
    _ call: String, _ subject: String? = nil, _ body: () -> T
) throws -> T {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = Glibc.errno
        if code == EINTR { continue }
        throw SystemError(call: call, subject: subject, errno: code)
    }
}
