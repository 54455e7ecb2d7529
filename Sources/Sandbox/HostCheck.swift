/// One thing `barracks doctor` checks about the host, and what it found.
public struct HostCheck: Sendable, Equatable {
    public enum Status: String, Sendable {
        case pass, warn, fail
    }

    /// Short name: `bwrap`, `user-namespaces`, `seccomp`, `ia32`, `resolv.conf`, `bundle`.
    public var name: String
    public var status: Status
    /// What was found.
    public var detail: String
    /// What to do, when the check did not pass.
    public var fix: String?

    public init(name: String, status: Status, detail: String, fix: String? = nil) {
        self.name = name
        self.status = status
        self.detail = detail
        self.fix = fix
    }
}
