import Fetch
import Foundation
import POSIX
import Testing
import TestSupport

/// A scratch directory with a served folder (`www/`), a cache (`cache/`), and helpers to make
/// files there and to know their SHA-256 independently of the code under test (`sha256sum`).
struct FetchFixture {
    let directory: String
    var www: String { directory + "/www" }
    var cache: String { directory + "/cache" }

    /// Options with short timeouts and delays, so failure tests take a second, not minutes.
    var options: FetchOptions {
        var options = FetchOptions()
        options.cacheDirectory = cache
        options.connectTimeout = 5
        options.lowSpeedLimit = 1000
        options.lowSpeedTime = 1
        options.maxAttempts = 3
        options.retryDelay = 0.01
        options.maxRetryDelay = 0.05
        return options
    }

    var fetcher: Fetcher { Fetcher(options: options) }

    /// Writes `size` random bytes to `www/name`; returns their SHA-256 as `sha256sum` prints it.
    @discardableResult
    func serve(_ name: String, size: Int) throws -> String {
        let random = try FileDescriptor.open("/dev/urandom", O_RDONLY)
        defer { try? random.close() }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            filled += try bytes.withUnsafeMutableBytes { buffer in
                try random.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            }
        }
        try writeFile(www + "/" + name, bytes)
        return try sha256sum(www + "/" + name)
    }

    /// What the coreutils tool says, as the independent reference.
    func sha256sum(_ path: String) throws -> String {
        let result = try run("sha256sum", [path])
        return String(result.output.prefix(64))
    }

    /// The blobs in the cache (`blobs/sha256/*`).
    func blobs() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: cache + "/blobs/sha256")) ?? []).sorted()
    }

    /// Files in the cache's `partial/` directory (downloads in progress or kept for resume).
    func partials() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: cache + "/partial")) ?? []).sorted()
    }
}

/// Runs `body` with a fixture in a fresh scratch directory and a loopback server on its `www/`.
func withServedFixture<R>(_ name: String = "fetch", tls: Bool = false,
                          _ body: (FetchFixture, LoopbackServer) throws -> R) throws -> R {
    try withScratch(name) { directory in
        let fixture = FetchFixture(directory: directory)
        try FileTree.makeDirectories(fixture.www)
        return try withLoopbackServer(serving: fixture.www, tls: tls) { server in try body(fixture, server) }
    }
}

/// The ``FetchError`` a throwing fetch ended with (records an issue when it did not throw one).
func fetchError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> FetchError? {
    do {
        try body()
        Issue.record("expected a FetchError, the fetch succeeded", sourceLocation: sourceLocation)
    } catch let error as FetchError {
        return error
    } catch {
        Issue.record("expected a FetchError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
