import CSystem
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A command to run as a child process, spawned with `posix_spawn` (never `fork` from Swift).
///
/// The child starts with default signal dispositions and an empty signal mask, only the
/// descriptors it is given (everything barracks opens is `O_CLOEXEC`), and either the given
/// environment or barracks' own.
public struct Subprocess: Sendable {
    /// Where a child's standard input comes from.
    public enum Input: Sendable {
        case null
        case inherit
        case bytes([UInt8])
    }

    /// Where a child's standard output or error goes.
    public enum Output: Sendable {
        case capture
        case inherit
        case discard
        case descriptor(FileDescriptor)
    }

    /// A path, or a bare name searched in `PATH`.
    public var executable: String
    public var arguments: [String]
    /// The whole environment of the child; `nil` inherits barracks' own.
    public var environment: [String: String]?
    public var workingDirectory: String?
    public var standardInput: Input = .null
    public var standardOutput: Output = .capture
    public var standardError: Output = .capture

    public init(_ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
                workingDirectory: String? = nil) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
    }

    /// The command line as a user would type it, for messages.
    public var commandLine: String {
        ([executable] + arguments).map(Self.shellQuoted).joined(separator: " ")
    }

    /// Quotes `word` for a POSIX shell when it needs quoting.
    public static func shellQuoted(_ word: String) -> String {
        let safe = word.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
                || "-_./=:,+@%".utf8.contains(c)
        }
        if safe && !word.isEmpty { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Runs the command to completion and returns its status and captured output.
    public func run() throws -> ProcessResult {
        let child = try launch()
        let (out, err) = try child.collectOutput(input: inputBytes)
        let status = try child.wait()
        return ProcessResult(command: commandLine, status: status, standardOutput: out, standardError: err)
    }

    /// Starts the command and returns at once. Captured output must be collected with
    /// ``RunningProcess/collectOutput(input:)``; long-running children should not capture.
    public func launch() throws -> RunningProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        sigdelset(&allSignals, SIGKILL)
        sigdelset(&allSignals, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var parentEnds: [Int32] = []  // closed in the parent after spawning
        var stdinWriter: FileDescriptor?
        var stdoutReader: FileDescriptor?
        var stderrReader: FileDescriptor?
        defer { for fd in parentEnds { _ = close(fd) } }

        switch standardInput {
        case .inherit: break
        case .null: posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        case .bytes:
            let (r, w) = try Self.pipe()
            posix_spawn_file_actions_adddup2(&actions, r, 0)
            parentEnds.append(r)
            stdinWriter = FileDescriptor(rawValue: w)
        }
        for (target, output) in [(Int32(1), standardOutput), (Int32(2), standardError)] {
            switch output {
            case .inherit: break
            case .discard: posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            case .descriptor(let fd): posix_spawn_file_actions_adddup2(&actions, fd.rawValue, target)
            case .capture:
                let (r, w) = try Self.pipe()
                posix_spawn_file_actions_adddup2(&actions, w, target)
                parentEnds.append(w)
                if target == 1 { stdoutReader = FileDescriptor(rawValue: r) } else { stderrReader = FileDescriptor(rawValue: r) }
            }
        }
        if let workingDirectory {
            barracks_spawn_addchdir(&actions, workingDirectory)
        }

        let argv = [executable] + arguments
        let envp = environment.map { $0.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } }
        var pid = pid_t()
        var code: Int32 = 0
        // ETXTBSY: a file just written (here, by another thread) may still be open for writing
        // in a child that another thread forked and that has not reached exec yet. It passes.
        for attempt in 0..<50 {
            code = withCStrings(argv) { cArgv in
                if let envp {
                    return withCStrings(envp) { cEnv in
                        spawn(&pid, &actions, &attributes, cArgv, cEnv)
                    }
                }
                return spawn(&pid, &actions, &attributes, cArgv, environ)
            }
            guard code == ETXTBSY, attempt < 49 else { break }
            usleep(10_000)
        }
        if code != 0 {
            for fd in [stdinWriter, stdoutReader, stderrReader].compactMap({ $0 }) { try? fd.close() }
            throw SystemError(call: "posix_spawn", subject: executable, errno: code)
        }
        return RunningProcess(pid: pid, command: commandLine, stdin: stdinWriter, stdout: stdoutReader, stderr: stderrReader)
    }

    private var inputBytes: [UInt8] {
        if case .bytes(let bytes) = standardInput { return bytes }
        return []
    }

    private func spawn(
        _ pid: UnsafeMutablePointer<pid_t>, _ actions: UnsafePointer<posix_spawn_file_actions_t>,
        _ attributes: UnsafePointer<posix_spawnattr_t>, _ argv: UnsafePointer<UnsafeMutablePointer<CChar>?>,
        _ envp: UnsafePointer<UnsafeMutablePointer<CChar>?>?
    ) -> Int32 {
        if executable.contains("/") {
            return posix_spawn(pid, executable, actions, attributes, argv, envp)
        }
        return posix_spawnp(pid, executable, actions, attributes, argv, envp)
    }

    static func pipe() throws -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        try systemCall("pipe2") { barracks_pipe_cloexec(&fds) }
        return (fds[0], fds[1])
    }
}

/// Calls `body` with a NULL-terminated C array of the strings.
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for p in pointers { free(p) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
