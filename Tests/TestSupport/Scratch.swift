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
    try FileTree.makeDirectories(FileTree.parentDirectory(of: path))
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

/// Copies `source` to `destination` with `cp`, in a child process, for files that will be
/// executed (programs, loaders, scripts). A file this multithreaded process opens for writing
/// is, for a moment, also open in any child another test thread forks meanwhile; executing it
/// then fails with ETXTBSY ("Text file busy") until that child execs. A file written by
/// another process never has a writer here.
public func copyExecutable(from source: String, to destination: String) throws {
    try FileTree.makeDirectories(FileTree.parentDirectory(of: destination))
    let result = try run("cp", [source, destination])
    guard result.status.succeeded else { throw CopyFailed(description: "cp \(source) \(destination): \(result.errorOutput)") }
}

/// Writes an executable `text` to `path` (mode 0755) without this process ever holding it
/// open for writing (see ``copyExecutable(from:to:)``).
public func writeExecutable(_ path: String, _ text: String) throws {
    let draft = path + ".draft"
    try writeFile(draft, text, mode: 0o755)
    defer { try? FileManager.default.removeItem(atPath: draft) }
    try copyExecutable(from: draft, to: path)
}

struct CopyFailed: Error, CustomStringConvertible {
    let description: String
}
