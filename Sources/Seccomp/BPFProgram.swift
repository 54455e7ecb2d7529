/// A classic BPF seccomp filter that passed the kernel's checks: 1…4096 instructions, only
/// the opcodes seccomp accepts, loads inside `seccomp_data` and 4-byte aligned, every jump
/// inside the program, scratch memory read only after it is written on every path, and a
/// return as the last instruction (`bpf_check_classic` and `seccomp_check_filter`).
///
/// Jumps only go forward (offsets are unsigned), so every run ends within `count` steps.
public struct BPFProgram: Equatable, Sendable {
    /// `BPF_MAXINSNS`.
    public static let maximumLength = 4096

    /// The checked instructions, in order.
    public let instructions: [BPFInstruction]

    /// Checks `instructions` the way the kernel does when the filter is installed.
    public init(_ instructions: [BPFInstruction]) throws(BPFError) {
        guard !instructions.isEmpty, instructions.count <= Self.maximumLength else {
            throw BPFError("\(instructions.count) instructions; the kernel accepts 1…\(Self.maximumLength)")
        }
        for (pc, instruction) in instructions.enumerated() {
            try Self.check(instruction, at: pc, length: instructions.count)
        }
        let last = instructions[instructions.count - 1].code
        guard last == BPFInstruction.Opcode.returnK || last == BPFInstruction.Opcode.returnA else {
            throw BPFError(instruction: instructions.count - 1, "the last instruction must be a return")
        }
        try Self.checkMemoryWrittenBeforeRead(instructions)
        self.instructions = instructions
    }

    /// Decodes the bytes of a `.bpf` file (`seccomp_export_bpf`: `struct sock_filter`s in host order).
    public init(bytes: [UInt8]) throws(BPFError) {
        guard bytes.count % 8 == 0 else {
            throw BPFError("\(bytes.count) bytes is not a whole number of 8-byte instructions")
        }
        var instructions: [BPFInstruction] = []
        instructions.reserveCapacity(bytes.count / 8)
        bytes.withUnsafeBytes { raw in
            for offset in stride(from: 0, to: raw.count, by: 8) {
                instructions.append(BPFInstruction(
                    code: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self),
                    jt: raw[offset + 2], jf: raw[offset + 3],
                    k: raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)))
            }
        }
        try self.init(instructions)
    }

    /// The program as `bwrap --seccomp FD` reads it.
    public var bytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(instructions.count * 8)
        for instruction in instructions {
            withUnsafeBytes(of: instruction.code) { result.append(contentsOf: $0) }
            result.append(instruction.jt)
            result.append(instruction.jf)
            withUnsafeBytes(of: instruction.k) { result.append(contentsOf: $0) }
        }
        return result
    }

    /// The number of instructions (what counts against the kernel's 4096 limit).
    public var count: Int { instructions.count }

    private static func check(_ instruction: BPFInstruction, at pc: Int, length: Int) throws(BPFError) {
        typealias Op = BPFInstruction.Opcode
        let code = instruction.code
        let k = instruction.k
        func fail(_ message: String) -> BPFError { BPFError(instruction: pc, message) }
        switch code {
        case Op.loadAbsolute:
            guard k < SeccompData.size, k % 4 == 0 else {
                throw fail("load from offset \(k): seccomp_data is \(SeccompData.size) bytes and loads must be 4-byte aligned")
            }
        case Op.loadLength, Op.loadXLength, Op.loadImmediate, Op.loadXImmediate, Op.returnK, Op.returnA, Op.tax, Op.txa:
            break
        case Op.loadMemory, Op.loadXMemory, Op.store, Op.storeX:
            guard k < 16 else { throw fail("scratch memory slot \(k) (there are 16)") }
        case Op.jumpAlways:
            guard UInt64(k) < UInt64(length - pc - 1) else {
                throw fail("jump of \(k) goes past the end of the \(length)-instruction program")
            }
        default:
            let operation = code & 0xf0
            let allowedBits = code & ~(0xf0 | Op.sourceX | 0x07)
            if code & 0x07 == Op.aluClass && allowedBits == 0
                && [Op.add, Op.sub, Op.mul, Op.div, Op.or, Op.and, Op.lsh, Op.rsh, Op.xor, Op.neg].contains(operation) {
                if operation == Op.neg && code & Op.sourceX != 0 { throw fail("unknown opcode 0x\(String(code, radix: 16))") }
                if code & Op.sourceX == 0 && operation == Op.div && k == 0 { throw fail("division by the constant 0") }
                if code & Op.sourceX == 0 && (operation == Op.lsh || operation == Op.rsh) && k >= 32 {
                    throw fail("shift by \(k) (at most 31)")
                }
            } else if code & 0x07 == Op.jumpClass && allowedBits == 0
                && [Op.jeq, Op.jgt, Op.jge, Op.jset].contains(operation) {
                let farthest = pc + 1 + Int(max(instruction.jt, instruction.jf))
                guard farthest < length else {
                    throw fail("jump to \(farthest) goes past the end of the \(length)-instruction program")
                }
            } else {
                throw fail("unknown opcode 0x\(String(code, radix: 16)) (not one seccomp accepts)")
            }
        }
    }

    /// The kernel's `check_load_and_stores`: a scratch slot read must be written on every path.
    private static func checkMemoryWrittenBeforeRead(_ instructions: [BPFInstruction]) throws(BPFError) {
        typealias Op = BPFInstruction.Opcode
        var masks = Array(repeating: UInt16.max, count: instructions.count)
        var valid: UInt16 = 0
        for (pc, instruction) in instructions.enumerated() {
            valid &= masks[pc]
            switch instruction.code {
            case Op.store, Op.storeX:
                valid |= 1 << UInt16(instruction.k)
            case Op.loadMemory, Op.loadXMemory:
                guard valid & (1 << UInt16(instruction.k)) != 0 else {
                    throw BPFError(instruction: pc, "reads scratch slot \(instruction.k) before any write to it")
                }
            case Op.jumpAlways:
                masks[pc + 1 + Int(instruction.k)] &= valid
                valid = .max
            case _ where instruction.isConditionalJump:
                masks[pc + 1 + Int(instruction.jt)] &= valid
                masks[pc + 1 + Int(instruction.jf)] &= valid
                valid = .max
            default:
                break
            }
        }
    }
}
