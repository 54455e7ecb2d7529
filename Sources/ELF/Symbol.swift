/// One entry of the dynamic symbol table, undecoded except for its fields.
/// The name is read through ``DynamicSymbolTable/name(of:)`` only when wanted.
public struct Symbol: Hashable, Sendable {
    public var index: Int
    public var nameOffset: UInt32
    public var value: UInt64
    public var size: UInt64
    /// `st_info`: binding in the high nibble, type in the low.
    public var info: UInt8
    public var other: UInt8
    /// `st_shndx`: 0 (`SHN_UNDEF`) for an import.
    public var sectionIndex: UInt16

    public var binding: Binding { Binding(rawValue: info >> 4) }
    public var type: SymbolType { SymbolType(rawValue: info & 0xf) }
    /// `STV_DEFAULT` 0, `STV_INTERNAL` 1, `STV_HIDDEN` 2, `STV_PROTECTED` 3.
    public var visibility: UInt8 { other & 3 }

    /// An undefined, non-local symbol: something the file needs from another object.
    public var isImport: Bool { sectionIndex == 0 && binding != .local && index != 0 }

    /// An undefined symbol the loader may leave unresolved (`STB_WEAK`).
    public var isWeak: Bool { binding == .weak }

    /// A symbol this file defines for others (what musl's lookup accepts: defined, non-zero
    /// value unless TLS, a global/weak/unique binding and a data/code type).
    public var isExport: Bool {
        guard sectionIndex != 0, index != 0 else { return false }
        guard value != 0 || type == .threadLocal else { return false }
        guard binding == .global || binding == .weak || binding == .gnuUnique else { return false }
        return [.noType, .object, .function, .common, .threadLocal].contains(type)
    }

    /// A defined GNU indirect function (glibc's IFUNC): glibc binds to it, musl does not.
    public var isDefinedIndirectFunction: Bool {
        sectionIndex != 0 && index != 0 && type == .gnuIndirectFunction && binding != .local
    }

    /// `STB_*`.
    public struct Binding: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let local = Binding(rawValue: 0)
        public static let global = Binding(rawValue: 1)
        public static let weak = Binding(rawValue: 2)
        public static let gnuUnique = Binding(rawValue: 10)
        public var description: String {
            switch self {
            case .local: return "LOCAL"
            case .global: return "GLOBAL"
            case .weak: return "WEAK"
            case .gnuUnique: return "UNIQUE"
            default: return "\(rawValue)"
            }
        }
    }

    /// `STT_*`.
    public struct SymbolType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let noType = SymbolType(rawValue: 0)
        public static let object = SymbolType(rawValue: 1)
        public static let function = SymbolType(rawValue: 2)
        public static let common = SymbolType(rawValue: 5)
        public static let threadLocal = SymbolType(rawValue: 6)
        public static let gnuIndirectFunction = SymbolType(rawValue: 10)
        public var description: String {
            switch self {
            case .noType: return "NOTYPE"
            case .object: return "OBJECT"
            case .function: return "FUNC"
            case .common: return "COMMON"
            case .threadLocal: return "TLS"
            case .gnuIndirectFunction: return "IFUNC"
            default: return "\(rawValue)"
            }
        }
    }
}
