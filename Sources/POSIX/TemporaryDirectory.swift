#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A directory made with `mkdtemp`, removed with everything in it by ``remove()``.
public struct TemporaryDirectory: Sendable {
    public let path: String

    /// Creates `<parent>/<prefix>XXXXXX`; `parent` defaults to `$TMPDIR` or `/tmp`.
    public init(prefix: String = "barracks.", in parent: String? = nil) throws {
        let base = parent ?? ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        var template = Array("\(base)/\(prefix)XXXXXX".utf8CString)
        guard let result = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw SystemError(call: "mkdtemp", subject: base, errno: errno)
        }
        path = String(cString: result)
    }

    /// Removes the directory tree. Makes read-only directories writable first, so trees a
    /// build made read-only can still be cleaned up.
    public func remove() {
        FileTree.removeTree(path)
    }
}
