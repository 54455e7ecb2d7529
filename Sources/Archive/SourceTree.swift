#if canImport(Glibc)
import Glibc
#endif
import POSIX

/// A directory tree listed for archiving: every entry below a root, found through
/// descriptors without following symbolic links, in bytewise path order.
struct SourceTree {
    struct Entry {
        enum Kind { case file, directory, symbolicLink }
        /// Path relative to the root, `/`-separated.
        var path: String
        var components: [String]
        var kind: Kind
        /// Permission bits as found, `0o7777` at most.
        var permissions: UInt32
        var size: Int64
        var linkTarget: String?

        /// The name in the archive: directories end in `/`.
        var archiveName: String { kind == .directory ? path + "/" : path }
    }

    private(set) var entries: [Entry] = []

    /// Lists the tree under `root`. `archive` names the output for messages.
    init(root: FileDescriptor, archive: String) throws {
        try list(root, prefix: [], archive: archive)
        // Bytewise order of the names as written (directories end in `/`), so that
        // `tar -tzf x | LC_ALL=C sort -c` holds; a directory still comes before everything
        // inside it, its name being a prefix of theirs.
        entries.sort { $0.archiveName.utf8.lexicographicallyPrecedes($1.archiveName.utf8) }
    }

    private mutating func list(_ directory: FileDescriptor, prefix: [String], archive: String) throws {
        let names: [[UInt8]]
        do { names = try directory.entryNames() } catch let error as SystemError {
            throw ArchiveError(archive: archive, entry: prefix.joined(separator: "/"), problem: .system(error))
        }
        for raw in names {
            guard let name = String(validating: raw, as: UTF8.self), !raw.contains(0) else {
                throw ArchiveError(archive: archive, entry: (prefix + [displayName(raw)]).joined(separator: "/"), problem: .nameNotUTF8)
            }
            let components = prefix + [name]
            let path = components.joined(separator: "/")
            func failure(_ problem: ArchiveError.Problem) -> ArchiveError {
                ArchiveError(archive: archive, entry: path, problem: problem)
            }
            do {
                let status = try directory.statusOfEntry(name)
                let permissions = UInt32(status.st_mode) & 0o7777
                switch status.st_mode & S_IFMT {
                case S_IFREG:
                    entries.append(Entry(path: path, components: components, kind: .file, permissions: permissions,
                                         size: Int64(status.st_size)))
                case S_IFDIR:
                    entries.append(Entry(path: path, components: components, kind: .directory, permissions: permissions, size: 0))
                    let child = try FileDescriptor.openDirectory(name, in: directory, followingSymbolicLinks: false)
                    defer { try? child.close() }
                    try list(child, prefix: components, archive: archive)
                case S_IFLNK:
                    let target = try directory.readSymbolicLink(name)
                    guard let text = String(validating: target, as: UTF8.self) else {
                        throw failure(.invalidLinkTarget("is not valid UTF-8"))
                    }
                    entries.append(Entry(path: path, components: components, kind: .symbolicLink, permissions: permissions,
                                         size: 0, linkTarget: text))
                case S_IFCHR: throw failure(.specialFile(kind: "character device"))
                case S_IFBLK: throw failure(.specialFile(kind: "block device"))
                case S_IFIFO: throw failure(.specialFile(kind: "FIFO"))
                default: throw failure(.specialFile(kind: "socket"))
                }
            } catch let error as SystemError {
                throw failure(.system(error))
            }
        }
    }
}
