#if canImport(Glibc)
import Glibc
#endif
import Foundation
import POSIX

/// File operations for a staging bundle that give the same result whatever the umask:
/// directories and files get exactly the modes asked for, so `bundle.json` and the tarball
/// come out byte for byte the same on any machine.
enum StagingFiles {
    /// Creates `path` and missing parents with mode 0755 exactly.
    static func makeDirectory(_ path: String) throws {
        if FileTree.isDirectory(path) { return }
        let parent = FileTree.parentDirectory(of: path)
        if !parent.isEmpty && parent != path { try makeDirectory(parent) }
        if mkdir(path, 0o755) == -1 && errno != EEXIST { throw SystemError(call: "mkdir", subject: path, errno: errno) }
        try systemCall("chmod", path) { chmod(path, 0o755) }
    }

    /// Copies the regular file `source` to `destination` with mode `mode` exactly.
    static func copyFile(_ source: String, to destination: String, mode: mode_t) throws {
        let input = try FileDescriptor.open(source, O_RDONLY)
        defer { try? input.close() }
        let output = try FileDescriptor.open(destination, O_WRONLY | O_CREAT | O_EXCL, mode: 0o600)
        defer { try? output.close() }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try naming(source) { try input.read(into: buffer) }
            if count == 0 { break }
            try naming(destination) { try output.writeAll(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) }
        }
        try output.setPermissions(mode)
    }

    /// Writes `bytes` to a new file with mode `mode` exactly.
    static func writeFile(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws {
        let output = try FileDescriptor.open(path, O_WRONLY | O_CREAT | O_EXCL, mode: 0o600)
        defer { try? output.close() }
        try naming(path) { try output.writeAll(bytes) }
        try output.setPermissions(mode)
    }

    /// Runs `body`, naming `path` in a system error that names nothing: a failed `write` on a
    /// full disk otherwise reads only "write: No space left on device", without saying where.
    static func naming<R>(_ path: String, _ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch var error as SystemError where error.subject == nil {
            error.subject = path
            throw error
        }
    }

    /// Creates the symlink `path` → `target`.
    static func symlink(_ target: String, at path: String) throws {
        try systemCall("symlink", path) { Glibc.symlink(target, path) }
    }

    /// Copies a file, symlink or directory tree, keeping modes and links (used to seed state).
    static func copyTree(_ source: String, to destination: String) throws {
        var st = stat()
        try systemCall("lstat", source) { lstat(source, &st) }
        switch st.st_mode & S_IFMT {
        case S_IFDIR:
            if mkdir(destination, 0o700) == -1 && errno != EEXIST { throw SystemError(call: "mkdir", subject: destination, errno: errno) }
            for name in try FileManager.default.contentsOfDirectory(atPath: source).sorted() {
                try copyTree(source + "/" + name, to: destination + "/" + name)
            }
            try systemCall("chmod", destination) { chmod(destination, st.st_mode & 0o7777) }
        case S_IFLNK:
            try symlink(try FileManager.default.destinationOfSymbolicLink(atPath: source), at: destination)
        case S_IFREG:
            try copyFile(source, to: destination, mode: st.st_mode & 0o7777)
        default:
            throw SystemError(call: "copy", subject: source, errno: EINVAL)
        }
    }

    /// Mirrors `source` at `destination`: directories made (same mode), symlinks recreated,
    /// files hard-linked (copied across file systems).
    static func linkTree(_ source: String, to destination: String) throws {
        var st = stat()
        try systemCall("lstat", source) { lstat(source, &st) }
        switch st.st_mode & S_IFMT {
        case S_IFDIR:
            try systemCall("mkdir", destination) { mkdir(destination, 0o700) }
            for name in try FileManager.default.contentsOfDirectory(atPath: source) {
                try linkTree(source + "/" + name, to: destination + "/" + name)
            }
            try systemCall("chmod", destination) { chmod(destination, st.st_mode & 0o7777) }
        case S_IFLNK:
            try StagingFiles.symlink(try FileManager.default.destinationOfSymbolicLink(atPath: source), at: destination)
        default:
            if Glibc.link(source, destination) != 0 {
                try StagingFiles.copyFile(source, to: destination, mode: st.st_mode & 0o7777)
            }
        }
    }
}
