#if canImport(Glibc)
import Glibc
#endif

/// Seconds on the monotonic clock (never jumps with the wall clock), for rates and delays.
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// Turns a stream of byte counts into progress reports at most every tenth of a second,
/// with a smoothed rate (an exponential moving average, so the ETA does not jump about).
struct ProgressMeter {
    private var lastTime: Double
    private var lastBytes: Int64
    private(set) var rate: Double = 0

    init(bytes: Int64, now: Double = monotonicSeconds()) {
        lastTime = now
        lastBytes = bytes
    }

    /// The updated rate when a report is due (or `force`d), else `nil`.
    mutating func sample(bytes: Int64, now: Double = monotonicSeconds(), force: Bool = false) -> Double? {
        let elapsed = now - lastTime
        guard elapsed >= 0.1 || force else { return nil }
        if elapsed > 0 {
            let instant = Double(bytes - lastBytes) / elapsed
            rate = rate == 0 ? instant : 0.7 * rate + 0.3 * instant
        }
        lastTime = now
        lastBytes = bytes
        return rate
    }
}
