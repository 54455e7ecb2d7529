#if canImport(Glibc)
import Glibc
#endif
import Archive
import Foundation
import POSIX

/// `bundles/<name>.tar.gz`: the bundle as it deploys (run, rootfs, app, seccomp, bundle.json,
/// and state/ with its initial content, never the live state), written by the deterministic
/// writer, so the same inputs give the same bytes.
struct BundleTarball {
    let layout: BundleLayout
    let name: String
    let statePaths: [String]
    let epoch: Int64

    func write(to output: String) throws {
        // A tree of hard links to the current generation (no copying), under .generations/
        // so that an interrupted build's next run removes it.
        let tree = layout.generations + "/tarball.partial"
        FileTree.removeTree(tree)
        defer { FileTree.removeTree(tree) }
        try StagingFiles.makeDirectory(tree)
        let current = layout.directory + "/.current"
        for entry in BundleLayout.generationEntries {
            try Self.link(current + "/" + entry, to: tree + "/" + entry)
        }
        if !statePaths.isEmpty {
            try StagingFiles.makeDirectory(tree + "/state")
            for path in statePaths {
                try StagingFiles.makeDirectory(tree + "/state/" + ((path as NSString).deletingLastPathComponent))
                try Self.link(current + "/app/" + path, to: tree + "/state/" + path)
            }
        }
        LeftoverFiles.removeStale(beside: output, marker: ".tmp-")
        try DeterministicTarWriter(modificationTime: epoch, topLevelDirectory: name).write(directory: tree, to: output)
    }

    /// Mirrors `source` at `destination`: directories made (same mode), symlinks recreated,
    /// files hard-linked (copied across file systems).
    static func link(_ source: String, to destination: String) throws {
        var st = stat()
        try systemCall("lstat", source) { lstat(source, &st) }
        switch st.st_mode & S_IFMT {
        case S_IFDIR:
            try systemCall("mkdir", destination) { mkdir(destination, 0o700) }
            for name in try FileManager.default.contentsOfDirectory(atPath: source) {
                try link(source + "/" + name, to: destination + "/" + name)
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
