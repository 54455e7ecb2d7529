#if canImport(Glibc)
import Glibc
#endif
import POSIX

/// Creates entries inside one directory, and only there.
///
/// Everything is made relative to a descriptor of the destination with the `*at` calls:
/// parents are opened with `O_NOFOLLOW | O_DIRECTORY`, files are created with
/// `O_CREAT | O_EXCL | O_NOFOLLOW`, links with `symlinkat` / `linkat`, so no path is ever
/// resolved through a symbolic link and nothing that exists is ever replaced or written
/// through (the approach of apple/containerization's extractor). Directories are created
/// 0700 and given their final mode at the end, deepest first, so a read-only directory in
/// the archive cannot stop its own contents from being written; modes are set with `fchmod`,
/// so the umask plays no part. Nothing is chowned: files belong to the extracting user.
final class StagingDirectory {
    /// A path inside the destination, as raw bytes.
    typealias Key = ByteKey

    private struct DirectoryMode {
        var components: [String]
        var mode: mode_t
        var modificationTime: Int64?
    }

    let archive: String
    private let root: FileDescriptor
    /// Open parent directories by path; flushed between entries once it grows past a bound.
    private var openDirectories: [Key: FileDescriptor] = [:]
    private let openDirectoryBound = 256
    /// Paths of the entries created so far, to refuse duplicates by name.
    private var created: Set<Key> = []
    /// Regular files created so far: the only things a hard link may point to.
    private var regularFiles: Set<Key> = []
    private var directoryModes: [Key: DirectoryMode] = [:]

    init(path: String, archive: String) throws {
        self.archive = archive
        do { root = try FileDescriptor.openDirectory(path) } catch let error as SystemError {
            throw ArchiveError(archive: archive, problem: .system(error))
        }
    }

    deinit {
        closeOpenDirectories()
        try? root.close()
    }

    // MARK: Entries

    /// Creates (or adopts, when it already exists as a directory) the directory at `components`.
    func makeDirectory(_ components: [String], mode: mode_t, modificationTime: Int64?, entry: String) throws {
        let key = try claim(components, entry: entry)
        let parent = try parentDirectory(of: components, entry: entry)
        defer { parent.release() }
        let name = components[components.count - 1]
        do {
            try parent.descriptor.makeDirectory(name, mode: 0o700)
        } catch let error as SystemError where error.errno == EEXIST {
            let kind = try kindOfEntry(name, in: parent.descriptor, entry: entry)
            guard kind == .directory else { throw failure(entry, .alreadyExists(kind: kind.noun)) }
        } catch let error as SystemError {
            throw failure(entry, .system(error))
        }
        directoryModes[key] = DirectoryMode(components: components, mode: mode, modificationTime: modificationTime)
    }

