/// Runs a checked ``BPFProgram`` over a ``SeccompData`` the way the kernel's classic BPF
/// interpreter does, in pure Swift: what the filter returns and how many instructions ran.
///
/// The program was checked when it was built, so the run cannot read outside `seccomp_data`
/// or jump outside the program; jumps only go forward, so it ends within `count` steps
/// (the loop still counts steps and refuses to go further, as a second line of defence).
public enum BPFEvaluator {
    /// The outcome of one run.
    public struct Outcome: Equatable, Sendable {
        /// The filter's raw return value.
        public var returnValue: UInt32
        /// How many instructions ran, the final return included.
        public var executed: Int

        /// The return value decoded as the kernel decodes it.
        public var action: SeccompAction { SeccompAction(returnValue: returnValue) }
    }

    /// Runs `program` on `data`.
    public static func run(_ program: BPFProgram, _ data: SeccompData) throws(BPFError) -> Outcome {
        // The 16 scratch words live on the stack: no allocation per run.
        let result: Result<Outcome, BPFError> = withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { memory in
            memory.initialize(repeating: 0)
            do throws(BPFError) {
                return .success(try run(program, data, memory: memory))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func run(_ program: BPFProgram, _ data: SeccompData,
                            memory: UnsafeMutableBufferPointer<UInt32>) throws(BPFError) -> Outcome {
        typealias Op = BPFInstruction.Opcode
        let instructions = program.instructions
        var a: UInt32 = 0
        var x: UInt32 = 0
        var pc = 0
        var executed = 0
        while pc < instructions.count {
            guard executed < instructions.count else { throw BPFError("ran more steps than the program has instructions") }
            executed += 1
            let instruction = instructions[pc]
            let k = instruction.k
            pc += 1
            switch instruction.code {
            case Op.loadAbsolute: a = data.word(at: k)
            case Op.loadLength: a = SeccompData.size
            case Op.loadXLength: x = SeccompData.size
            case Op.loadImmediate: a = k
            case Op.loadXImmediate: x = k
            case Op.loadMemory: a = memory[Int(k & 15)]
            case Op.loadXMemory: x = memory[Int(k & 15)]
            case Op.store: memory[Int(k & 15)] = a
            case Op.storeX: memory[Int(k & 15)] = x
            case Op.returnK: return Outcome(returnValue: k, executed: executed)
            case Op.returnA: return Outcome(returnValue: a, executed: executed)
            case Op.tax: x = a
            case Op.txa: a = x
            case Op.jumpAlways: pc += Int(k)
            default:
                let operand = instruction.code & Op.sourceX != 0 ? x : k
                let operation = instruction.code & 0xf0
                if instruction.code & 0x07 == Op.jumpClass {
                    let holds: Bool
                    switch operation {
                    case Op.jeq: holds = a == operand
                    case Op.jgt: holds = a > operand
                    case Op.jge: holds = a >= operand
                    case Op.jset: holds = a & operand != 0
                    default: throw BPFError(instruction: pc - 1, "unknown jump 0x\(String(instruction.code, radix: 16))")
                    }
                    pc += Int(holds ? instruction.jt : instruction.jf)
                    continue
                }
                switch operation {
                case Op.add: a = a &+ operand
                case Op.sub: a = a &- operand
                case Op.mul: a = a &* operand
                case Op.div:
                    // As the kernel's converted program: division by X == 0 ends the filter with 0.
                    guard operand != 0 else { return Outcome(returnValue: 0, executed: executed) }
                    a /= operand
                case Op.or: a |= operand
                case Op.and: a &= operand
                case Op.xor: a ^= operand
                case Op.lsh: a = a << (operand & 31)
                case Op.rsh: a = a >> (operand & 31)
                case Op.neg: a = 0 &- a
                default: throw BPFError(instruction: pc - 1, "unknown opcode 0x\(String(instruction.code, radix: 16))")
                }
            }
        }
        throw BPFError("ran off the end of the program")
    }

    /// The kernel's `seccomp_is_const_allow` (Linux 5.11 action cache): whether the filter
    /// allows syscall `nr` of `arch` knowing only those two, i.e. without reading arguments or
    /// the instruction pointer. Syscalls for which this holds skip the filter entirely.
    public static func isConstantAllow(_ program: BPFProgram, arch: UInt32, nr: Int32) -> Bool {
        typealias Op = BPFInstruction.Opcode
        let instructions = program.instructions
        var register: UInt32 = 0
        var pc = 0
        while pc < instructions.count {
            let instruction = instructions[pc]
            let k = instruction.k
            switch instruction.code {
            case Op.loadAbsolute:
                switch k {
                case 0: register = UInt32(bitPattern: nr)
                case 4: register = arch
                default: return false
                }
            case Op.returnK:
                return k == 0x7fff_0000
            case Op.jumpAlways:
                pc += Int(k)
            case Op.jumpClass | Op.jeq, Op.jumpClass | Op.jge, Op.jumpClass | Op.jgt, Op.jumpClass | Op.jset:
                let holds: Bool
                switch instruction.code & 0xf0 {
                case Op.jeq: holds = register == k
                case Op.jge: holds = register >= k
                case Op.jgt: holds = register > k
                default: holds = register & k != 0
                }
                pc += Int(holds ? instruction.jt : instruction.jf)
            case Op.aluClass | Op.and:
                register &= k
            default:
                return false
            }
            pc += 1
        }
        return false
    }
}
