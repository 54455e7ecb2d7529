#if canImport(Glibc)
import Glibc
#endif
import CSystem
import Foundation

/// Where a command writes: standard output for results, standard error for diagnostics and
/// progress. Colour is used only when the stream is a terminal and `NO_COLOR` is unset (and
/// `TERM` is not `dumb`); progress lines only on a terminal, and never with `--quiet`.
/// Safe to use from several threads (a build's downloads, a learning run's exercise).
final class Console: @unchecked Sendable {
    enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", cyan = "36"
    }

    let outputIsTerminal: Bool
    let errorIsTerminal: Bool
    let colorOutput: Bool
    let colorError: Bool
    var quiet = false
    private var outputBuffer: [UInt8] = []
    private var progressShown = false
    private let lock = NSRecursiveLock()

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        outputIsTerminal = isatty(1) == 1
        errorIsTerminal = isatty(2) == 1
        let colorAllowed = environment["NO_COLOR", default: ""].isEmpty && environment["TERM"] != "dumb"
        colorOutput = colorAllowed && outputIsTerminal
        colorError = colorAllowed && errorIsTerminal
        outputBuffer.reserveCapacity(1 << 16)
    }

    /// Writes `text` and a newline to standard output (buffered; flushed at exit and when large).
    func print(_ text: String = "") {
        lock.lock()
        defer { lock.unlock() }
        outputBuffer.append(contentsOf: text.utf8)
        outputBuffer.append(0x0a)
        if outputBuffer.count >= 1 << 16 { flush() }
    }

    /// Writes a diagnostic line to standard error, unbuffered.
    func error(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        flush()
        clearProgress()
        write(2, text + "\n")
    }

    /// `barracks: error: …` in red on a terminal.
    func fail(_ message: String) {
        error(paint("barracks: error:", .red, .bold, forError: true) + " " + message)
    }

    /// `barracks: warning: …` in yellow on a terminal. Shown even with `--quiet`.
    func warn(_ message: String) {
        error(paint("barracks: warning:", .yellow, .bold, forError: true) + " " + message)
    }

    /// A step of a long job on standard error; suppressed by `--quiet`.
    func note(_ message: String) {
        if quiet { return }
        error(message)
    }

    /// Replaces the current progress line on a terminal; does nothing otherwise.
    func progress(_ line: String) {
        guard errorIsTerminal, !quiet else { return }
        lock.lock()
        defer { lock.unlock() }
        let width = Int(barracks_terminal_columns(2))
        let shown = width > 1 && line.count >= width ? String(line.prefix(width - 1)) : line
        write(2, "\r\u{1b}[K" + shown)
        progressShown = true
    }

    /// Erases the progress line, if one is shown.
    func clearProgress() {
        if progressShown { write(2, "\r\u{1b}[K"); progressShown = false }
    }

    /// Wraps `text` in ANSI styles when colour is on for that stream.
    func paint(_ text: String, _ styles: Style..., forError: Bool = false) -> String {
        guard forError ? colorError : colorOutput, !styles.isEmpty else { return text }
        return "\u{1b}[" + styles.map(\.rawValue).joined(separator: ";") + "m" + text + "\u{1b}[0m"
    }

    func flush() {
        lock.lock()
        defer { lock.unlock() }
        guard !outputBuffer.isEmpty else { return }
        write(1, outputBuffer)
        outputBuffer.removeAll(keepingCapacity: true)
    }

    private func write(_ fd: Int32, _ text: String) { write(fd, Array(text.utf8)) }

    private func write(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 { if errno == EINTR { continue } else { return } }
                done += n
            }
        }
    }
}