    /// Creates the regular file at `components` and hands its descriptor to `write`.
    func makeFile(_ components: [String], mode: mode_t, modificationTime: Int64?, entry: String,
                  write: (FileDescriptor) throws -> Void) throws {
        let key = try claim(components, entry: entry)
        let parent = try parentDirectory(of: components, entry: entry)
        defer { parent.release() }
        let name = components[components.count - 1]
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o600, in: parent.descriptor)
        } catch let error as SystemError {
            throw try existingEntryFailure(error, name: name, in: parent.descriptor, entry: entry)
        }
        do {
            try write(file)
            try file.setPermissions(mode)
            if let modificationTime { try file.setModificationTime(seconds: modificationTime) }
            try file.close()
        } catch {
            try? file.close()
            if let error = error as? SystemError { throw failure(entry, .system(error)) }
            throw error
        }
        regularFiles.insert(key)
    }

    /// Creates the symbolic link at `components`. Its target is stored, never followed.
    func makeSymbolicLink(_ components: [String], target: String, entry: String) throws {
        _ = try claim(components, entry: entry)
        let parent = try parentDirectory(of: components, entry: entry)
        defer { parent.release() }
        let name = components[components.count - 1]
        do {
            try parent.descriptor.makeSymbolicLink(name, target: target)
        } catch let error as SystemError {
            throw try existingEntryFailure(error, name: name, in: parent.descriptor, entry: entry)
        }
    }

    /// Creates the hard link at `components` to the regular file at `target`, which must be
    /// one this extraction created.
    func makeHardLink(_ components: [String], target: [String], targetName: String, entry: String) throws {
        guard !target.isEmpty, regularFiles.contains(Self.key(target)) else {
            throw failure(entry, .hardLinkTarget(targetName))
        }
        let key = try claim(components, entry: entry)
        let targetParent = try parentDirectory(of: target, entry: entry)
        defer { targetParent.release() }
        let parent = try parentDirectory(of: components, entry: entry)
        defer { parent.release() }
        let name = components[components.count - 1]
        do {
            try parent.descriptor.makeHardLink(name, to: target[target.count - 1], in: targetParent.descriptor)
        } catch let error as SystemError {
            throw try existingEntryFailure(error, name: name, in: parent.descriptor, entry: entry)
        }
        regularFiles.insert(key)
    }

    /// Gives every directory its final mode and time, deepest first, and closes what is open.
    func finish() throws {
        closeOpenDirectories()
        let ordered = directoryModes.values.sorted { $0.components.count > $1.components.count }
        for directory in ordered {
            let entry = directory.components.joined(separator: "/")
            let parent = try parentDirectory(of: directory.components, entry: entry, create: false)
            defer { parent.release() }
            do {
                let fd = try FileDescriptor.openDirectory(directory.components[directory.components.count - 1],
                                                          in: parent.descriptor, followingSymbolicLinks: false)
                defer { try? fd.close() }
                try fd.setPermissions(directory.mode)
                if let time = directory.modificationTime { try fd.setModificationTime(seconds: time) }
            } catch let error as SystemError {
                throw failure(entry, .system(error))
            }
            // Keep descriptors from piling up while walking thousands of directories.
            if openDirectories.count >= openDirectoryBound { closeOpenDirectories() }
        }
        closeOpenDirectories()
    }

    // MARK: Walking

    /// A parent directory descriptor, either cached (kept open) or owned by the caller.
    struct Parent {
        let descriptor: FileDescriptor
        let owned: Bool
        func release() { if owned { try? descriptor.close() } }
    }

    /// Opens the parent of `components`, creating missing directories (0700 now, 0755 at
    /// the end) unless `create` is false, and refusing to pass through anything but a
    /// real directory.
    private func parentDirectory(of components: [String], entry: String, create: Bool = true) throws -> Parent {
        if components.count > 1, let cached = openDirectories[Self.key(components.dropLast())] {
            return Parent(descriptor: cached, owned: false)
        }
        var current = Parent(descriptor: root, owned: false)
        var key = ByteKey([])
        for (depth, name) in components.dropLast().enumerated() {
            if depth > 0 { key.bytes.append(UInt8(ascii: "/")) }
            key.bytes.append(contentsOf: name.utf8)
            if let cached = openDirectories[key] {
                current.release()
                current = Parent(descriptor: cached, owned: false)
                continue
            }
            let next: FileDescriptor
            do {
                next = try openOrMakeDirectory(name, in: current.descriptor, create: create,
                                               components: Array(components[0...depth]), key: key, entry: entry)
            } catch {
                current.release()
                throw error
            }
            current.release()
            if openDirectories.count < openDirectoryBound {
                openDirectories[key] = next
                current = Parent(descriptor: next, owned: false)
            } else {
                current = Parent(descriptor: next, owned: true)
            }
        }
        return current
    }

    private func openOrMakeDirectory(_ name: String, in directory: FileDescriptor, create: Bool,
                                     components: [String], key: Key, entry: String) throws -> FileDescriptor {
        let path = components.joined(separator: "/")
        for attempt in 0..<2 {
            do {
                return try FileDescriptor.openDirectory(name, in: directory, followingSymbolicLinks: false)
            } catch let error as SystemError where error.errno == ENOENT && create && attempt == 0 {
                do {
                    try directory.makeDirectory(name, mode: 0o700)
                } catch let error as SystemError where error.errno != EEXIST {
                    throw failure(entry, .system(error))
                }
                if directoryModes[key] == nil {
                    directoryModes[key] = DirectoryMode(components: components, mode: 0o755, modificationTime: nil)
                }
            } catch let error as SystemError where error.errno == ENOTDIR || error.errno == ELOOP {
                let kind = try kindOfEntry(name, in: directory, entry: entry)
                if kind == .symbolicLink { throw failure(entry, .throughSymbolicLink(parent: path)) }
                throw failure(entry, .parentNotDirectory(parent: path, kind: kind.noun))
            } catch let error as SystemError {
                throw failure(entry, .system(SystemError(call: error.call, subject: path, errno: error.errno)))
            }
        }
        throw failure(entry, .system(SystemError(call: "open", subject: path, errno: ENOENT)))
    }

    // MARK: Helpers

    /// Records that an entry creates `components`, refusing a second entry for the same path.
    private func claim(_ components: [String], entry: String) throws -> Key {
        // Between entries no cached descriptor is in use, so this is where the cache shrinks:
        // a quarter of it, arbitrary ones, so that the rest stays warm.
        if openDirectories.count >= openDirectoryBound {
            for key in openDirectories.keys.prefix(openDirectoryBound / 4) {
                try? openDirectories.removeValue(forKey: key)?.close()
            }
        }
        let key = Self.key(components)
        guard created.insert(key).inserted else { throw failure(entry, .duplicate) }
        return key
    }

    private func existingEntryFailure(_ error: SystemError, name: String, in directory: FileDescriptor, entry: String) throws -> ArchiveError {
        guard error.errno == EEXIST else { return failure(entry, .system(error)) }
        return failure(entry, .alreadyExists(kind: try kindOfEntry(name, in: directory, entry: entry).noun))
    }

    private func kindOfEntry(_ name: String, in directory: FileDescriptor, entry: String) throws -> ArchiveEntry.Kind {
        let status: stat
        do { status = try directory.statusOfEntry(name) } catch let error as SystemError {
            throw failure(entry, .system(error))
        }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        case S_IFREG: return .regularFile
        case S_IFCHR: return .characterDevice
        case S_IFBLK: return .blockDevice
        case S_IFIFO: return .fifo
        default: return .socket
        }
    }

    private func failure(_ entry: String, _ problem: ArchiveError.Problem) -> ArchiveError {
        ArchiveError(archive: archive, entry: entry, problem: problem)
    }

    private func closeOpenDirectories() {
        for fd in openDirectories.values { try? fd.close() }
        openDirectories.removeAll(keepingCapacity: true)
    }

    static func key(_ components: some Collection<String>) -> Key {
        var bytes: [UInt8] = []
        for (index, component) in components.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: "/")) }
            bytes.append(contentsOf: component.utf8)
        }
        return ByteKey(bytes)
    }
}
