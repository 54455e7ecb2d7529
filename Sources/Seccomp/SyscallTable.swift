#if canImport(Glibc)
import Glibc
#endif
import CSeccomp

/// The syscalls of one arch as libseccomp 2.5 knows them: number → name for every number
/// below ``limit``, and the multiplexers (`socketcall`, `ipc` on x86) with their sub-calls.
///
/// Built from libseccomp's own tables (`seccomp_syscall_resolve_num_arch`), so the names
/// barracks accepts, compiles and checks are exactly the ones the compiler resolves. A
/// learner uses it to name what it saw: `name(of: 102)` on x86 is `socketcall`, and
/// `subcallName(multiplexer: 102, selector: 1)` is `socket`.
public struct SyscallTable: Sendable {
    /// Numbers at or above this are not syscalls on any arch libseccomp 2.5 knows.
    public static let limit: Int32 = 1024

    /// A multiplexing syscall: one number whose first argument selects the real operation.
    struct Multiplexer: Sendable {
        var name: String
        var number: Int32
        /// Sub-call selector (the value of argument 0) → the sub-call's name.
        var subcalls: [UInt64: String]
    }

    /// How a name is reached on an arch.
    struct Resolution: Sendable, Equatable {
        /// The syscall's own number, if it has one on this arch.
        var number: Int32?
        /// The multiplexer's number and selector, if the name is a multiplexed sub-call.
        var multiplexer: Int32?
        var selector: UInt64?
    }

    /// The arch the table describes.
    public let arch: SeccompArch
    private let names: [Int32: String]
    private let numbers: [String: Int32]
    let multiplexers: [Multiplexer]

    /// Reads libseccomp's table for `arch` (about a thousand lookups: build once, reuse).
    public init(arch: SeccompArch) {
        self.arch = arch
        var names: [Int32: String] = [:]
        for number in 0..<Self.limit {
            if let name = Self.resolve(arch, number) { names[number] = name }
        }
        self.names = names
        var numbers: [String: Int32] = [:]
        for (number, name) in names where numbers[name].map({ number < $0 }) ?? true { numbers[name] = number }
        self.numbers = numbers
        // libseccomp's pseudo numbers for sub-calls: -(100 + call) for socketcall, -(200 + call) for ipc.
        var multiplexers: [Multiplexer] = []
        for (name, base) in [("socketcall", 100), ("ipc", 200)] {
            guard let number = numbers[name] else { continue }
            var subcalls: [UInt64: String] = [:]
            for call in 1..<100 {
                if let sub = Self.resolve(arch, Int32(-(base + call))) { subcalls[UInt64(call)] = sub }
            }
            multiplexers.append(Multiplexer(name: name, number: number, subcalls: subcalls))
        }
        self.multiplexers = multiplexers
    }

    /// The name of syscall `number`, or `nil` when no syscall has that number on this arch.
    public func name(of number: Int32) -> String? { names[number] }

    /// The number of `name` on this arch, if it has one (multiplexed-only sub-calls have none).
    public func number(of name: String) -> Int32? { resolve(name)?.number }

    /// The name of the sub-call `selector` (argument 0) of multiplexer `multiplexer`
    /// (`socketcall`/`ipc` on x86), if that number is a multiplexer and knows the selector.
    public func subcallName(multiplexer: Int32, selector: UInt64) -> String? {
        self.multiplexer(number: multiplexer)?.subcalls[selector]
    }

    /// The multiplexer whose number is `number`, if any.
    func multiplexer(number: Int32) -> Multiplexer? { multiplexers.first { $0.number == number } }

    /// How `name` is reached on this arch, or `nil` when it is no syscall of this arch.
    func resolve(_ name: String) -> Resolution? {
        var resolution = Resolution(number: numbers[name])
        for multiplexer in multiplexers {
            if let selector = multiplexer.subcalls.first(where: { $0.value == name })?.key {
                resolution.multiplexer = multiplexer.number
                resolution.selector = selector
            }
        }
        if resolution.number == nil && resolution.multiplexer == nil {
            // An alias libseccomp resolves to a number whose canonical name differs.
            let number = seccomp_syscall_resolve_name_arch(arch.token, name)
            guard number >= 0 else { return nil }
            resolution.number = number
        }
        return resolution
    }

    /// Every syscall name of this arch, sub-calls of multiplexers included, sorted.
    public var allNames: [String] {
        Set(names.values).union(multiplexers.flatMap { $0.subcalls.values }).sorted()
    }

    private static func resolve(_ arch: SeccompArch, _ number: Int32) -> String? {
        guard let pointer = seccomp_syscall_resolve_num_arch(arch.token, number) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
