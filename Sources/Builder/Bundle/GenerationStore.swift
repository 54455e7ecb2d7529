#if canImport(Glibc)
import Glibc
#endif
import Foundation
import POSIX

/// Builds a bundle's next generation beside the current one and switches to it atomically.
///
/// A build writes into `.generations/<id>.partial`; ``commit(_:)`` renames it into place and
/// swaps the `.current` symlink with one `rename(2)`. Whatever stops a build before that —
/// an error, SIGKILL, a full disk — leaves the previous generation current and untouched;
/// the next build removes the debris. `state/` is never part of a generation.
public struct GenerationStore: Sendable {
    public let layout: BundleLayout

    public init(layout: BundleLayout) {
        self.layout = layout
    }

    /// Creates the bundle directory if needed, removes debris from interrupted builds and old
    /// generations, and returns a fresh staging directory.
    public func prepare() throws -> String {
        try FileTree.makeDirectories(layout.directory)
        try checkOwnership()
        try FileTree.makeDirectories(layout.generations)
        let current = currentGeneration()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: layout.generations)) ?? [] where name != current {
            FileTree.removeTree(layout.generations + "/" + name)
        }
        var bytes = [UInt8](repeating: 0, count: 8)
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255) }
        let staging = layout.generations + "/" + bytes.map { String(format: "%02x", $0) }.joined() + ".partial"
        try FileTree.makeDirectories(staging)
        return staging
    }

    /// Makes `staging` the current generation, then removes the one it replaced.
    public func commit(_ staging: String) throws {
        let name = FileTree.lastComponent(of: staging)
        let final = String(name.dropLast(".partial".count))
        let previous = currentGeneration()
        try FileTree.rename(staging, to: layout.generations + "/" + final)
        syncDirectory(layout.generations)
        let temporaryLink = layout.directory + "/.current.new"
        _ = unlink(temporaryLink)
        try systemCall("symlink", temporaryLink) { symlink(".generations/" + final, temporaryLink) }
        try FileTree.rename(temporaryLink, to: layout.currentLink)
        for entry in BundleLayout.generationEntries {
            let link = layout.directory + "/" + entry
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) != ".current/" + entry {
                if FileTree.exists(link) { FileTree.removeTree(link) }
                try systemCall("symlink", link) { symlink(".current/" + entry, link) }
            }
        }
        syncDirectory(layout.directory)
        if let previous, previous != final { FileTree.removeTree(layout.generations + "/" + previous) }
    }

    /// Removes a staging directory after a failed build.
    public func abandon(_ staging: String) {
        FileTree.removeTree(staging)
    }

    /// The name of the current generation under `.generations/`, if there is one.
    public func currentGeneration() -> String? {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: layout.currentLink) else { return nil }
        return FileTree.lastComponent(of: target)
    }

    /// Refuses to build into a directory that holds things a bundle does not.
    private func checkOwnership() throws {
        let known = Set(BundleLayout.generationEntries + ["state", ".generations", ".current", ".current.new", ".lock"])
        let names = (try? FileManager.default.contentsOfDirectory(atPath: layout.directory)) ?? []
        let foreign = names.filter { !known.contains($0) }.sorted()
        if !foreign.isEmpty {
            throw BuildError(step: .commit, "\(layout.directory) holds \(foreign.prefix(5).joined(separator: ", ")), which no barracks bundle has; move them away or choose another bundle directory")
        }
    }

    private func syncDirectory(_ path: String) {
        guard let fd = try? FileDescriptor.open(path, O_RDONLY | O_DIRECTORY) else { return }
        _ = fsync(fd.rawValue)
        try? fd.close()
    }
}
