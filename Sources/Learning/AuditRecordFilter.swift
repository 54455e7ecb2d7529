/// Which processes' seccomp records an import keeps: a log holds every process's records.
/// Every criterion given must match; none given keeps everything.
public struct AuditRecordFilter: Sendable, Equatable {
    /// The `comm` field: the program's name as the kernel keeps it, at most 15 bytes
    /// (`soldatserver`; a longer file name is cut, so is the value compared).
    public var command: String?
    /// The `exe` field: the program's path as the program saw it (inside the sandbox:
    /// `/soldat/soldatserver`).
    public var executable: String?
    /// The `pid` field (a host pid).
    public var processID: Int32?

    /// A filter; all criteria optional.
    public init(command: String? = nil, executable: String? = nil, processID: Int32? = nil) {
        self.command = command
        self.executable = executable
        self.processID = processID
    }

    /// Keeps every record.
    public static let everything = AuditRecordFilter()

    func matches(command recordCommand: String?, executable recordExecutable: String?, processID recordPID: Int32?) -> Bool {
        if let command, recordCommand != String(decoding: Array(command.utf8.prefix(15)), as: UTF8.self) { return false }
        if let executable, recordExecutable != executable { return false }
        if let processID, recordPID != processID { return false }
        return true
    }
}
