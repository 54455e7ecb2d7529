import Seccomp
import Testing

/// The evaluator runs every instruction seccomp accepts exactly as the kernel does, and
/// refuses every program the kernel would refuse.
@Suite struct BPFEvaluatorTests {
    typealias I = BPFInstruction
    static let allow = I(code: 0x06, k: 0x7fff_0000)
    static let kill = I(code: 0x06, k: 0x8000_0000)

    func run(_ instructions: [I], _ data: SeccompData = SeccompData(nr: 0, arch: 0)) throws -> BPFEvaluator.Outcome {
        try BPFEvaluator.run(try BPFProgram(instructions), data)
    }

    @Test func loadsTheFieldsOfSeccompData() throws {
        let data = SeccompData(nr: 45, arch: 0x4000_0003, instructionPointer: 0x1122_3344_5566_7788,
                               args: [0xaaaa_aaaa_0000_0001, 2, 3, 4, 5, 0xffff_ffff_0000_0006])
        let expected: [(UInt32, UInt32)] = [(0, 45), (4, 0x4000_0003), (8, 0x5566_7788), (12, 0x1122_3344),
                                            (16, 1), (20, 0xaaaa_aaaa), (24, 2), (56, 6), (60, 0xffff_ffff)]
        for (offset, value) in expected {
            let outcome = try run([I(code: 0x20, k: offset), I(code: 0x16)], data)
            #expect(outcome.returnValue == value, "offset \(offset)")
            #expect(outcome.executed == 2)
        }
        #expect(try run([I(code: 0x80), I(code: 0x16)]).returnValue == 64)  // ld #len
    }

    @Test func aluOperationsWithConstantAndX() throws {
        // (operation, a, operand, result)
        let cases: [(UInt16, UInt32, UInt32, UInt32)] = [
            (0x00, 7, 5, 12), (0x10, 3, 5, 0xffff_fffe), (0x20, 0x1_0000, 0x1_0000, 0), (0x30, 17, 5, 3),
            (0x40, 0xf0, 0x0f, 0xff), (0x50, 0xff, 0x3c, 0x3c), (0x60, 1, 31, 0x8000_0000), (0x70, 0x8000_0000, 31, 1),
            (0xa0, 0xff, 0x0f, 0xf0),
        ]
        for (operation, a, operand, result) in cases {
            let withK = try run([I(code: 0x00, k: a), I(code: 0x04 | operation, k: operand), I(code: 0x16)])
            #expect(withK.returnValue == result, "op 0x\(String(operation, radix: 16)) K")
            let withX = try run([I(code: 0x01, k: operand), I(code: 0x00, k: a), I(code: 0x0c | operation), I(code: 0x16)])
            #expect(withX.returnValue == result, "op 0x\(String(operation, radix: 16)) X")
        }
        #expect(try run([I(code: 0x00, k: 5), I(code: 0x84), I(code: 0x16)]).returnValue == 0xffff_fffb)  // neg
        // Division by X == 0 ends the filter with 0 (KILL_THREAD), as the kernel's converted program does.
        let byZero = try run([I(code: 0x00, k: 5), I(code: 0x3c), Self.allow])
        #expect(byZero.returnValue == 0)
        #expect(byZero.action == .killThread)
    }

    @Test func jumpsScratchMemoryAndRegisterMoves() throws {
        for (code, a, k, taken) in [(UInt16(0x15), UInt32(5), UInt32(5), true), (0x15, 5, 6, false), (0x25, 6, 5, true),
                                    (0x25, 5, 5, false), (0x35, 5, 5, true), (0x35, 4, 5, false), (0x45, 6, 2, true),
                                    (0x45, 4, 2, false)] {
            let program = [I(code: 0x00, k: a), I(code: code, jt: 1, jf: 0, k: k), Self.kill, Self.allow]
            #expect(try run(program).action == (taken ? .allow : .killProcess), "code 0x\(String(code, radix: 16))")
            let withX = [I(code: 0x01, k: k), I(code: 0x00, k: a), I(code: code | 0x08, jt: 1, jf: 0), Self.kill, Self.allow]
            #expect(try run(withX).action == (taken ? .allow : .killProcess), "code 0x\(String(code | 8, radix: 16))")
        }
        let ja = try run([I(code: 0x05, k: 1), Self.kill, Self.allow])
        #expect(ja.action == .allow)
        #expect(ja.executed == 2)
        let memory = try run([I(code: 0x00, k: 7), I(code: 0x02, k: 3), I(code: 0x00, k: 0), I(code: 0x60, k: 3),
                              I(code: 0x07), I(code: 0x00, k: 1), I(code: 0x03, k: 15), I(code: 0x01, k: 0),
                              I(code: 0x61, k: 15), I(code: 0x87), I(code: 0x16)])
        #expect(memory.returnValue == 7)
        #expect(memory.executed == 11)
    }

    @Test func decodesEveryAction() {
        #expect(SeccompAction(returnValue: 0x8000_0000) == .killProcess)
        #expect(SeccompAction(returnValue: 0) == .killThread)
        #expect(SeccompAction(returnValue: 0x0003_0007) == .trap(7))
        #expect(SeccompAction(returnValue: 0x0005_0001) == .errno(1))
        #expect(SeccompAction(returnValue: 0x0005_ffff) == .errno(4095))
        #expect(SeccompAction(returnValue: 0x7fc0_0000) == .userNotify)
        #expect(SeccompAction(returnValue: 0x7ff0_0002) == .trace(2))
        #expect(SeccompAction(returnValue: 0x7ffc_0000) == .log)
        #expect(SeccompAction(returnValue: 0x7fff_0000) == .allow)
        #expect(SeccompAction(returnValue: 0x1234_0000) == .killProcess)
    }

