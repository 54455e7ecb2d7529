#if canImport(Glibc)
import Glibc
#endif
import Fetch
import Foundation
import POSIX

/// Lists a directory tree as ``FileRecord``s: every entry, symlinks not followed, sorted by
/// path bytes, files hashed with SHA-256. The listing `bundle.json` records and `verify` checks.
public enum TreeScanner {
    /// Scans `directory/prefix` and names entries `prefix/…`. A missing `prefix` gives nothing.
    public static func scan(_ directory: String, prefix: String) throws -> [FileRecord] {
        var records: [FileRecord] = []
        try walk(directory, relative: prefix, into: &records)
        return records.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    private static func walk(_ directory: String, relative: String, into records: inout [FileRecord]) throws {
        let path = directory + "/" + relative
        var st = stat()
        guard lstat(path, &st) == 0 else {
            if errno == ENOENT { return }
            throw SystemError(call: "lstat", subject: path, errno: errno)
        }
        let mode = UInt32(st.st_mode) & 0o7777
        switch st.st_mode & S_IFMT {
        case S_IFDIR:
            records.append(FileRecord(path: relative, kind: .directory, mode: mode))
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path)
            } catch {
                throw SystemError(call: "opendir", subject: path, errno: EACCES)
            }
            for name in names { try walk(directory, relative: relative + "/" + name, into: &records) }
        case S_IFLNK:
            let target = try FileManager.default.destinationOfSymbolicLink(atPath: path)
            records.append(FileRecord(path: relative, kind: .symlink(target: target), mode: 0o777))
        case S_IFREG:
            let digest = try SHA256.hash(contentsOf: path)
            records.append(FileRecord(path: relative, kind: .file(sha256: digest.hex, size: UInt64(st.st_size)), mode: mode))
        default:
            throw BuildError(step: .verify, "\(path) is a device, FIFO or socket; a bundle holds only files, directories and symlinks")
        }
    }
}
