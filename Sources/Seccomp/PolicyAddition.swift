/// Syscalls added to a policy when it is compiled, without being written into it: what
/// bwrap needs (``BwrapNativeNeeds``), the ``SafetyMargin``, or a caller's own.
public struct PolicyAddition: Equatable, Sendable {
    /// The libseccomp arch name.
    public var arch: String
    /// Syscall names, allowed whatever their arguments.
    public var syscalls: [String]
    /// Why they are added (shown by `policy show`).
    public var origin: EntryOrigin

    /// An addition of `syscalls` on `arch`.
    public init(arch: String, syscalls: [String], origin: EntryOrigin) {
        self.arch = arch
        self.syscalls = syscalls
        self.origin = origin
    }
}

/// Why a syscall is in the compiled filter.
public enum EntryOrigin: String, Sendable, CaseIterable {
    /// The policy file allows it.
    case policy
    /// The i386 safety margin (``SafetyMargin``).
    case safetyMargin = "safety_margin"
    /// bubblewrap's own native needs (``BwrapNativeNeeds``).
    case bwrap
    /// Added by the caller for another reason (e.g. a 64-bit helper the bundle runs).
    case added
}