    @Test func refusesWhatTheKernelRefuses() throws {
        func refusal(_ instructions: [I]) -> String {
            do { _ = try BPFProgram(instructions); return "accepted" } catch { return error.description }
        }
        #expect(refusal([]) == "BPF program: 0 instructions; the kernel accepts 1…4096")
        #expect(refusal(Array(repeating: Self.allow, count: 4097)) == "BPF program: 4097 instructions; the kernel accepts 1…4096")
        #expect(try BPFProgram(Array(repeating: Self.allow, count: 4096)).count == 4096)
        #expect(refusal([I(code: 0x20, k: 64), Self.allow]).hasPrefix("BPF instruction 0: load from offset 64"))
        #expect(refusal([I(code: 0x20, k: 2), Self.allow]).hasPrefix("BPF instruction 0: load from offset 2"))
        #expect(refusal([I(code: 0x05, k: 1), Self.allow]) == "BPF instruction 0: jump of 1 goes past the end of the 2-instruction program")
        #expect(refusal([I(code: 0x15, jt: 0, jf: 2), Self.allow, Self.kill])
            == "BPF instruction 0: jump to 3 goes past the end of the 3-instruction program")
        #expect(refusal([Self.allow, I(code: 0x00)]) == "BPF instruction 1: the last instruction must be a return")
        #expect(refusal([I(code: 0x28, k: 0), Self.allow]) == "BPF instruction 0: unknown opcode 0x28 (not one seccomp accepts)")
        #expect(refusal([I(code: 0x94, k: 3), Self.allow]) == "BPF instruction 0: unknown opcode 0x94 (not one seccomp accepts)")
        #expect(refusal([I(code: 0x8c), Self.allow]) == "BPF instruction 0: unknown opcode 0x8c")
        #expect(refusal([I(code: 0x02, k: 16), Self.allow]) == "BPF instruction 0: scratch memory slot 16 (there are 16)")
        #expect(refusal([I(code: 0x34, k: 0), Self.allow]) == "BPF instruction 0: division by the constant 0")
        #expect(refusal([I(code: 0x64, k: 32), Self.allow]) == "BPF instruction 0: shift by 32 (at most 31)")
        // Slot 2 is written on one path only.
        #expect(refusal([I(code: 0x15, jt: 1, jf: 0), I(code: 0x02, k: 2), I(code: 0x60, k: 2), Self.allow])
            == "BPF instruction 2: reads scratch slot 2 before any write to it")
        #expect(refusal([I(code: 0x15, jt: 0, jf: 0), I(code: 0x02, k: 2), I(code: 0x60, k: 2), Self.allow]) == "accepted")
    }

    @Test func bytesRoundTripInHostOrder() throws {
        let program = try BPFProgram([I(code: 0x20, k: 4), I(code: 0x15, jt: 0, jf: 1, k: 0xc000_003e), Self.allow, Self.kill])
        let bytes = program.bytes
        #expect(bytes.count == 32)
        #expect(Array(bytes[8..<16]) == [0x15, 0x00, 0x00, 0x01, 0x3e, 0x00, 0x00, 0xc0])
        #expect(try BPFProgram(bytes: bytes) == program)
        #expect(throws: BPFError("9 bytes is not a whole number of 8-byte instructions")) { try BPFProgram(bytes: Array(bytes[0..<9])) }
    }

    /// Jumps are forward-only, so no program can loop: every run of thousands of random
    /// valid programs ends within as many steps as it has instructions.
    @Test func randomProgramsAlwaysEndWithinTheirLength() throws {
        var random = SplitMix64(seed: 0x5ecc0)
        let codes: [UInt16] = [0x20, 0x00, 0x01, 0x04, 0x14, 0x24, 0x44, 0x54, 0xa4, 0x0c, 0x84, 0x07, 0x87, 0x05,
                               0x15, 0x25, 0x35, 0x45, 0x1d, 0x2d, 0x3d, 0x4d, 0x06, 0x16, 0x02, 0x03]
        var runs = 0
        for _ in 0..<3000 {
            let length = Int.random(in: 1...64, using: &random)
            var instructions: [I] = []
            for pc in 0..<length {
                let remaining = length - pc - 1
                var code = pc == length - 1 ? UInt16(0x06) : codes.randomElement(using: &random) ?? 0x06
                if code == 0x05 && remaining == 0 { code = 0x06 }
                let k: UInt32
                switch code {
                case 0x20: k = UInt32.random(in: 0..<16, using: &random) * 4
                case 0x05: k = UInt32.random(in: 0..<UInt32(max(remaining, 1)), using: &random)
                case 0x02, 0x03: k = UInt32.random(in: 0..<16, using: &random)
                default: k = UInt32.random(in: 0...31, using: &random)
                }
                let jump = UInt8(min(max(remaining - 1, 0), 255))
                instructions.append(I(code: code, jt: UInt8.random(in: 0...jump, using: &random),
                                      jf: UInt8.random(in: 0...jump, using: &random), k: k))
            }
            guard let program = try? BPFProgram(instructions) else { continue }
            let data = SeccompData(nr: Int32.random(in: 0...500, using: &random), arch: UInt32.random(in: 0...UInt32.max, using: &random),
                                   args: (0..<6).map { _ in UInt64.random(in: 0...UInt64.max, using: &random) })
            let outcome = try BPFEvaluator.run(program, data)
            #expect(outcome.executed >= 1 && outcome.executed <= program.count)
            runs += 1
        }
        #expect(runs > 2000)
    }
}

/// A small seeded generator, so random tests repeat exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
