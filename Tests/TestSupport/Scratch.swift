import Foundation
import POSIX

/// A temporary directory for one test, removed when the test's body returns.
@discardableResult
public func withScratch<R>(_ name: String = "test", _ body: (String) throws -> R) throws -> R {
    let directory = try TemporaryDirectory(prefix: "barracks-\(name).")
    defer { directory.remove() }
    return try body(directory.path)
}

/// The async form of ``withScratch(_:_:)``.
@discardableResult
public func withScratch<R>(_ name: String = "test", _ body: (String) async throws -> R) async throws -> R {
    let directory = try TemporaryDirectory(prefix: "barracks-\(name).")
    defer { directory.remove() }
    return try await body(directory.path)
}

/// Writes `text` to `path`, creating parent directories.
public func writeFile(_ path: String, _ text: String, mode: Int = 0o644) throws {
    try writeFile(path, Array(text.utf8), mode: mode)
}

public func writeFile(_ path: String, _ bytes: [UInt8], mode: Int = 0o644) throws {
    try FileTree.makeDirectories((path as NSString).deletingLastPathComponent)
    // O_CLOEXEC (Foundation's writer may not set it): a child another test thread spawns
    // meanwhile must not keep the file open for writing (exec would fail with ETXTBSY).
    let fd = try FileDescriptor.open(path, O_WRONLY | O_CREAT | O_TRUNC, mode: mode_t(mode))
    defer { try? fd.close() }
    try fd.writeAll(bytes)
    _ = fchmod(fd.rawValue, mode_t(mode))
}

public func readFile(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}
