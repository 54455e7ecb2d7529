/// The input of a seccomp filter (`struct seccomp_data`, 64 bytes): syscall number, arch
/// token, instruction pointer, six arguments. Filters read it with 32-bit absolute loads.
public struct SeccompData: Hashable, Sendable {
    /// The syscall number in the arch's own numbering (x32 calls carry bit 30).
    public var nr: Int32
    /// The `AUDIT_ARCH_*` token of the calling ABI.
    public var arch: UInt32
    /// Where the call was made from (libseccomp's filters never read it).
    public var instructionPointer: UInt64
    /// Always six values.
    public private(set) var args: [UInt64]

    /// `args` shorter than six are padded with zeros; extra values are ignored.
    public init(nr: Int32, arch: UInt32, instructionPointer: UInt64 = 0, args: [UInt64] = []) {
        self.nr = nr
        self.arch = arch
        self.instructionPointer = instructionPointer
        self.args = Array((args + Array(repeating: 0, count: 6)).prefix(6))
    }

    /// `sizeof(struct seccomp_data)`.
    public static let size: UInt32 = 64

    /// The 32-bit word at byte `offset` (a multiple of 4 below 64), in host (little-endian
    /// on x86) layout: nr at 0, arch at 4, instruction_pointer at 8, args[i] at 16 + 8i.
    func word(at offset: UInt32) -> UInt32 {
        switch offset {
        case 0: return UInt32(bitPattern: nr)
        case 4: return arch
        case 8, 12: return Self.word(of: instructionPointer, second: offset == 12)
        case 16..<Self.size:
            return Self.word(of: args[Int((offset - 16) / 8)], second: (offset - 16) % 8 == 4)
        default: return 0
        }
    }

    /// The first or second 32-bit word of a 64-bit field as it lies in memory.
    private static func word(of value: UInt64, second: Bool) -> UInt32 {
        #if _endian(little)
        return UInt32(truncatingIfNeeded: second ? value >> 32 : value)
        #else
        return UInt32(truncatingIfNeeded: second ? value : value >> 32)
        #endif
    }
}
