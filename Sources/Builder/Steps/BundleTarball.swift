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
            try StagingFiles.linkTree(current + "/" + entry, to: tree + "/" + entry)
        }
        if !statePaths.isEmpty {
            try StagingFiles.makeDirectory(tree + "/state")
            for path in statePaths {
                try StagingFiles.makeDirectory(tree + "/state/" + (FileTree.parentDirectory(of: path)))
                try StagingFiles.linkTree(current + "/app/" + path, to: tree + "/state/" + path)
            }
        }
        LeftoverFiles.removeStale(beside: output, marker: ".tmp-")
        try DeterministicTarWriter(modificationTime: epoch, topLevelDirectory: name).write(directory: tree, to: output)
    }
}
