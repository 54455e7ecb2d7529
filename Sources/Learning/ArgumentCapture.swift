import Seccomp

/// The one argument learning keeps for a syscall whose arguments seccomp can enforce, and
/// the condition its values become when conditions are asked for (`barracks learn --args`).
///
/// Only integer arguments that select an operation: never pointers (seccomp sees only the
/// address), and nothing reached through a multiplexer (`socketcall`/`ipc` on x86 carry the
/// real arguments behind a pointer; their sub-call number is already in the name).
///
/// | syscall | argument | condition per value seen |
/// | --- | --- | --- |
/// | `socket` | a0, the domain | `a0 == v` |
/// | `ioctl` | a1, the request | `a1 == v` |
/// | `fcntl`, `fcntl64` | a1, the command | `a1 == v` |
/// | `prctl` | a0, the option | `a0 == v` |
/// | `clone` | a0, the flags, namespace bits only | `a0 & 0x7e020000 == v` |
///
/// For `clone` only the namespace bits (`CLONE_NEWNS`, `NEWCGROUP`, `NEWUTS`, `NEWIPC`,
/// `NEWUSER`, `NEWPID`, `NEWNET`: Docker's mask) are compared: the other flags (and the exit
/// signal in the low byte) vary with the libc and the kind of thread or process made, while
/// creating namespaces the program never created while learning is what a filter must stop.
public struct ArgumentCapture: Sendable, Equatable {
    /// The argument index.
    public let index: Int
    /// For `masked_eq` conditions, the bits compared (`nil`: the whole argument, `eq`).
    public let mask: UInt64?

    /// The namespace flags of `clone` (`0x7e020000`).
    public static let cloneNamespaceFlags: UInt64 = 0x0002_0000 | 0x0200_0000 | 0x0400_0000 | 0x0800_0000
        | 0x1000_0000 | 0x2000_0000 | 0x4000_0000

    /// More distinct values than this, and the syscall stays unconditional (each value is an
    /// alternative in the filter; a program passing hundreds is not one conditions suit).
    public static let maximumValues = 64

    /// The capture for `syscall`, if its arguments are captured.
    public static func of(_ syscall: String) -> ArgumentCapture? {
        switch syscall {
        case "socket", "prctl": return ArgumentCapture(index: 0, mask: nil)
        case "ioctl", "fcntl", "fcntl64": return ArgumentCapture(index: 1, mask: nil)
        case "clone": return ArgumentCapture(index: 0, mask: cloneNamespaceFlags)
        default: return nil
        }
    }

    /// The value kept from `arguments` (compared `bits` wide, as libseccomp does on the arch).
    public func value(from arguments: [UInt64], bits: Int) -> UInt64 {
        let width: UInt64 = bits >= 64 ? .max : (1 << UInt64(bits)) - 1
        let argument = (index < arguments.count ? arguments[index] : 0) & width
        return mask.map { argument & $0 } ?? argument
    }

    /// The alternative allowing calls whose captured value is `value`.
    public func condition(for value: UInt64) -> [ArgumentComparison] {
        if let mask { return [ArgumentComparison(index: index, op: .maskedEq, value: value, mask: mask)] }
        return [ArgumentComparison(index: index, op: .eq, value: value)]
    }
}
