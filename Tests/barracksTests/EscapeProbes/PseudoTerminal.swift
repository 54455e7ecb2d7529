#if canImport(Glibc)
import Glibc
#endif
import Foundation
import POSIX
import TestSupport

/// A pseudo-terminal for the TIOCSTI probe: a command runs with the terminal as its
/// controlling terminal and standard input (as in an interactive shell), and afterwards the
/// test reads what is waiting in the terminal's input queue: anything there was pushed by
/// the command (TIOCSTI), since nobody typed.
final class PseudoTerminal: @unchecked Sendable {
    private let master: Int32
    private let terminal: Int32
    let terminalPath: String

    init() throws {
        // posix_openpt, unlockpt and ptsname by hand (Swift's Glibc module lacks the XSI
        // declarations): /dev/ptmx, TIOCSPTLCK 0, TIOCGPTN.
        let master = try systemCall("open", "/dev/ptmx") { open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC) }
        self.master = master
        var unlock: CInt = 0
        var number: CInt = 0
        try systemCall("ioctl", "TIOCSPTLCK") { ioctl(master, 0x4004_5431, &unlock) }
        try systemCall("ioctl", "TIOCGPTN") { ioctl(master, 0x8004_5430, &number) }
        terminalPath = "/dev/pts/\(number)"
        // Held open (never as our controlling terminal), so its input queue outlives the command.
        let path = terminalPath
        let terminal = try systemCall("open", path) { open(path, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK) }
        self.terminal = terminal
        // Raw: a pushed character is readable at once, with no echo and no line editing.
        var settings = termios()
        try systemCall("tcgetattr") { tcgetattr(terminal, &settings) }
        cfmakeraw(&settings)
        try systemCall("tcsetattr") { tcsetattr(terminal, TCSANOW, &settings) }
    }

    deinit {
        close(terminal)
        close(master)
    }

    /// Runs `executable ARGUMENTS` in a new session whose controlling terminal (and standard
    /// input) is this terminal; standard output and error are captured.
    func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> ProcessResult {
        // setsid(1) makes a session; the shell, its leader, opens the terminal without
        // O_NOCTTY, which makes it the session's controlling terminal, then becomes the command.
        let script = "exec 0<>\"$1\" || exit 125; shift; exec \"$@\""
        return try TestSupport.run("setsid", ["--wait", "sh", "-c", script, "sh", terminalPath, executable] + arguments, environment: environment)
    }

    /// What waits in the input queue (and empties it).
    func pendingInput() -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let count = read(terminal, &buffer, buffer.count)
            if count <= 0 { return bytes }
            bytes += buffer.prefix(count)
        }
    }
}
