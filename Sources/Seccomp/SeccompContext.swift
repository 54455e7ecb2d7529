#if canImport(Glibc)
import Glibc
#endif
import CSeccomp
import POSIX

/// One libseccomp filter context for one arch, released when dropped (unless merged into
/// another). Every failing call becomes a ``SeccompError`` naming the call and -errno.
final class SeccompContext {
    private(set) var handle: scmp_filter_ctx?
    let arch: SeccompArch

    /// A context whose only arch is `arch`, with `defaultAction`, bad-arch action
    /// KILL_PROCESS and the binary-tree optimizer: the same attributes on every context,
    /// as `seccomp_merge` requires.
    convenience init(arch: SeccompArch, defaultAction: DefaultAction) throws {
        try self.init(arch: arch, defaultValue: defaultAction.libseccompValue,
                      refusal: .defaultActionUnsupported(defaultAction))
    }

    /// A context whose default action is the raw libseccomp value `defaultValue`;
    /// `refusal` is thrown when `seccomp_init` refuses it.
    init(arch: SeccompArch, defaultValue: UInt32, refusal: SeccompError) throws {
        guard let handle = seccomp_init(defaultValue) else { throw refusal }
        self.handle = handle
        self.arch = arch
        let native = seccomp_arch_native()
        if arch.token != native {
            // Rules go to the arches present when they are added: set the arch first.
            try check("seccomp_arch_add", arch.name) { seccomp_arch_add(handle, arch.token) }
            try check("seccomp_arch_remove", "native arch from the \(arch.name) context") { seccomp_arch_remove(handle, native) }
        }
        try check("seccomp_attr_set", "ACT_BADARCH = KILL_PROCESS") {
            seccomp_attr_set(handle, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS)
        }
        try check("seccomp_attr_set", "CTL_OPTIMIZE = 2 (binary tree)") {
            seccomp_attr_set(handle, SCMP_FLTATR_CTL_OPTIMIZE, 2)
        }
    }

    deinit {
        if let handle { seccomp_release(handle) }
    }

    /// Allows `name` (by name: libseccomp turns the native or pseudo number into this arch's
    /// numbering, and rewrites multiplexed calls) when any alternative of `conditions` holds.
    func allow(_ name: String, conditions: [[ArgumentComparison]]?) throws {
        let number = seccomp_syscall_resolve_name(name)
        guard number != __NR_SCMP_ERROR else {
            throw SeccompError.libseccomp(call: "seccomp_syscall_resolve_name", subject: name, code: -EINVAL)
        }
        for alternative in conditions ?? [[]] {
            let comparisons = alternative.map { comparison in
                scmp_arg_cmp(arg: UInt32(comparison.index), op: comparison.op.libseccompValue,
                             datum_a: comparison.op == .maskedEq ? comparison.mask ?? 0 : comparison.value,
                             datum_b: comparison.op == .maskedEq ? comparison.value : 0)
            }
            try check("seccomp_rule_add_array", "\(arch.name) \(name)") {
                comparisons.withUnsafeBufferPointer { buffer in
                    seccomp_rule_add_array(handle, SCMP_ACT_ALLOW, number, UInt32(buffer.count), buffer.baseAddress)
                }
            }
        }
    }

    /// Merges `other` into this context; `other` is consumed (libseccomp releases it).
    func merge(_ other: SeccompContext) throws {
        try check("seccomp_merge", "\(other.arch.name) into \(arch.name)") { seccomp_merge(handle, other.handle) }
        other.handle = nil
    }

    /// The BPF program (`seccomp_export_bpf`), read back through a memfd (2.5 has no
    /// export-to-memory call).
    func exportBPF() throws -> [UInt8] {
        let file = try MemoryFile(name: "barracks-seccomp-bpf")
        try check("seccomp_export_bpf", arch.name) { seccomp_export_bpf(handle, file.descriptor.rawValue) }
        return try file.contents()
    }

    /// The human-readable pseudo filter code (`seccomp_export_pfc`).
    func exportPFC() throws -> String {
        let file = try MemoryFile(name: "barracks-seccomp-pfc")
        try check("seccomp_export_pfc", arch.name) { seccomp_export_pfc(handle, file.descriptor.rawValue) }
        return String(decoding: try file.contents(), as: UTF8.self)
    }

    private func check(_ call: String, _ subject: String, _ body: () -> Int32) throws {
        let code = body()
        if code < 0 { throw SeccompError.libseccomp(call: call, subject: subject, code: code) }
    }
}
