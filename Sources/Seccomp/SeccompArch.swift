import CSeccomp

/// A seccomp architecture: libseccomp's name for it (`x86`, `x86_64`, …) and the
/// `AUDIT_ARCH_*` token the kernel puts in `seccomp_data.arch` (libseccomp's `SCMP_ARCH_*`).
public struct SeccompArch: Hashable, Sendable, CustomStringConvertible {
    /// libseccomp's name, as used in policy files.
    public let name: String
    /// The `AUDIT_ARCH_*` value.
    public let token: UInt32

    /// The names libseccomp 2.5 accepts, in the order messages list them.
    public static let knownNames = [
        "x86", "x86_64", "x32", "arm", "aarch64", "mips", "mipsel", "mips64", "mipsel64", "mips64n32",
        "mipsel64n32", "parisc", "parisc64", "ppc", "ppc64", "ppc64le", "s390", "s390x", "riscv64",
    ]

    /// The arch called `name`, or `nil` when libseccomp does not know it.
    public init?(name: String) {
        let token = seccomp_arch_resolve_name(name)
        guard token != 0 else { return nil }
        self.name = name
        self.token = token
    }

    /// The arch whose token is `token`, or `nil` when it is none libseccomp knows.
    public init?(token: UInt32) {
        guard let name = Self.knownNames.first(where: { seccomp_arch_resolve_name($0) == token }) else { return nil }
        self.name = name
        self.token = token
    }

    /// i386: what a 32-bit x86 program's syscalls carry.
    public static let x86 = SeccompArch(name: "x86", token: barracks_scmp_arch_x86())
    /// x86_64: what bwrap's own (native) code carries on a 64-bit x86 host.
    public static let x86_64 = SeccompArch(name: "x86_64", token: barracks_scmp_arch_x86_64())

    /// The arch of the running kernel's native syscalls (what bwrap runs as).
    public static var native: SeccompArch {
        let token = seccomp_arch_native()
        return SeccompArch(token: token) ?? SeccompArch(name: "native", token: token)
    }

    private init(name: String, token: UInt32) {
        self.name = name
        self.token = token
    }

    /// Whether the arch is a 64-bit ABI (`__AUDIT_ARCH_64BIT`).
    public var is64Bit: Bool { token & 0x8000_0000 != 0 }

    /// How many low bits of an argument libseccomp compares on this arch: 32 on 32-bit
    /// arches (the high word is never loaded), 64 on 64-bit ones.
    public var argumentBits: Int { is64Bit ? 64 : 32 }

    /// The name in OCI and Docker seccomp profiles: `SCMP_ARCH_X86_64`.
    public var ociName: String { "SCMP_ARCH_" + name.uppercased() }

    public var description: String { name }
}
