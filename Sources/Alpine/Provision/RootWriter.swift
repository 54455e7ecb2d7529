import Foundation
import POSIX

/// Writes barracks' own files (`etc/apk/*`, `lib/apk/db/installed`, scripts to run) into a
/// root that packages have filled, without ever following a symbolic link in it: every
/// component is opened relative to its parent with `O_NOFOLLOW`, so a package that made
/// `etc` a link to somewhere on the host cannot redirect these writes.
struct RootWriter {
    let root: String

    /// Creates `directory` (components below the root) and its missing parents, 0755.
    func makeDirectories(_ directory: [String]) throws {
        let descriptor = try open(directory)
        try? descriptor.close()
    }

    /// Writes `bytes` to the file at `path` (components below the root), replacing it.
    func write(_ path: [String], _ bytes: [UInt8], mode: mode_t = 0o644) throws {
        guard let name = path.last else { return }
        let parent = try open(Array(path.dropLast()))
        defer { try? parent.close() }
        let file = try FileDescriptor.open(name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, mode: 0o600, in: parent)
        do {
            try file.writeAll(bytes)
            try file.setPermissions(mode)
            try file.close()
        } catch {
            try? file.close()
            throw error
        }
    }

    /// Removes the file or empty directory at `path`, if it is there.
    func remove(_ path: [String], directory: Bool = false) {
        guard let name = path.last, let parent = try? open(Array(path.dropLast()), create: false) else { return }
        _ = unlinkat(parent.rawValue, name, directory ? AT_REMOVEDIR : 0)
        try? parent.close()
    }

    /// Whether something (of any kind) is at `path`, without following a link.
    func exists(_ path: [String]) -> Bool {
        guard let name = path.last, let parent = try? open(Array(path.dropLast()), create: false) else { return path.isEmpty }
        defer { try? parent.close() }
        return (try? parent.statusOfEntry(name)) != nil
    }

    /// Opens the directory `components` below the root, creating what is missing when `create`.
    private func open(_ components: [String], create: Bool = true) throws -> FileDescriptor {
        var current = try FileDescriptor.openDirectory(root, followingSymbolicLinks: false)
        for name in components {
            let next: FileDescriptor
            do {
                next = try FileDescriptor.openDirectory(name, in: current, followingSymbolicLinks: false)
            } catch let error as SystemError where error.errno == ENOENT && create {
                do {
                    try current.makeDirectory(name, mode: 0o755)
                    next = try FileDescriptor.openDirectory(name, in: current, followingSymbolicLinks: false)
                    try next.setPermissions(0o755)  // whatever the umask
                } catch {
                    try? current.close()
                    throw error
                }
            } catch {
                try? current.close()
                throw error
            }
            try? current.close()
            current = next
        }
        return current
    }
}
