#if canImport(Glibc)
import Glibc
#endif

/// Copies a directory tree: directories, regular files, symbolic links (as links, never
/// followed) and hard links (kept as links within the copy), with permission bits and
/// modification times. Everything is opened relative to open directories with `O_NOFOLLOW`,
/// so a symbolic link in the source is copied, never walked through, and nothing is written
/// outside the destination.
///
/// For copying a finished Alpine root out of the cache (`barracks rootfs --out DIR`):
/// devices, FIFOs and sockets are refused (a root barracks built has none). Owners are not
/// copied: the copy belongs to the user running barracks.
public enum TreeCopy {
    /// Copies the directory `source` to `destination`, which must not exist yet (its parent
    /// must). On failure, what was copied so far is left for the caller to remove.
    public static func copy(from source: String, to destination: String) throws {
        let sourceDirectory = try FileDescriptor.openDirectory(source, followingSymbolicLinks: false)
        defer { try? sourceDirectory.close() }
        let status = try sourceDirectory.status()
        try systemCall("mkdir", destination) { mkdir(destination, 0o700) }
        let destinationDirectory = try FileDescriptor.openDirectory(destination, followingSymbolicLinks: false)
        defer { try? destinationDirectory.close() }
        let copier = Copier(destinationRoot: destinationDirectory, sourcePath: source, destinationPath: destination)
        try copier.copyContents(of: sourceDirectory, into: destinationDirectory, relativePath: "")
        try destinationDirectory.setPermissions(status.st_mode & 0o7777)
        try destinationDirectory.setModificationTime(seconds: Int64(status.st_mtim.tv_sec))
    }

    /// The state of one copy: which inodes were copied where, for hard links.
    private final class Copier {
        struct Inode: Hashable {
            let device: UInt64
            let number: UInt64
        }

        let destinationRoot: FileDescriptor
        let sourcePath: String
        let destinationPath: String
        /// Files with several links: the first copy's path, relative to the destination.
        var copiedInodes: [Inode: String] = [:]
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)

        init(destinationRoot: FileDescriptor, sourcePath: String, destinationPath: String) {
            self.destinationRoot = destinationRoot
            self.sourcePath = sourcePath
            self.destinationPath = destinationPath
        }

        deinit { buffer.deallocate() }

        func copyContents(of source: FileDescriptor, into destination: FileDescriptor, relativePath: String) throws {
            for rawName in try source.entryNames().sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                let name = String(decoding: rawName, as: UTF8.self)
                guard Array(name.utf8) == rawName else {
                    throw SystemError(call: "copy", subject: "\(sourcePath)/\(relativePath)\(name) (name is not UTF-8)", errno: EILSEQ)
                }
                let path = relativePath + name
                let status = try source.statusOfEntry(name)
                switch status.st_mode & S_IFMT {
                case S_IFDIR:
                    try destination.makeDirectory(name, mode: 0o700)
                    let child = try FileDescriptor.openDirectory(name, in: source, followingSymbolicLinks: false)
                    defer { try? child.close() }
                    let copy = try FileDescriptor.openDirectory(name, in: destination, followingSymbolicLinks: false)
                    defer { try? copy.close() }
                    try copyContents(of: child, into: copy, relativePath: path + "/")
                    try copy.setPermissions(status.st_mode & 0o7777)
                    try copy.setModificationTime(seconds: Int64(status.st_mtim.tv_sec))
                case S_IFLNK:
                    let target = try source.readSymbolicLink(name)
                    try destination.makeSymbolicLink(name, target: String(decoding: target, as: UTF8.self))
                case S_IFREG:
                    let inode = Inode(device: UInt64(status.st_dev), number: UInt64(status.st_ino))
                    if status.st_nlink > 1, let first = copiedInodes[inode] {
                        try destination.makeHardLink(name, to: first, in: destinationRoot)
                        continue
                    }
                    try copyFile(name, from: source, to: destination, status: status)
                    if status.st_nlink > 1 { copiedInodes[inode] = path }
                default:
                    throw SystemError(call: "copy", subject: "\(sourcePath)/\(path) (not a file, directory or link)", errno: EINVAL)
                }
            }
        }

        private func copyFile(_ name: String, from source: FileDescriptor, to destination: FileDescriptor, status: stat) throws {
            let input = try FileDescriptor.open(name, O_RDONLY | O_NOFOLLOW, in: source)
            defer { try? input.close() }
            let output = try FileDescriptor.open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o600, in: destination)
            do {
                while true {
                    let count = try input.read(into: buffer)
                    if count == 0 { break }
                    try output.writeAll(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                }
                try output.setPermissions(status.st_mode & 0o7777)
                try output.setModificationTime(seconds: Int64(status.st_mtim.tv_sec))
                try output.close()
            } catch {
                try? output.close()
                throw error
            }
        }
    }
}
