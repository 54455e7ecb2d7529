import Foundation
import POSIX

extension ProvisionedRoot {
    /// Copies the root out of the cache to `directory`, which must not exist or be an empty
    /// directory, in an existing parent. The copy is made in `<directory>.partial-<pid>-<n>`
    /// beside it and renamed into place at the end, so on any failure `directory` is left
    /// exactly as it was (and the partial copy is removed).
    public func export(to directory: String) throws {
        var target = Substring(directory)
        while target.count > 1, target.hasSuffix("/") { target = target.dropLast() }
        let destination = String(target)
        let parent = FileTree.parentDirectory(of: destination)
        guard FileTree.isDirectory(parent.isEmpty ? "." : parent) else {
            throw ProvisionError(.export("\(directory): its parent directory does not exist; create it first"))
        }
        var status = stat()
        if lstat(destination, &status) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFDIR else {
                throw ProvisionError(.export("\(directory) exists and is not a directory; choose a new path"))
            }
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: destination)) ?? ["?"]
            guard entries.isEmpty else {
                throw ProvisionError(.export("\(directory) exists and is not empty; choose a new directory or empty it"))
            }
        }
        let partial = "\(destination).partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try TreeCopy.copy(from: path, to: partial)
            // rename(2) replaces an empty directory, and refuses a non-empty one.
            try FileTree.rename(partial, to: destination)
        } catch {
            FileTree.removeTree(partial)
            throw ProvisionError(.export("cannot write the root to \(directory): \(error)"))
        }
    }
}
