#if canImport(Glibc)
import Glibc
#endif
import Foundation
import POSIX

/// Everything under a directory, symlinks not followed: each entry's type, permission bits,
/// content or link target. Two snapshots are equal when the trees are byte for byte the same
/// (times are left out: a build may look at a directory without changing what it holds).
public struct TreeSnapshot: Equatable, Sendable {
    public enum Entry: Equatable, Sendable {
        case file(mode: UInt32, bytes: [UInt8])
        case directory(mode: UInt32)
        case symlink(target: String)
        case other(mode: UInt32)
    }

    /// Relative path (`.generations/ab12/app/standin`) → entry; the root itself is `.`.
    public let entries: [String: Entry]

    /// Takes a snapshot of `root`; names in `excluding` (relative paths) are left out with
    /// everything under them. A missing `root` gives an empty snapshot.
    public init(_ root: String, excluding: Set<String> = []) throws {
        var entries: [String: Entry] = [:]
        try Self.walk(root, relative: ".", excluding: excluding, into: &entries)
        self.entries = entries
    }

    /// The relative paths that differ between `self` and `other`, sorted, for messages.
    public func differences(from other: TreeSnapshot) -> [String] {
        Set(entries.keys).union(other.entries.keys).filter { entries[$0] != other.entries[$0] }.sorted()
    }

    /// The relative paths of every entry, sorted.
    public var paths: [String] { entries.keys.sorted() }

    private static func walk(_ root: String, relative: String, excluding: Set<String>, into entries: inout [String: Entry]) throws {
        if excluding.contains(relative) { return }
        let path = relative == "." ? root : root + "/" + relative
        var st = stat()
        guard lstat(path, &st) == 0 else {
            if errno == ENOENT && relative == "." { return }
            throw SystemError(call: "lstat", subject: path, errno: errno)
        }
        let mode = UInt32(st.st_mode) & 0o7777
        switch st.st_mode & S_IFMT {
        case S_IFDIR:
            entries[relative] = .directory(mode: mode)
            for name in try FileManager.default.contentsOfDirectory(atPath: path) {
                try walk(root, relative: relative == "." ? name : relative + "/" + name, excluding: excluding, into: &entries)
            }
        case S_IFLNK:
            entries[relative] = .symlink(target: try FileManager.default.destinationOfSymbolicLink(atPath: path))
        case S_IFREG:
            entries[relative] = .file(mode: mode, bytes: try readFile(path))
        default:
            entries[relative] = .other(mode: mode)
        }
    }
}
