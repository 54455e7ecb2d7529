/// One classic BPF instruction (`struct sock_filter`): 8 bytes, host byte order.
public struct BPFInstruction: Hashable, Sendable, CustomStringConvertible {
    /// Class, size/operation, mode/source bits (`BPF_LD | BPF_W | BPF_ABS` = 0x20).
    public var code: UInt16
    /// Jump offsets (relative to the next instruction) when the condition holds / fails.
    public var jt: UInt8
    public var jf: UInt8
    /// The constant operand: a load offset, a compared value, a return value.
    public var k: UInt32

    /// An instruction; checked only when it becomes part of a ``BPFProgram``.
    public init(code: UInt16, jt: UInt8 = 0, jf: UInt8 = 0, k: UInt32 = 0) {
        self.code = code
        self.jt = jt
        self.jf = jf
        self.k = k
    }

    /// The opcodes seccomp accepts (`seccomp_check_filter` in kernel/seccomp.c), by name.
    enum Opcode {
        static let loadAbsolute: UInt16 = 0x20   // BPF_LD | BPF_W | BPF_ABS
        static let loadLength: UInt16 = 0x80     // BPF_LD | BPF_W | BPF_LEN
        static let loadXLength: UInt16 = 0x81    // BPF_LDX | BPF_W | BPF_LEN
        static let loadImmediate: UInt16 = 0x00  // BPF_LD | BPF_IMM
        static let loadXImmediate: UInt16 = 0x01 // BPF_LDX | BPF_IMM
        static let loadMemory: UInt16 = 0x60     // BPF_LD | BPF_MEM
        static let loadXMemory: UInt16 = 0x61    // BPF_LDX | BPF_MEM
        static let store: UInt16 = 0x02          // BPF_ST
        static let storeX: UInt16 = 0x03         // BPF_STX
        static let returnK: UInt16 = 0x06        // BPF_RET | BPF_K
        static let returnA: UInt16 = 0x16        // BPF_RET | BPF_A
        static let jumpAlways: UInt16 = 0x05     // BPF_JMP | BPF_JA
        static let tax: UInt16 = 0x07            // BPF_MISC | BPF_TAX
        static let txa: UInt16 = 0x87            // BPF_MISC | BPF_TXA
        static let aluClass: UInt16 = 0x04
        static let jumpClass: UInt16 = 0x05
        /// BPF_X: the operand is X, not k.
        static let sourceX: UInt16 = 0x08
        // Operations (bits 4–7) of ALU and JMP instructions.
        static let add: UInt16 = 0x00, sub: UInt16 = 0x10, mul: UInt16 = 0x20, div: UInt16 = 0x30
        static let or: UInt16 = 0x40, and: UInt16 = 0x50, lsh: UInt16 = 0x60, rsh: UInt16 = 0x70
        static let neg: UInt16 = 0x80, xor: UInt16 = 0xa0
        static let jeq: UInt16 = 0x10, jgt: UInt16 = 0x20, jge: UInt16 = 0x30, jset: UInt16 = 0x40
    }

    var isConditionalJump: Bool {
        code & 0x07 == Opcode.jumpClass && code != Opcode.jumpAlways
    }

    /// `ld [4]`, `jeq #0xc000003e jt 0 jf 18`, `ret #0x7fff0000`: a bpf_dbg-like rendering.
    public var description: String {
        let hex = "0x" + String(k, radix: 16)
        switch code {
        case Opcode.loadAbsolute: return "ld [\(k)]"
        case Opcode.loadLength: return "ld #len"
        case Opcode.loadXLength: return "ldx #len"
        case Opcode.loadImmediate: return "ld #\(hex)"
        case Opcode.loadXImmediate: return "ldx #\(hex)"
        case Opcode.loadMemory: return "ld M[\(k)]"
        case Opcode.loadXMemory: return "ldx M[\(k)]"
        case Opcode.store: return "st M[\(k)]"
        case Opcode.storeX: return "stx M[\(k)]"
        case Opcode.returnK: return "ret #\(hex)"
        case Opcode.returnA: return "ret a"
        case Opcode.jumpAlways: return "ja +\(k)"
        case Opcode.tax: return "tax"
        case Opcode.txa: return "txa"
        default:
            let operand = code & Opcode.sourceX != 0 ? "x" : "#\(hex)"
            let names: [UInt16: String] = code & 0x07 == Opcode.aluClass
                ? [0x00: "add", 0x10: "sub", 0x20: "mul", 0x30: "div", 0x40: "or", 0x50: "and", 0x60: "lsh",
                   0x70: "rsh", 0x80: "neg", 0xa0: "xor"]
                : [0x10: "jeq", 0x20: "jgt", 0x30: "jge", 0x40: "jset"]
            guard let name = names[code & 0xf0], code & 0x07 == Opcode.aluClass || code & 0x07 == Opcode.jumpClass else {
                return "unknown 0x\(String(code, radix: 16)) jt \(jt) jf \(jf) k \(hex)"
            }
            return isConditionalJump ? "\(name) \(operand) jt \(jt) jf \(jf)" : (name == "neg" ? "neg" : "\(name) \(operand)")
        }
    }
}
