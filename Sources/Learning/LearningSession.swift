#if canImport(Glibc)
import Glibc
#endif
import CSystem
import Foundation

/// A running learning run, as its exercise sees it: which process is the command, and how to
/// end the run. Safe to use from any thread.
///
/// Ending means SIGTERM to the command (for a bundle's `run` script, which forwards it to the
/// program itself, not to bwrap), then SIGKILL after the grace period if it is still running;
/// once the command has exited, the learner kills whatever traced processes remain. Signals go
/// through a pidfd, so a late signal can never hit a recycled pid.
public final class LearningSession: @unchecked Sendable {
    /// The host pid of the command (the root of the traced tree).
    public let rootProcess: Int32

    private let condition = NSCondition()
    private var pidfd: Int32
    private let duration: Double?
    private var deadline: Date?
    private let gracePeriod: Double
    private var stopRequested: Date?
    private var reason: LearningResult.StopReason?
    private var killSent = false
    private var ended = false

    init(rootProcess: Int32, duration: Double?, gracePeriod: Double) {
        self.rootProcess = rootProcess
        pidfd = barracks_pidfd_open(rootProcess)
        self.duration = duration
        self.gracePeriod = gracePeriod
    }

    /// The command runs: the duration counts from now.
    func startClock() {
        condition.lock()
        defer { condition.unlock() }
        deadline = duration.map { Date().addingTimeInterval($0) }
        condition.broadcast()
    }

    /// Asks the command to stop: SIGTERM now (once), SIGKILL after the grace period. Does
    /// nothing once the command has exited.
    public func stop() { stop(.requested) }

    /// Whether the command has exited (the run is over but for the clean-up).
    public var hasEnded: Bool {
        condition.lock()
        defer { condition.unlock() }
        return ended
    }

    func stop(_ why: LearningResult.StopReason) {
        condition.lock()
        defer { condition.unlock() }
        requestStop(why)
    }

    /// Why the command was stopped, and whether it had to be killed.
    var outcome: (reason: LearningResult.StopReason?, killed: Bool) {
        condition.lock()
        defer { condition.unlock() }
        return (reason, killSent)
    }

    /// The command has exited and been reaped: no more signals; the watchdog returns.
    func end() {
        condition.lock()
        defer { condition.unlock() }
        ended = true
        if pidfd >= 0 { close(pidfd) }
        pidfd = -1
        condition.broadcast()
    }

    /// The watchdog's loop (on its own thread): the duration's SIGTERM, the grace period's SIGKILL.
    func watch() {
        condition.lock()
        defer { condition.unlock() }
        while !ended {
            let now = Date()
            if let requested = stopRequested {
                if killSent {
                    condition.wait()
                    continue
                }
                let killAt = requested.addingTimeInterval(gracePeriod)
                if now >= killAt {
                    send(SIGKILL)
                    killSent = true
                } else {
                    _ = condition.wait(until: killAt)
                }
            } else if let deadline {
                if now >= deadline { requestStop(.duration) } else { _ = condition.wait(until: deadline) }
            } else {
                condition.wait()
            }
        }
    }

    /// With the lock held.
    private func requestStop(_ why: LearningResult.StopReason) {
        guard !ended, stopRequested == nil else { return }
        stopRequested = Date()
        reason = why
        send(SIGTERM)
        condition.broadcast()
    }

    /// With the lock held. Through the pidfd (Linux 5.3, which learning needs anyway); plain
    /// `kill` only if it could not be opened, where a signal sent between the reap and
    /// ``end()`` could in theory reach a recycled pid.
    private func send(_ signal: Int32) {
        guard !ended else { return }
        if pidfd >= 0 {
            _ = barracks_pidfd_send_signal(pidfd, signal)
        } else {
            _ = kill(rootProcess, signal)
        }
    }
}
