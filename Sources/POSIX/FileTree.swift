#if canImport(Glibc)
import Glibc
#endif
import CSystem
import Foundation

/// Whole-tree operations that must not follow symlinks out of the tree.
public enum FileTree {
    /// Removes `path` and everything under it without following symlinks, making
    /// directories writable on the way down. Missing paths are not an error.
    public static func removeTree(_ path: String) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            _ = chmod(path, 0o700)
            if let entries = try? FileManager.default.contentsOfDirectory(atPath: path) {
                for entry in entries { removeTree(path + "/" + entry) }
            }
            _ = rmdir(path)
        } else {
            _ = unlink(path)
        }
    }

    /// Whether something (of any type, dangling symlinks included) exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// Whether `path` is a directory (symlinks not followed).
    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// The directory part of `path`: `a/b` → `a`, `/a` → `/`, `a` → `""` (as
    /// `NSString.deletingLastPathComponent`, which traps on a one-letter name with no slash in
    /// Swift 6.3.1's Foundation: `barracks build --out b` crashed).
    public static func parentDirectory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        var parent = trimmed[..<slash]
        while parent.count > 1 && parent.hasSuffix("/") { parent = parent.dropLast() }
        return parent.isEmpty ? "/" : String(parent)
    }

    /// The last part of `path`: `a/b` → `b`, `a/b/` → `b`, `/` → `/`, `b` → `b` (as
    /// `NSString.lastPathComponent`, which traps on a one-letter name like its sibling).
    public static func lastComponent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if trimmed == "/" { return "/" }
        guard let slash = trimmed.lastIndex(of: "/") else { return String(trimmed) }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// Creates `path` and its missing parents with `mode`.
    public static func makeDirectories(_ path: String, mode: mode_t = 0o755) throws {
        if isDirectory(path) { return }
        let parent = parentDirectory(of: path)
        if !parent.isEmpty && parent != path { try makeDirectories(parent, mode: mode) }
        if mkdir(path, mode) == -1 && errno != EEXIST {
            throw SystemError(call: "mkdir", subject: path, errno: errno)
        }
    }

    /// Renames `from` to `to` atomically (`rename`), replacing a file or empty directory.
    public static func rename(_ from: String, to: String) throws {
        try systemCall("rename", "\(from) -> \(to)") { Glibc.rename(from, to) }
    }

    /// Swaps two paths atomically (`renameat2` with `RENAME_EXCHANGE`): both must exist.
    public static func exchange(_ a: String, _ b: String) throws {
        try systemCall("renameat2", "\(a) <-> \(b)") {
            barracks_renameat2(AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */)
        }
    }

    /// Writes `bytes` to `path` atomically: a temporary file beside it, fsynced, then renamed.
    public static func writeAtomically(_ path: String, _ bytes: some Sequence<UInt8>, mode: mode_t = 0o644) throws {
        let temporary = "\(path).tmp-\(getpid())"
        let fd = try FileDescriptor.open(temporary, O_WRONLY | O_CREAT | O_TRUNC, mode: mode)
        do {
            try fd.writeAll(bytes)
            _ = fchmod(fd.rawValue, mode)
            try fd.sync()
            try fd.close()
            try rename(temporary, to: path)
        } catch {
            try? fd.close()
            _ = unlink(temporary)
            throw error
        }
    }
}
