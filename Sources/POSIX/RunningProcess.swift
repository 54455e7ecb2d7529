#if canImport(Glibc)
import Glibc
#endif

/// A child started by ``Subprocess/launch()``.
public final class RunningProcess: @unchecked Sendable {
    public let pid: pid_t
    public let command: String
    private var stdin: FileDescriptor?
    private var stdout: FileDescriptor?
    private var stderr: FileDescriptor?
    private var finished: ExitStatus?

    init(pid: pid_t, command: String, stdin: FileDescriptor?, stdout: FileDescriptor?, stderr: FileDescriptor?) {
        self.pid = pid
        self.command = command
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Feeds `input` to the child's standard input and reads its captured standard output
    /// and error until both close, interleaved with `poll` so neither pipe can fill and block.
    public func collectOutput(input: [UInt8] = []) throws -> (out: [UInt8], err: [UInt8]) {
        var out: [UInt8] = []
        var err: [UInt8] = []
        var written = 0
        if input.isEmpty, let fd = stdin { try? fd.close(); stdin = nil }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 1)
        defer { buffer.deallocate() }
        while stdout != nil || stderr != nil || stdin != nil {
            var fds: [pollfd] = []
            if let fd = stdin { fds.append(pollfd(fd: fd.rawValue, events: Int16(POLLOUT), revents: 0)) }
            if let fd = stdout { fds.append(pollfd(fd: fd.rawValue, events: Int16(POLLIN), revents: 0)) }
            if let fd = stderr { fds.append(pollfd(fd: fd.rawValue, events: Int16(POLLIN), revents: 0)) }
            try systemCall("poll") { Glibc.poll(&fds, nfds_t(fds.count), -1) }
            for p in fds where p.revents != 0 {
                if let fd = stdin, p.fd == fd.rawValue {
                    let n = input.withUnsafeBytes { raw in
                        Glibc.write(fd.rawValue, raw.baseAddress! + written, min(65536, input.count - written))
                    }
                    if n > 0 { written += n }
                    if n < 0 && errno != EAGAIN && errno != EINTR || written == input.count {
                        try? fd.close()
                        stdin = nil
                    }
                } else if let fd = stdout, p.fd == fd.rawValue {
                    let n = try fd.read(into: buffer)
                    if n == 0 { try? fd.close(); stdout = nil } else { out.append(contentsOf: buffer[0..<n]) }
                } else if let fd = stderr, p.fd == fd.rawValue {
                    let n = try fd.read(into: buffer)
                    if n == 0 { try? fd.close(); stderr = nil } else { err.append(contentsOf: buffer[0..<n]) }
                }
            }
        }
        return (out, err)
    }

    /// Waits for the child to end.
    public func wait() throws -> ExitStatus {
        if let finished { return finished }
        var status: Int32 = 0
        try systemCall("waitpid", command) { waitpid(pid, &status, 0) }
        let result = ExitStatus(waitStatus: status)
        finished = result
        return result
    }

    /// Returns the status if the child has ended, without blocking.
    public func poll() throws -> ExitStatus? {
        if let finished { return finished }
        var status: Int32 = 0
        let n = try systemCall("waitpid", command) { waitpid(pid, &status, WNOHANG) }
        if n == 0 { return nil }
        finished = ExitStatus(waitStatus: status)
        return finished
    }

    /// Sends `signal` to the child (ignored once it has been reaped).
    public func signal(_ signal: Int32) {
        if finished == nil { _ = kill(pid, signal) }
    }
}
