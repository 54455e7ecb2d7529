import CCurl
import POSIX

/// The response side of a transfer: libcurl's callbacks, then what the finished request means.
extension Transfer {
    static let maxRedirects = 10

    /// One header line of the response (libcurl's header callback).
    func receiveHeader(_ line: String) {
        headers.consume(line: line)
    }

    /// A chunk of the response body (libcurl's write callback). Returning `false` aborts the
    /// request; the reason is in ``body``. Never throws: errors are stored and acted on in
    /// ``complete(_:)``, after libcurl has returned.
    func receiveBody(_ chunk: UnsafeRawBufferPointer) -> Bool {
        if body == .undecided { decideBody() }
        switch body {
        case .discard: return true
        case .failed, .undecided: return false
        case .keep: break
        }
        guard let partial else { return false }
        do {
            try partial.append(chunk)
        } catch {
            body = .failed(.cache("cannot write \(partial.path): \(error)"), transient: false)
            return false
        }
        if let rate = meter.sample(bytes: partial.size) { reportProgress(rate: rate) }
        return true
    }

    /// Once the status is known: keep the body (200, or 206 continuing exactly where the
    /// partial file ends), or drop it (anything else).
    private func decideBody() {
        guard let partial else { body = .discard; return }
        switch headers.status {
        case 200:
            do {
                // The server sent the whole file (it ignores Range, or the file changed and
                // If-Range said so): start over, within this same request.
                if partial.size > 0 { try partial.restart() }
            } catch {
                body = .failed(.cache("cannot truncate \(partial.path): \(error)"), transient: false)
                return
            }
            resumed = false
            validator = headers.rangeValidator
            expectedSize = headers.contentLength
            try? cache.rememberPartial(PartialDownload(url: request.url, validator: validator), key: key)
            body = .keep
        case 206:
            guard let range = headers.contentRange, partial.size > 0, range.start == partial.size else {
                let answered = headers.contentRange.map { "\($0.start)-\($0.end)" } ?? "no Content-Range"
                body = .failed(.transfer("asked to resume at byte \(partial.size), the server answered with \(answered)"),
                               transient: true)
                restartPartial()
                return
            }
            resumed = true
            expectedSize = range.total
            body = .keep
        default:
            body = .discard
        }
    }

    /// The request ended with libcurl's `code` (the handle is already out of the multi stack).
    func complete(_ code: CURLcode) {
        let handle = easy
        easy = nil
        // A 200 with an empty body never reaches the write callback.
        if code == CURLE_OK, body == .undecided, headers.status == 200 || headers.status == 206 { decideBody() }
        if case .failed(let reason, let transient) = body { return failAttempt(reason, transient: transient) }
        guard code == CURLE_OK else {
            let detail = handle?.errorDetail(code) ?? String(cString: barracks_curl_easy_strerror(code))
            let (reason, transient) = RetryPolicy.classify(code, detail: detail, host: currentURL.host)
            return failAttempt(reason, transient: transient)
        }
        switch headers.status {
        case 301, 302, 303, 307, 308:
            follow(handle?.redirectURL)
        case 304:
            revalidated()
        case 200, 206:
            downloaded()
        case 416 where (partial?.size ?? 0) > 0:
            guard restartPartial() else { return fail(.cache("cannot write \(cache.partialPath(key: key))")) }
            failAttempt(.transfer("the server refused to resume (416)"), transient: true)
        case let status:
            failAttempt(.httpStatus(status), transient: RetryPolicy.isTransient(status: status))
        }
    }

    private func follow(_ location: String?) {
        redirects += 1
        guard redirects <= Self.maxRedirects else { return fail(.tooManyRedirects(Self.maxRedirects)) }
        guard let location else { return fail(.httpStatus(headers.status)) }
        let target: FetchURL
        do {
            target = try FetchURL.parse(location)
        } catch {
            return fail(error.reason)
        }
        if currentURL.scheme == .https && target.scheme == .http { return fail(.insecureRedirect(to: location)) }
        if target.scheme == .http && request.integrity == .none { return fail(.plainHTTPWithoutVerification) }
        pendingRedirect = target
        phase = .ready(at: monotonicSeconds())
    }

    private func revalidated() {
        // The blob was verified when the request was made, under this URL's lock; it can only
        // have gone (evicted by another URL's fetch), not changed.
        guard var record = revalidating, let digest = Digest(algorithm: .sha256, hex: record.sha256),
              FileTree.exists(cache.blobPath(digest)) else {
            // Not asked for, or the blob vanished meanwhile: fetch it whole.
            revalidating = nil
            return failAttempt(.transfer("unexpected 304 Not Modified"), transient: true)
        }
        record.entityTag = headers.entityTag ?? record.entityTag
        record.lastModified = headers.lastModified ?? record.lastModified
        try? cache.remember(record)
        finish(.revalidated, digest: digest, size: record.size)
    }

    private func downloaded() {
        guard let partial else { return fail(.cache("no partial file")) }
        if let expectedSize, partial.size != expectedSize {
            return failAttempt(.transfer("the body ended after \(partial.size) of \(expectedSize) bytes"), transient: true)
        }
        let size = partial.size
        let digest: Digest
        do {
            digest = try partial.finish()
        } catch {
            return fail(.cache("cannot sync \(partial.path): \(error)"))
        }
        reportProgress(rate: meter.sample(bytes: size, force: true) ?? 0)
        partial.close()
        self.partial = nil
        if let pinned, digest != pinned {
            let mismatch = FetchError.Reason.digestMismatch(expected: pinned, actual: digest)
            cache.discardPartial(key: key)
            guard resumed && !freshRetryDone else { return fail(mismatch) }
            // The prefix may have come from an older version of the file: once, from zero.
            freshRetryDone = true
            guard restartPartial() else { return fail(.cache("cannot write \(cache.partialPath(key: key))")) }
            return failAttempt(mismatch, transient: true)
        }
        do {
            _ = try cache.store(partial: cache.partialPath(key: key), as: digest)
            try cache.rememberPartial(nil, key: key)
            try cache.remember(CachedURL(url: request.url, sha256: digest.hex, size: size,
                                         entityTag: headers.entityTag, lastModified: headers.lastModified))
        } catch {
            return fail(.cache("\(error)"))
        }
        finish(.downloaded, digest: digest, size: size)
    }

    /// Empties the partial file, so the next attempt downloads from byte 0. On failure (a full
    /// disk) the current response is marked failed and `false` returned; inside a libcurl
    /// callback nothing more may happen, after one the caller fails the transfer.
    @discardableResult
    func restartPartial() -> Bool {
        partial?.close()
        partial = nil
        cache.discardPartial(key: key)
        validator = nil
        resumed = false
        do {
            partial = try PartialFile(path: cache.partialPath(key: key), keepingExisting: false)
            return true
        } catch {
            body = .failed(.cache("cannot write \(cache.partialPath(key: key)): \(error)"), transient: false)
            return false
        }
    }

    private func reportProgress(rate: Double) {
        guard let partial else { return }
        context.emit(.progress(TransferProgress(url: request.url, bytesReceived: partial.size,
                                                bytesExpected: expectedSize, bytesPerSecond: rate)))
    }
}
