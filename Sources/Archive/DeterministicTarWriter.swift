#if canImport(Glibc)
import Glibc
#endif
import CArchive
import POSIX

/// Writes a directory tree as a `.tar.gz` whose bytes depend only on the tree: the same
/// paths, types, permission bits, contents and link targets give the same bytes, whatever
/// the working directory, the time, the umask, the time zone or the order the file system
/// lists names in.
///
/// - Entries are sorted bytewise by their names in the archive; directories end in `/`.
/// - Every entry has the given modification time, uid and gid 0, empty user and group names,
///   and no access or change time. Permission bits are written as found, minus setuid and
///   setgid.
/// - Hard links are written as regular files, each with the full contents: the output then
///   does not depend on which names happen to share an inode (a copy of the tree made
///   with `cp -r` gives the same bytes). Extraction of such archives needs no link support.
/// - Regular files, directories and symbolic links only; anything else is refused.
/// - Format: POSIX ustar, with a PAX header only where ustar cannot hold a field (long or
///   non-ASCII paths). Compression: gzip at level 6 whose header carries no name and a zero
///   time (`1f 8b 08 00 00000000 00 03`).
///
/// The output is written to a temporary file beside it and renamed into place, so a reader
/// never sees half an archive. libarchive writes to the descriptor itself
/// (`archive_write_open_fd`): archives written through Swift callbacks came out with
/// trailing garbage in apple/containerization.
public struct DeterministicTarWriter: Sendable {
    /// Written as every entry's modification time (callers pass `SOURCE_DATE_EPOCH` or the
    /// lock file's epoch).
    public var modificationTime: Int64
    /// When set, every path is put under this top-level directory (`soldat/run`, …), which
    /// gets its own entry first.
    public var topLevelDirectory: String?

    /// A writer stamping every entry with `modificationTime`, optionally under `topLevelDirectory`.
    public init(modificationTime: Int64, topLevelDirectory: String? = nil) {
        self.modificationTime = modificationTime
        self.topLevelDirectory = topLevelDirectory
    }

    /// Writes the tree under `directory` to `output`, which must not lie inside `directory`
    /// (the half-written archive would be listed as part of the tree).
    @discardableResult
    public func write(directory: String, to output: String) throws -> TarWriteReport {
        let root: FileDescriptor
        do { root = try FileDescriptor.openDirectory(directory) } catch let error as SystemError {
            throw ArchiveError(archive: output, problem: .system(error))
        }
        defer { try? root.close() }
        let tree = try SourceTree(root: root, archive: output)
        let temporary = "\(output).tmp-\(getpid())"
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(temporary, O_WRONLY | O_CREAT | O_TRUNC, mode: 0o644)
            try file.setPermissions(0o644)
        } catch let error as SystemError {
            throw ArchiveError(archive: output, problem: .system(error))
        }
        do {
            let report = try ThreadLocale.withUTF8CharacterType {
                try TarGzipStream(file: file, name: output).writing { stream in
                    try writeEntries(of: tree, root: root, to: stream)
                }
            }
            try file.sync()
            try file.close()
            try FileTree.rename(temporary, to: output)
            return report
        } catch {
            try? file.close()
            _ = unlink(temporary)
            if let error = error as? SystemError { throw ArchiveError(archive: output, problem: .system(error)) }
            throw error
        }
    }

    private func writeEntries(of tree: SourceTree, root: FileDescriptor, to stream: TarGzipStream) throws -> TarWriteReport {
        var report = TarWriteReport()
        let prefix = topLevelDirectory.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? ""
        if !prefix.isEmpty {
            try stream.writeHeader(path: prefix, type: 0o040000, permissions: 0o755, size: 0, linkTarget: nil, time: modificationTime)
            report.directories += 1
        }
        for entry in tree.entries {
            let permissions = entry.permissions & ~UInt32(0o6000)
            switch entry.kind {
            case .directory:
                try stream.writeHeader(path: prefix + entry.archiveName, type: 0o040000, permissions: permissions, size: 0,
                                       linkTarget: nil, time: modificationTime)
                report.directories += 1
            case .symbolicLink:
                try stream.writeHeader(path: prefix + entry.path, type: 0o120000, permissions: permissions, size: 0,
                                       linkTarget: entry.linkTarget, time: modificationTime)
                report.symbolicLinks += 1
            case .file:
                try stream.writeHeader(path: prefix + entry.path, type: 0o100000, permissions: permissions, size: entry.size,
                                       linkTarget: nil, time: modificationTime)
                try copyContents(of: entry, root: root, to: stream)
                report.files += 1
                report.bytes += entry.size
            }
        }
        return report
    }

    private func copyContents(of entry: SourceTree.Entry, root: FileDescriptor, to stream: TarGzipStream) throws {
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(entry.path, O_RDONLY | O_NOFOLLOW, mode: 0, in: root)
        } catch let error as SystemError {
            throw ArchiveError(archive: stream.name, entry: entry.path, problem: .system(error))
        }
        defer { try? file.close() }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 1)
        defer { buffer.deallocate() }
        var copied: Int64 = 0
        while true {
            let count: Int
            do { count = try file.read(into: buffer) } catch let error as SystemError {
                throw ArchiveError(archive: stream.name, entry: entry.path, problem: .system(error))
            }
            if count == 0 { break }
            copied += Int64(count)
            // A file that grew would overrun its header's size and corrupt the archive.
            guard copied <= entry.size else { throw ArchiveError(archive: stream.name, entry: entry.path, problem: .changedWhileWriting) }
            try stream.writeData(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), entry: entry.path)
        }
        guard copied == entry.size else { throw ArchiveError(archive: stream.name, entry: entry.path, problem: .changedWhileWriting) }
    }
}

/// What ``DeterministicTarWriter`` wrote.
public struct TarWriteReport: Equatable, Sendable {
    /// Regular files written (hard links count once per name).
    public var files = 0
    /// Directories written, the top-level one included.
    public var directories = 0
    /// Symbolic links written.
    public var symbolicLinks = 0
    /// Bytes of file contents (before compression).
    public var bytes: Int64 = 0

    /// Nothing written yet.
    public init() {}
}
