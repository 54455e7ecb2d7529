import POSIX

/// One request on its way through the lock, the cache, attempts and redirects, to a blob in
/// the cache or an error. Driven by ``TransferScheduler`` on one thread; libcurl's callbacks
/// (on that same thread) land in `receiveHeader` / `receiveBody`.
final class Transfer {
    enum Phase: Equatable {
        /// Not started: waits for a free slot.
        case pending
        /// Another process holds the URL's lock.
        case waitingForLock
        /// Holds the lock; its next request may start at this time (now, or after a backoff).
        case ready(at: Double)
        /// A request is in flight.
        case running
        /// ``outcome`` is set.
        case done
    }

    let request: FetchRequest
    let context: TransferContext
    var phase: Phase = .pending
    private(set) var outcome: Result<FetchResult, FetchError>?

    let url: FetchURL
    let pinned: Digest?
    let key: String
    let cache: BlobCache
    private var lock: FileLock?
    private var announcedWait = false

    // Across attempts.
    var attempts = 0
    var currentURL: FetchURL
    var redirects = 0
    var pendingRedirect: FetchURL?
    /// The cached copy a conditional request asks about (mutable content only).
    var revalidating: CachedURL?
    var partial: PartialFile?
    /// The strong ETag or Last-Modified of the response the partial bytes came from.
    var validator: String?
    /// Part of the partial file came from a 206 answer; on a digest mismatch, one fresh
    /// download is tried before giving up (the prefix may be from an older file).
    var resumed = false
    var freshRetryDone = false

    // The current response.
    var easy: EasyHandle?
    var headers = ResponseHeaders()
    var body = BodyState.undecided
    var expectedSize: Int64?
    var meter = ProgressMeter(bytes: 0)

    enum BodyState: Equatable {
        case undecided
        /// A 200 or 206 answer: the bytes go into the partial file.
        case keep
        /// Any other answer: its body is read and dropped.
        case discard
        /// The bytes cannot be used; the request was aborted for this reason.
        case failed(FetchError.Reason, transient: Bool)
    }

    init(request: FetchRequest, context: TransferContext) {
        self.request = request
        self.context = context
        cache = context.cache
        key = BlobCache.key(for: request.url)
        var pinned: Digest?
        var refusal: FetchError.Reason?
        do {
            url = try FetchURL.parse(request.url)
        } catch {
            url = FetchURL(text: request.url, scheme: .https, host: "")
            refusal = error.reason
        }
        currentURL = url
        switch request.integrity {
        case .sha256(let hex):
            pinned = Digest(algorithm: .sha256, hex: hex)
            if pinned == nil { refusal = refusal ?? .invalidDigest(hex) }
        case .none:
            if refusal == nil && url.scheme == .http { refusal = .plainHTTPWithoutVerification }
        case .verifiedLater:
            break
        }
        self.pinned = pinned
        if let refusal { fail(refusal) }
    }

    /// Holds a lock or waits for one: occupies one of the parallel slots.
    var occupiesSlot: Bool {
        switch phase {
        case .waitingForLock, .ready, .running: return true
        case .pending, .done: return false
        }
    }

    /// Takes the URL's lock if it is free, then answers from the cache or gets ready to
    /// download. Leaves the transfer waiting when another process holds the lock.
    func begin() {
        guard phase == .pending || phase == .waitingForLock else { return }
        do {
            guard let lock = try FileLock.attempt(path: cache.lockPath(key: key)) else {
                phase = .waitingForLock
                if !announcedWait { context.emit(.waitingForLock(url: request.url)) }
                announcedWait = true
                return
            }
            self.lock = lock
        } catch {
            return fail(.cache("cannot lock \(cache.lockPath(key: key)): \(error)"))
        }
        answerFromCacheOrPrepare()
    }

