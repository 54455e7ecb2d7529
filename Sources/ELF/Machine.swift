/// `e_machine`: the processor the file is for. Unknown values are kept as they are.
public struct Machine: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let m68k = Machine(rawValue: 4)
    public static let i386 = Machine(rawValue: 3)
    public static let mips = Machine(rawValue: 8)
    public static let parisc = Machine(rawValue: 15)
    public static let powerPC = Machine(rawValue: 20)
    public static let powerPC64 = Machine(rawValue: 21)
    public static let s390 = Machine(rawValue: 22)
    public static let arm = Machine(rawValue: 40)
    public static let superH = Machine(rawValue: 42)
    public static let x86_64 = Machine(rawValue: 62)
    public static let openRISC = Machine(rawValue: 92)
    public static let aarch64 = Machine(rawValue: 183)
    public static let microBlaze = Machine(rawValue: 189)
    public static let riscV = Machine(rawValue: 243)
    public static let loongArch = Machine(rawValue: 258)

    /// The name binutils' readelf prints for the machine.
    public var description: String {
        switch self {
        case .m68k: return "Motorola m68k family"
        case .i386: return "Intel 80386"
        case .mips: return "MIPS R3000"
        case .parisc: return "HPPA"
        case .powerPC: return "PowerPC"
        case .powerPC64: return "PowerPC64"
        case .s390: return "IBM S/390"
        case .arm: return "ARM"
        case .superH: return "Renesas / SuperH SH"
        case .x86_64: return "Advanced Micro Devices X86-64"
        case .openRISC: return "OpenRISC 1000"
        case .aarch64: return "AArch64"
        case .microBlaze: return "Xilinx MicroBlaze"
        case .riscV: return "RISC-V"
        case .loongArch: return "LoongArch"
        default: return "machine \(rawValue)"
        }
    }
}
