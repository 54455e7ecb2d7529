/// What one `e_machine` + class + byte order + ABI flags combination is called by the tools
/// barracks works with: Alpine, libseccomp, the audit subsystem, musl and glibc.
///
/// The table follows research/elf-musl.md §5 and research/apk-format.md §3.2.
public struct Architecture: Hashable, Sendable {
    /// Alpine's arch name (`x86`, `x86_64`, `armhf`, …), or `nil` where Alpine has none.
    public var alpine: String?
    /// libseccomp's arch name (`x86`, `x86_64`, `arm`, …), or `nil` where it has none.
    public var seccomp: String?
    /// The kernel's `AUDIT_ARCH_*` value, as seccomp and the audit log report it.
    public var auditArch: UInt32
    /// musl's `LDSO_ARCH` (`i386`, `x86_64`, `armhf`, …): the loader is `/lib/ld-musl-<it>.so.1`
    /// and its path file `/etc/ld-musl-<it>.path`.
    public var musl: String
    /// The PT_INTERP glibc programs for this arch carry.
    public var glibcLoader: String

    /// musl's loader path for this arch.
    public var muslLoader: String { "/lib/ld-musl-\(musl).so.1" }

    /// `AUDIT_ARCH_*` as the audit log prints it (`40000003`).
    public var auditArchHex: String { String(auditArch, radix: 16) }

    public init(alpine: String?, seccomp: String?, auditArch: UInt32, musl: String, glibcLoader: String) {
        self.alpine = alpine
        self.seccomp = seccomp
        self.auditArch = auditArch
        self.musl = musl
        self.glibcLoader = glibcLoader
    }

    private static let bits64: UInt32 = 0x8000_0000
    private static let littleEndian: UInt32 = 0x4000_0000

    /// The architecture of a file with this header, or `nil` for a machine barracks does not know.
    public init?(machine: Machine, elfClass: ELFClass, byteOrder: ByteOrder, flags: UInt32) {
        let le = byteOrder == .littleEndian
        let is64 = elfClass == .elf64
        let audit = UInt32(machine.rawValue) | (is64 ? Self.bits64 : 0) | (le ? Self.littleEndian : 0)
        func make(_ alpine: String?, _ seccomp: String?, _ musl: String, _ glibc: String) -> Architecture {
            Architecture(alpine: alpine, seccomp: seccomp, auditArch: audit, musl: musl, glibcLoader: glibc)
        }
        switch (machine, elfClass) {
        case (.i386, .elf32):
            self = make("x86", "x86", "i386", "/lib/ld-linux.so.2")
        case (.x86_64, .elf64):
            self = make("x86_64", "x86_64", "x86_64", "/lib64/ld-linux-x86-64.so.2")
        case (.x86_64, .elf32):
            self = make(nil, "x32", "x32", "/libx32/ld-linux-x32.so.2")
        case (.arm, .elf32):
            // EF_ARM_ABI_FLOAT_HARD (0x400) in an EABI5 object: the hard-float ABI.
            let hard = flags & 0x400 != 0
            let endian = le ? "" : "eb"
            self = make(le && hard ? "armhf" : nil, le ? "arm" : nil, "arm\(endian)\(hard ? "hf" : "")",
                        hard ? "/lib/ld-linux-armhf.so.3" : "/lib/ld-linux.so.3")
        case (.aarch64, .elf64):
            self = make(le ? "aarch64" : nil, le ? "aarch64" : nil, le ? "aarch64" : "aarch64_be",
                        le ? "/lib/ld-linux-aarch64.so.1" : "/lib/ld-linux-aarch64_be.so.1")
        case (.riscV, _):
            // Float ABI in e_flags & 6: 4 double, 2 single, 0 soft.
            let float = flags & 6
            let suffix = float == 4 ? "" : (float == 2 ? "-sp" : "-sf")
            let bits = is64 ? "64" : "32"
            let glibcABI = (is64 ? "lp64" : "ilp32") + (float == 4 ? "d" : (float == 2 ? "f" : ""))
            self = make(is64 && float == 4 ? "riscv64" : nil, is64 ? "riscv64" : nil, "riscv\(bits)\(suffix)",
                        "/lib/ld-linux-riscv\(bits)-\(glibcABI).so.1")
        case (.powerPC64, .elf64):
            // ELFv2 (e_flags & 3 == 2) is the only ABI musl supports on ppc64.
            let v2 = flags & 3 == 2 || (le && flags & 3 == 0)
            self = make(le ? "ppc64le" : nil, le ? "ppc64le" : "ppc64", le ? "powerpc64le" : "powerpc64",
                        v2 ? "/lib64/ld64.so.2" : "/lib64/ld64.so.1")
        case (.powerPC, .elf32):
            self = make(nil, "ppc", "powerpc", "/lib/ld.so.1")
        case (.s390, .elf64):
            self = make("s390x", "s390x", "s390x", "/lib/ld64.so.1")
        case (.mips, _):
            // EF_MIPS_ABI2 (0x20) in a 32-bit object is the n32 ABI.
            let n32 = !is64 && flags & 0x20 != 0
            let base = is64 ? "mips64" : (n32 ? "mipsn32" : "mips")
            let seccompName = (is64 ? "mips64" : (n32 ? "mips64n32" : "mips")) + (le ? "el" : "")
            let seccompFixed = seccompName.hasPrefix("mips64n32") && le ? "mipsel64n32" : seccompName
            self = make(nil, seccompFixed, base + (le ? "el" : ""),
                        is64 ? "/lib64/ld.so.1" : (n32 ? "/lib32/ld.so.1" : "/lib/ld.so.1"))
        case (.loongArch, .elf64):
            self = make("loongarch64", "loongarch64", "loongarch64", "/lib64/ld-linux-loongarch-lp64d.so.1")
        case (.m68k, .elf32):
            self = make(nil, nil, "m68k", "/lib/ld.so.1")
        case (.superH, .elf32):
            self = make(nil, nil, le ? "sh" : "sheb", "/lib/ld-linux.so.2")
        case (.microBlaze, .elf32):
            self = make(nil, nil, le ? "microblazeel" : "microblaze", "/lib/ld.so.1")
        case (.openRISC, .elf32):
            self = make(nil, nil, "or1k", "/lib/ld-linux-or1k.so.1")
        case (.parisc, .elf32):
            self = make(nil, "parisc", "hppa", "/lib/ld.so.1")
        default:
            return nil
        }
    }
}
