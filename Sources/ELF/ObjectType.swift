/// `e_type`: what kind of object file this is. Unknown values are kept as they are.
public struct ObjectType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let none = ObjectType(rawValue: 0)
    public static let relocatable = ObjectType(rawValue: 1)
    public static let executable = ObjectType(rawValue: 2)
    public static let sharedObject = ObjectType(rawValue: 3)
    public static let core = ObjectType(rawValue: 4)

    public var description: String {
        switch self {
        case .none: return "ET_NONE"
        case .relocatable: return "ET_REL"
        case .executable: return "ET_EXEC"
        case .sharedObject: return "ET_DYN"
        case .core: return "ET_CORE"
        default: return "0x\(String(rawValue, radix: 16))"
        }
    }
}

/// `EI_CLASS`: 32- or 64-bit layout.
public enum ELFClass: UInt8, Sendable, CustomStringConvertible {
    case elf32 = 1
    case elf64 = 2

    public var description: String { self == .elf32 ? "ELF32" : "ELF64" }
    public var bits: Int { self == .elf32 ? 32 : 64 }
}

/// `EI_DATA`: byte order of every multi-byte field.
public enum ByteOrder: UInt8, Sendable, CustomStringConvertible {
    case littleEndian = 1
    case bigEndian = 2

    public var description: String { self == .littleEndian ? "little-endian" : "big-endian" }
}
