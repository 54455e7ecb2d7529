/// What a fetch reports while it runs, for a progress display. The module never prints;
/// the CLI turns these into lines (on a TTY, without `--quiet`).
///
/// Events arrive on the thread that called ``Fetcher/fetchAll(_:observer:)``, in order.
public enum FetchEvent: Sendable {
    /// Another fetch of the same URL (usually another barracks process) holds its lock; this
    /// one waits, then uses what the other left in the cache.
    case waitingForLock(url: String)
    /// An attempt begins; `resumingAt` is the byte offset a Range request continues from
    /// (0 for a fresh download).
    case started(url: String, attempt: Int, resumingAt: Int64)
    /// Bytes arrived (at most about ten reports a second per transfer, and one at the end).
    case progress(TransferProgress)
    /// An attempt failed in a way worth retrying; the next starts after `delay` seconds.
    case retrying(url: String, failedAttempt: Int, delay: Double, reason: String)
    /// The file is ready (downloaded, revalidated or from the cache).
    case finished(FetchResult)
    /// The request failed for good.
    case failed(FetchError)
}

/// One transfer's progress: bytes, rate and estimated time left.
public struct TransferProgress: Sendable, Hashable {
    /// The requested URL.
    public let url: String
    /// Bytes of the file received so far, a resumed prefix included.
    public let bytesReceived: Int64
    /// The whole file's size, when the server said it.
    public let bytesExpected: Int64?
    /// Recent transfer rate (smoothed), in bytes per second.
    public let bytesPerSecond: Double
    /// Estimated seconds left at that rate, when the size is known and the rate is not zero.
    public var secondsRemaining: Double? {
        guard let bytesExpected, bytesPerSecond > 0 else { return nil }
        return Double(max(0, bytesExpected - bytesReceived)) / bytesPerSecond
    }

    /// A progress report; built by ``Fetcher``, public so a CLI's tests can make their own.
    public init(url: String, bytesReceived: Int64, bytesExpected: Int64?, bytesPerSecond: Double) {
        self.url = url
        self.bytesReceived = bytesReceived
        self.bytesExpected = bytesExpected
        self.bytesPerSecond = bytesPerSecond
    }
}
