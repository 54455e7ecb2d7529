/// The allowed syscalls of one arch, by name.
public struct ArchPolicy: Equatable, Sendable {
    /// Syscall name → entry. Written sorted by name.
    public var syscalls: [String: SyscallEntry]

    /// An arch allowing `syscalls` (none by default).
    public init(syscalls: [String: SyscallEntry] = [:]) {
        self.syscalls = syscalls
    }

    /// Adds `other`'s syscalls, merging entries both have (see ``SyscallEntry/merge(_:)``).
    public mutating func merge(_ other: ArchPolicy) {
        for (name, entry) in other.syscalls {
            if var existing = syscalls[name] {
                existing.merge(entry)
                syscalls[name] = existing
            } else {
                syscalls[name] = entry
            }
        }
    }

    /// Whether any allowed syscall depends on its arguments.
    public var hasConditions: Bool { syscalls.values.contains { $0.conditions != nil } }
}
