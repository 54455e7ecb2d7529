import Seccomp

/// Names what a seccomp stop or an audit record carries, with libseccomp's tables
/// (``SyscallTable``, built once per arch): the arch from its `AUDIT_ARCH_*` token, the
/// syscall from its number in that arch's numbering, and for a multiplexer (`socketcall`,
/// `ipc` on x86) with known arguments the sub-call its first argument selects.
struct SyscallNamer {
    /// A named syscall and the argument value to keep (see ``ArgumentCapture``).
    struct Naming {
        var syscall: LearnedSyscall
        var value: UInt64?
    }

    private var tables: [UInt32: SyscallTable] = [:]
    private var unknownTokens: Set<UInt32> = []

    /// The table of the arch whose token is `token`, or `nil` when libseccomp knows no such arch.
    mutating func table(token: UInt32) -> SyscallTable? {
        if let table = tables[token] { return table }
        if unknownTokens.contains(token) { return nil }
        guard let arch = SeccompArch(token: token) else {
            unknownTokens.insert(token)
            return nil
        }
        let table = SyscallTable(arch: arch)
        tables[token] = table
        return table
    }

    /// Names syscall `number` of arch `token`; `arguments` are the call's (`nil` when unknown,
    /// as in a log record: a multiplexer then keeps its own name). `nil` when nothing names it.
    mutating func name(token: UInt32, number: UInt64, arguments: [UInt64]?) -> Naming? {
        guard let table = table(token: token), let number32 = Int32(exactly: number),
              let name = table.name(of: number32) else { return nil }
        let arch = table.arch
        let bits = arch.argumentBits
        guard let arguments else { return Naming(syscall: LearnedSyscall(arch: arch.name, name: name), value: nil) }
        let first = bits >= 64 ? (arguments.first ?? 0) : (arguments.first ?? 0) & 0xffff_ffff
        if let subcall = table.subcallName(multiplexer: number32, selector: first) {
            // The sub-call's own arguments sit behind a pointer: nothing to capture.
            return Naming(syscall: LearnedSyscall(arch: arch.name, name: subcall), value: nil)
        }
        let value = ArgumentCapture.of(name).map { $0.value(from: arguments, bits: bits) }
        return Naming(syscall: LearnedSyscall(arch: arch.name, name: name), value: value)
    }
}
