import Foundation

/// How a ``Fetcher`` downloads: cache, trust, timeouts, retries, parallelism.
///
/// The defaults suit a real network; tests shorten the timeouts and delays.
public struct FetchOptions: Sendable {
    /// The cache directory; `nil` means ``defaultCacheDirectory(environment:)``
    /// (`$XDG_CACHE_HOME/barracks`, else `~/.cache/barracks`).
    public var cacheDirectory: String?
    /// A PEM file of CA certificates trusted in addition to the system store (manifest and
    /// command option `ca_file`), for mirrors behind a private CA.
    public var caFile: String?
    /// Use only the cache: no request is made, and every URL the cache lacks is reported.
    public var offline: Bool = false
    /// Seconds to wait for a connection (TCP and TLS handshake).
    public var connectTimeout: Double = 30
    /// A transfer slower than ``lowSpeedLimit`` bytes per second for ``lowSpeedTime`` whole
    /// seconds is aborted as stalled (and retried). A large file on a slow link is fine; a
    /// server that stops sending is not waited for forever.
    public var lowSpeedLimit: Int = 1024
    /// See ``lowSpeedLimit``. At least 1.
    public var lowSpeedTime: Int = 30
    /// Attempts per request, the first included, for transient failures (5xx, 408, 429,
    /// resets, timeouts, truncated bodies). 4xx answers are never retried.
    public var maxAttempts: Int = 4
    /// The delay before the first retry in seconds; it doubles per retry (with random jitter
    /// of up to half, so many clients do not retry in step), capped at ``maxRetryDelay``.
    public var retryDelay: Double = 1
    /// See ``retryDelay``.
    public var maxRetryDelay: Double = 30
    /// Transfers in flight at once in ``Fetcher/fetchAll(_:observer:)``.
    public var maxParallelTransfers: Int = 4
    /// The `User-Agent` header.
    public var userAgent: String = "barracks"

    /// The defaults.
    public init() {}

    /// `$XDG_CACHE_HOME/barracks` when `XDG_CACHE_HOME` is an absolute path (as the XDG
    /// base directory specification requires), else `$HOME/.cache/barracks`.
    public static func defaultCacheDirectory(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return xdg + "/barracks"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.cache/barracks"
    }

    /// The cache directory these options use.
    public var resolvedCacheDirectory: String {
        cacheDirectory ?? Self.defaultCacheDirectory()
    }
}
