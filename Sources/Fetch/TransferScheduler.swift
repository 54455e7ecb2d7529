import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// Runs transfers side by side on one libcurl multi handle, on the calling thread: at most
/// `maxParallelTransfers` hold a lock at once, each retries on its own, and a transfer whose
/// URL another process is fetching waits without holding up the others.
struct TransferScheduler {
    let context: TransferContext

    /// Drives every transfer to ``Transfer/Phase/done``. The multi handle (and with it libcurl)
    /// is made when the first request starts: a run the cache answers never loads libcurl.
    func run(_ transfers: [Transfer]) {
        var multi: UnsafeMutableRawPointer?
        defer { if let multi { barracks_curl_multi_cleanup(multi) } }
        let limit = max(1, context.options.maxParallelTransfers)
        var running: [UnsafeMutableRawPointer: Transfer] = [:]

        while transfers.contains(where: { $0.phase != .done }) {
            admit(transfers, limit: limit)
            let now = monotonicSeconds()
            for transfer in transfers {
                guard case .ready(let at) = transfer.phase, at <= now else { continue }
                if multi == nil {
                    multi = barracks_curl_multi_init()
                    if multi == nil { return failAll(transfers) }
                }
                guard let multi, let handle = transfer.startRequest() else { continue }
                if barracks_curl_multi_add_handle(multi, handle.raw) == CURLM_OK {
                    running[handle.raw] = transfer
                } else {
                    transfer.fail(.transfer("libcurl refused the transfer (curl_multi_add_handle)"))
                }
            }
            guard transfers.contains(where: { $0.phase != .done }) else { break }
            guard let multi else {
                // Nothing on the network yet: transfers wait for a lock held elsewhere.
                usleep(UInt32(waitMilliseconds(transfers, limit: limit)) * 1000)
                continue
            }

            var stillRunning: Int32 = 0
            barracks_curl_multi_perform(multi, &stillRunning)
            var queued: Int32 = 0
            while let message = barracks_curl_multi_info_read(multi, &queued) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                      let transfer = running.removeValue(forKey: easy) else { continue }
                let code = message.pointee.data.result
                barracks_curl_multi_remove_handle(multi, easy)
                transfer.complete(code)
            }
            guard transfers.contains(where: { $0.phase != .done }) else { break }
            barracks_curl_multi_poll(multi, nil, 0, waitMilliseconds(transfers, limit: limit), nil)
        }
    }

    /// libcurl will not load or start: every unfinished transfer fails saying why.
    private func failAll(_ transfers: [Transfer]) {
        for transfer in transfers where transfer.phase != .done {
            transfer.fail(CurlLibrary.unavailable.map(FetchError.Reason.noLibcurl)
                          ?? .transfer("libcurl could not be initialised (curl_multi_init)"))
        }
    }

    /// Lets waiting transfers take their locks, and pending ones start while slots are free.
    private func admit(_ transfers: [Transfer], limit: Int) {
        for transfer in transfers where transfer.phase == .waitingForLock {
            transfer.begin()
        }
        var occupied = transfers.count { $0.occupiesSlot }
        for transfer in transfers where transfer.phase == .pending {
            guard occupied < limit else { break }
            transfer.begin()
            if transfer.occupiesSlot { occupied += 1 }
        }
    }

    /// How long the loop may sleep in `curl_multi_poll` (which also wakes for socket activity
    /// and libcurl's own timers): not at all when a slot is free for a pending transfer,
    /// until the next backoff ends, or a short tick while a lock is awaited.
    private func waitMilliseconds(_ transfers: [Transfer], limit: Int) -> Int32 {
        let now = monotonicSeconds()
        var wait = 1.0
        if transfers.count(where: { $0.occupiesSlot }) < limit && transfers.contains(where: { $0.phase == .pending }) {
            return 0
        }
        for transfer in transfers {
            switch transfer.phase {
            case .ready(let at): wait = min(wait, max(0, at - now))
            case .waitingForLock: wait = min(wait, 0.05)
            case .pending, .running, .done: break
            }
        }
        return Int32(wait * 1000)
    }
}
