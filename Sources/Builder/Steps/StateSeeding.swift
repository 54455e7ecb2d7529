import Foundation
import POSIX

/// Gives `state/` each state path it does not have yet, with the archive's initial content
/// (a `banned.txt`, an empty `logs/`). What is already there is never touched: a rebuild
/// keeps the program's state byte for byte.
struct StateSeeding {
    let statePaths: [String]
    /// The new generation's `app/`, where the initial content is.
    let app: String
    let state: String

    /// Returns the paths it created.
    @discardableResult
    func run() throws -> [String] {
        var created: [String] = []
        for path in statePaths {
            let target = state + "/" + path
            LeftoverFiles.removeStale(beside: target, marker: ".partial-")
            if FileTree.exists(target) { continue }
            try FileTree.makeDirectories(FileTree.parentDirectory(of: target))
            // Copy beside, then rename: a crash never leaves half a state file behind.
            let partial = target + ".partial-\(getpid())"
            FileTree.removeTree(partial)
            try StagingFiles.copyTree(app + "/" + path, to: partial)
            try FileTree.rename(partial, to: target)
            created.append(path)
        }
        return created
    }
}
