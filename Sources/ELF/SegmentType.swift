/// `p_type` of a program header. Unknown values are kept as they are.
public struct SegmentType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let null = SegmentType(rawValue: 0)
    public static let load = SegmentType(rawValue: 1)
    public static let dynamic = SegmentType(rawValue: 2)
    public static let interpreter = SegmentType(rawValue: 3)
    public static let note = SegmentType(rawValue: 4)
    public static let programHeaders = SegmentType(rawValue: 6)
    public static let threadLocalStorage = SegmentType(rawValue: 7)
    public static let gnuEHFrame = SegmentType(rawValue: 0x6474_e550)
    public static let gnuStack = SegmentType(rawValue: 0x6474_e551)
    public static let gnuRelRO = SegmentType(rawValue: 0x6474_e552)
    public static let gnuProperty = SegmentType(rawValue: 0x6474_e553)

    public var description: String {
        switch self {
        case .null: return "NULL"
        case .load: return "LOAD"
        case .dynamic: return "DYNAMIC"
        case .interpreter: return "INTERP"
        case .note: return "NOTE"
        case .programHeaders: return "PHDR"
        case .threadLocalStorage: return "TLS"
        case .gnuEHFrame: return "GNU_EH_FRAME"
        case .gnuStack: return "GNU_STACK"
        case .gnuRelRO: return "GNU_RELRO"
        case .gnuProperty: return "GNU_PROPERTY"
        default: return "0x\(String(rawValue, radix: 16))"
        }
    }
}
