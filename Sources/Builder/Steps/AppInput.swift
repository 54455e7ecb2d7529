import Fetch
import Foundation
import POSIX

/// Finds the program's archive: a local file (relative to the manifest), or a download
/// through the cache, pinned by the manifest's `sha256`, by the lock file under `--locked`,
/// or trusted on first use over HTTPS and recorded in the lock.
struct AppInput {
    struct Result {
        var path: String
        var url: String
        var sha256: String
    }

    let manifest: Manifest
    let lock: LockFile?
    let locked: Bool
    let fetcher: Fetcher

    func obtain(observer: @escaping @Sendable (BuildEvent) -> Void) throws -> Result {
        let url = manifest.app.url
        let pinned = manifest.app.sha256 ?? (locked ? lock?.app.sha256 : nil)
        if locked, let lock, lock.app.url != url {
            throw BuildError(step: .fetch, "app: the manifest's URL \(url) is not the locked \(lock.app.url) (--locked); rebuild without --locked to update the lock")
        }
        let result: Result
        if url.hasPrefix("https://") || url.hasPrefix("http://") {
            let request = FetchRequest(url, integrity: pinned.map { .sha256($0) } ?? .none, immutable: pinned != nil)
            let fetched = try fetcher.fetch(request) { event in
                if case .progress(let progress) = event {
                    observer(.download(url: progress.url, received: progress.bytesReceived, expected: progress.bytesExpected,
                                       bytesPerSecond: progress.bytesPerSecond))
                }
            }
            result = Result(path: fetched.path, url: url, sha256: fetched.sha256.hex)
        } else {
            let path = url.hasPrefix("file://") ? String(url.dropFirst("file://".count)) : manifest.resolve(url)
            guard FileTree.exists(path) else {
                throw BuildError(step: .fetch, "app: \(path) does not exist (app.url is a local path, relative to the manifest's directory)")
            }
            result = Result(path: path, url: url, sha256: try SHA256.hash(contentsOf: path).hex)
        }
        if let pinned, pinned != result.sha256 {
            let source = manifest.app.sha256 != nil ? "the manifest's app.sha256" : "the lock file (--locked)"
            throw BuildError(step: .fetch, "app: \(url) has sha256 \(result.sha256), but \(source) expects \(pinned)")
        }
        return result
    }
}
