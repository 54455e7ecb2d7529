/// What a seccomp filter's return value tells the kernel to do, decoded as the kernel does
/// (`SECCOMP_RET_ACTION_FULL`; unknown actions are treated as kill-process).
public enum SeccompAction: Hashable, Sendable, CustomStringConvertible {
    case killProcess
    case killThread
    case trap(UInt16)
    /// The syscall fails with this errno (the kernel caps it at 4095).
    case errno(UInt16)
    case userNotify
    case trace(UInt16)
    case log
    case allow

    /// Decodes a filter's 32-bit return value.
    public init(returnValue value: UInt32) {
        let data = UInt16(truncatingIfNeeded: value)
        switch value & 0xffff_0000 {
        case 0x8000_0000: self = .killProcess
        case 0x0000_0000: self = .killThread
        case 0x0003_0000: self = .trap(data)
        case 0x0005_0000: self = .errno(min(data, 4095))
        case 0x7fc0_0000: self = .userNotify
        case 0x7ff0_0000: self = .trace(data)
        case 0x7ffc_0000: self = .log
        case 0x7fff_0000: self = .allow
        default: self = .killProcess
        }
    }

    public var description: String {
        switch self {
        case .killProcess: return "KILL_PROCESS"
        case .killThread: return "KILL_THREAD"
        case .trap(let data): return "TRAP(\(data))"
        case .errno(let code): return "ERRNO(\(code))"
        case .userNotify: return "USER_NOTIF"
        case .trace(let data): return "TRACE(\(data))"
        case .log: return "LOG"
        case .allow: return "ALLOW"
        }
    }
}
