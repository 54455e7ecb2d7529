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
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
}

public func readFile(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}