    private func answerFromCacheOrPrepare() {
        if let pinned, let size = cache.verifiedBlob(pinned) {
            return finish(.cache, digest: pinned, size: size)
        }
        if pinned == nil, let record = cache.cachedURL(request.url),
           let digest = Digest(algorithm: .sha256, hex: record.sha256), let size = cache.verifiedBlob(digest) {
            if context.options.offline || request.immutable {
                return finish(.cache, digest: digest, size: size)
            }
            revalidating = record
        }
        if context.options.offline { return fail(.notInCache, keepPartial: true) }
        // A partial download left by an earlier run is continued when something ties its bytes
        // to this version (see canResume); a conditional request starts clean instead.
        let earlier = revalidating == nil ? cache.partialDownload(key: key, url: request.url) : nil
        let continuing = earlier.map { $0.validator != nil || pinned != nil } ?? false
        do {
            let file = try PartialFile(path: cache.partialPath(key: key), keepingExisting: continuing)
            partial = file
            validator = earlier?.validator
            resumed = file.size > 0
            if !continuing { try cache.rememberPartial(nil, key: key) }
        } catch {
            return fail(.cache("cannot write \(cache.partialPath(key: key)): \(error)"))
        }
        phase = .ready(at: monotonicSeconds())
    }

    /// Whether received bytes may be continued with a Range request rather than fetched again:
    /// when If-Range can tie them to one version of the file, or a pinned digest will catch
    /// a mix of two versions. Otherwise a changed file could be spliced unnoticed.
    var canResume: Bool { validator != nil || pinned != nil }

    /// The libcurl handle for the next request (a new attempt, or the next redirect hop);
    /// `nil` when it could not be made (the transfer then failed).
    func startRequest() -> EasyHandle? {
        // Without Range, a non-empty partial file is emptied when the 200 answer arrives.
        let resumeOffset = canResume ? partial?.size ?? 0 : 0
        if let next = pendingRedirect {
            currentURL = next
            pendingRedirect = nil
        } else {
            attempts += 1
            redirects = 0
            currentURL = url
            context.emit(.started(url: request.url, attempt: attempts, resumingAt: resumeOffset))
        }
        var requestHeaders: [String] = []
        if resumeOffset > 0 {
            requestHeaders.append("Range: bytes=\(resumeOffset)-")
            if let validator { requestHeaders.append("If-Range: \(validator)") }
        } else if let record = revalidating {
            if let tag = record.entityTag { requestHeaders.append("If-None-Match: \(tag)") }
            if let date = record.lastModified { requestHeaders.append("If-Modified-Since: \(date)") }
        }
        headers = ResponseHeaders()
        body = .undecided
        expectedSize = nil
        meter = ProgressMeter(bytes: partial?.size ?? 0)
        do {
            let handle = try EasyHandle.make(url: currentURL.text, headers: requestHeaders,
                                             options: context.options, transfer: self)
            easy = handle
            phase = .running
            return handle
        } catch {
            fail(CurlLibrary.unavailable.map(FetchError.Reason.noLibcurl) ?? .transfer(error.detail))
            return nil
        }
    }

    /// An attempt failed: retry it after a backoff when the failure is transient and attempts
    /// remain, else fail the request.
    func failAttempt(_ reason: FetchError.Reason, transient: Bool) {
        guard transient, attempts < context.retry.maxAttempts else { return fail(reason, keepPartial: transient) }
        let delay = context.retry.delay(afterAttempt: attempts)
        let error = FetchError(url: request.url, reason: reason, attempts: attempts)
        context.emit(.retrying(url: request.url, failedAttempt: attempts, delay: delay, reason: error.description))
        phase = .ready(at: monotonicSeconds() + delay)
    }

    /// The request failed for good. A partial download is kept only after transient failures,
    /// when a later run can resume it (or when this run never opened it, as offline);
    /// after anything else it is useless.
    func fail(_ reason: FetchError.Reason, keepPartial: Bool = false) {
        let error = FetchError(url: request.url, reason: reason, attempts: attempts)
        let resumable = partial.map { $0.size > 0 && canResume } ?? true
        partial?.close()
        partial = nil
        if lock != nil && !(keepPartial && resumable) { cache.discardPartial(key: key) }
        end(.failure(error))
        context.emit(.failed(error))
    }

    /// The request succeeded: the blob `digest` is in the cache.
    func finish(_ source: FetchResult.Source, digest: Digest, size: Int64) {
        partial?.close()
        partial = nil
        cache.discardPartial(key: key)
        let result = FetchResult(url: request.url, path: cache.blobPath(digest), sha256: digest, size: size, source: source)
        end(.success(result))
        context.emit(.finished(result))
    }

    private func end(_ outcome: Result<FetchResult, FetchError>) {
        self.outcome = outcome
        phase = .done
        easy = nil
        lock?.unlock()
        lock = nil
    }
}
