#if canImport(Glibc)
import Glibc
#endif
import Foundation
import POSIX

/// Files a killed build left beside the ones it was replacing: `banned.txt.partial-1234`
/// (state seeding), `demo.tar.gz.tmp-1234` (the tarball), `demo.lock.json.tmp-1234` (the lock
/// file). Each is written beside its final name with the writer's process ID and renamed into
/// place; SIGKILL between the two leaves it behind for good, since the next build writes its
/// own under another ID. The next build removes those whose process is gone.
enum LeftoverFiles {
    /// Removes `<path><marker><pid>` (files or trees) beside `path` whose process no longer runs.
    static func removeStale(beside path: String, marker: String) {
        let directory = FileTree.parentDirectory(of: path)
        let prefix = FileTree.lastComponent(of: path) + marker
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count)), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH {
                FileTree.removeTree(directory.isEmpty ? name : directory + "/" + name)
            }
        }
    }
}
