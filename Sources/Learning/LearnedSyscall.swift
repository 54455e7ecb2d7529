/// A syscall as learning names it: libseccomp's arch name (`x86`, `x86_64`) and syscall name.
/// Multiplexed calls are named by their sub-call when it is known (`sendto`, not `socketcall`).
public struct LearnedSyscall: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The libseccomp arch name.
    public var arch: String
    /// The libseccomp syscall name on that arch.
    public var name: String

    /// The syscall `name` of `arch`.
    public init(arch: String, name: String) {
        self.arch = arch
        self.name = name
    }

    public static func < (a: Self, b: Self) -> Bool { (a.arch, a.name) < (b.arch, b.name) }

    /// `x86 sendto`.
    public var description: String { "\(arch) \(name)" }
}

/// A syscall number no table names (a syscall newer than libseccomp's tables, or an arch it
/// does not know): it cannot be allowed by name, so learning reports it instead.
public struct UnnamedSyscall: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The `AUDIT_ARCH_*` token.
    public var archToken: UInt32
    /// The number in that arch's numbering.
    public var number: UInt64

    /// Number `number` of the arch whose token is `archToken`.
    public init(archToken: UInt32, number: UInt64) {
        self.archToken = archToken
        self.number = number
    }

    public static func < (a: Self, b: Self) -> Bool { (a.archToken, a.number) < (b.archToken, b.number) }

    /// `arch 0x40000003 syscall 451`.
    public var description: String { "arch 0x\(String(archToken, radix: 16)) syscall \(number)" }
}
