#if canImport(Glibc)
import Glibc
#endif
import Foundation
import POSIX

/// Can this host run bundles? Each check reads what the kernel and tools really do (a
/// sandbox is started, a 32-bit program is run), not what a configuration file claims.
public struct HostDoctor: Sendable {
    /// Where `/proc/sys` is (tests point it elsewhere).
    public var procSys = "/proc/sys"
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The checks for running any bundle; with `needs32Bit`, also IA-32 emulation; with
    /// `needsResolvConf`, the host's `/etc/resolv.conf`.
    public func run(needs32Bit: Bool = true, needsResolvConf: Bool = false) -> [HostCheck] {
        var checks: [HostCheck] = []
        let bwrap = try? BwrapInstallation.find(environment: environment)
        checks.append(bwrapCheck(bwrap))
        checks.append(userNamespaceCheck(bwrap))
        checks.append(seccompCheck())
        if needs32Bit { checks.append(ia32Check()) }
        if needsResolvConf { checks.append(resolvConfCheck()) }
        return checks
    }

    func bwrapCheck(_ bwrap: BwrapInstallation?) -> HostCheck {
        guard let bwrap else {
            return HostCheck(name: "bwrap", status: .fail, detail: "bwrap is not on PATH",
                             fix: "install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap)")
        }
        if bwrap.supportsDisableUserns {
            return HostCheck(name: "bwrap", status: .pass, detail: "\(bwrap.path) \(bwrap.version), with --disable-userns")
        }
        return HostCheck(name: "bwrap", status: .warn, detail: "\(bwrap.path) \(bwrap.version), without --disable-userns (needs 0.8.0)",
                         fix: "bundles run, but cannot forbid user namespaces inside the sandbox; upgrade bubblewrap to 0.8 or later")
    }

    func userNamespaceCheck(_ bwrap: BwrapInstallation?) -> HostCheck {
        let name = "user-namespaces"
        if read("kernel/unprivileged_userns_clone") == "0" {
            return HostCheck(name: name, status: getuid() == 0 ? .warn : .fail, detail: "kernel.unprivileged_userns_clone = 0",
                             fix: "sysctl -w kernel.unprivileged_userns_clone=1 (and set it in /etc/sysctl.d/ to keep it)")
        }
        if let limit = read("user/max_user_namespaces"), limit == "0" {
            return HostCheck(name: name, status: getuid() == 0 ? .warn : .fail, detail: "user.max_user_namespaces = 0",
                             fix: "sysctl -w user.max_user_namespaces=15000 (and set it in /etc/sysctl.d/ to keep it)")
        }
        let apparmor = read("kernel/apparmor_restrict_unprivileged_userns") == "1"
        guard let bwrap else {
            return HostCheck(name: name, status: .fail, detail: "cannot try: bwrap is missing", fix: "install bubblewrap first")
        }
        // Try it: a sandbox with a new user namespace, as the bundle's launcher makes one, that
        // says which user namespace it is in.
        let ours = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/user")) ?? "?"
        let attempt = try? Subprocess(bwrap.path, ["--unshare-all", "--unshare-user", "--ro-bind", "/", "/", "--proc", "/proc",
                                                   "readlink", "/proc/self/ns/user"]).run()
        if let attempt, attempt.status.succeeded {
            let made = attempt.output.trimmingCharacters(in: .whitespacesAndNewlines)
            guard made != ours else {
                return HostCheck(name: name, status: .fail, detail: "bwrap --unshare-user ran in barracks' own user namespace \(ours)",
                                 fix: "bwrap did not make a user namespace: check that it is bubblewrap and not a wrapper")
            }
            return HostCheck(name: name, status: .pass,
                             detail: "work: bwrap made \(made) (barracks runs in \(ours))" + (apparmor ? "; AppArmor allows bwrap" : ""))
        }
        let message = attempt.map { $0.errorOutput.trimmingCharacters(in: .whitespacesAndNewlines) } ?? "bwrap did not start"
        let fix = apparmor
            ? "Ubuntu restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=1): install an AppArmor profile for bwrap (profile bwrap /usr/bin/bwrap flags=(unconfined) { userns, }) or set the sysctl to 0"
            : "enable unprivileged user namespaces for this kernel (see kernel.unprivileged_userns_clone and user.max_user_namespaces)"
        return HostCheck(name: name, status: .fail, detail: "bwrap could not create a user namespace: \(message)", fix: fix)
    }

    func seccompCheck() -> HostCheck {
        guard let actions = read("kernel/seccomp/actions_avail") else {
            return HostCheck(name: "seccomp", status: .fail, detail: "the kernel has no seccomp filter support",
                             fix: "use a kernel built with CONFIG_SECCOMP_FILTER (every mainstream distribution's is)")
        }
        let available = Set(actions.split(separator: " ").map(String.init))
        guard available.contains("kill_process") else {
            return HostCheck(name: "seccomp", status: .fail, detail: "actions: \(actions)",
                             fix: "the filter's default action kill_process needs Linux 4.14 or later")
        }
        return HostCheck(name: "seccomp", status: .pass, detail: "actions: \(actions)")
    }

    /// Runs a 32-bit x86 program of a few bytes that writes `ia32` and exits with 42 through
    /// `int 0x80`: only a kernel that runs i386 code gives both.
    func ia32Check() -> HostCheck {
        let emulation = "boot with IA-32 emulation (CONFIG_IA32_EMULATION=y; on some kernels ia32_emulation=1 on the command line)"
        guard let directory = try? TemporaryDirectory(prefix: "barracks-doctor.") else {
            return HostCheck(name: "ia32", status: .fail, detail: "could not make a temporary directory",
                             fix: "check that $TMPDIR (or /tmp) is writable")
        }
        defer { directory.remove() }
        let path = directory.path + "/ia32"
        do {
            try FileTree.writeAtomically(path, Self.ia32Program, mode: 0o755)
            let result = try Subprocess(path).run()
            if result.status == .exited(42) && result.output == "ia32\n" {
                return HostCheck(name: "ia32", status: .pass, detail: "a 32-bit x86 program ran: it wrote \"ia32\" and exited with status 42")
            }
            return HostCheck(name: "ia32", status: .fail, detail: "a 32-bit x86 program ended with \(result.status), output \(result.output.debugDescription)",
                             fix: emulation)
        } catch let error as SystemError where error.errno == ENOEXEC {
            // What execve says when the kernel has no loader for ELF32 i386.
            return HostCheck(name: "ia32", status: .fail, detail: "this kernel cannot run 32-bit x86 programs (\(error))", fix: emulation)
        } catch {
            // Not the kernel's answer about i386 code: say what went wrong instead.
            return HostCheck(name: "ia32", status: .fail, detail: "could not run the 32-bit test program \(path): \(error)",
                             fix: "if $TMPDIR (or /tmp) is mounted noexec, point TMPDIR at a directory programs can run from and try again")
        }
    }

    func resolvConfCheck() -> HostCheck {
        if FileManager.default.fileExists(atPath: "/etc/resolv.conf") {
            return HostCheck(name: "resolv.conf", status: .pass, detail: "/etc/resolv.conf is there for the bundle to read")
        }
        return HostCheck(name: "resolv.conf", status: .warn, detail: "/etc/resolv.conf is missing: the program cannot resolve names",
                         fix: "create /etc/resolv.conf (e.g. nameserver 192.0.2.53), or set sandbox.resolv_conf to false")
    }

    private func read(_ key: String) -> String? {
        (try? String(contentsOfFile: procSys + "/" + key, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A complete ELF32 i386 executable: one PT_LOAD, code
    /// `mov eax,4; mov ebx,1; mov ecx,msg; mov edx,5; int 0x80; mov eax,1; mov ebx,42; int 0x80`
    /// followed by `msg: "ia32\n"`.
    static let ia32Program: [UInt8] = {
        let base: UInt32 = 0x0804_8000
        let codeStart = base + 84
        func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8)] }
        func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xff) } }
        let message = Array("ia32\n".utf8)
        let codeLength: UInt32 = 34
        var code: [UInt8] = [0xb8] + le32(4) + [0xbb] + le32(1) + [0xb9] + le32(codeStart + codeLength) + [0xba] + le32(UInt32(message.count))
        code += [0xcd, 0x80, 0xb8] + le32(1) + [0xbb] + le32(42) + [0xcd, 0x80]
        precondition(code.count == Int(codeLength))  // a constant program, not input
        code += message
        let total = UInt32(52 + 32 + code.count)
        var bytes: [UInt8] = [0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0] + [UInt8](repeating: 0, count: 8)
        bytes += le16(2) + le16(3) + le32(1) + le32(codeStart) + le32(52) + le32(0) + le32(0)
        bytes += le16(52) + le16(32) + le16(1) + le16(40) + le16(0) + le16(0)
        bytes += le32(1) + le32(0) + le32(base) + le32(base) + le32(total) + le32(total) + le32(5) + le32(0x1000)
        return bytes + code
    }()
}
