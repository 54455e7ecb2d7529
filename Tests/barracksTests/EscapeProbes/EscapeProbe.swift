/// What stopped an attack.
enum Barrier: String, Sendable {
    case mountNamespace = "mount namespace"
    case pidNamespace = "PID namespace"
    case networkNamespace = "network namespace"
    case readOnlyBind = "read-only bind"
    case capabilities = "capabilities (--cap-drop ALL)"
    case userNamespaceLimit = "user namespaces disabled (--disable-userns)"
    case newSession = "new session (--new-session)"
    case seccomp = "seccomp"
}

/// The judgement on one probe: whether the attack was blocked, by what, and the evidence.
struct Verdict: Sendable {
    var blocked: Bool
    var barrier: Barrier?
    var evidence: String

    static func blocked(by barrier: Barrier, _ evidence: String) -> Verdict { Verdict(blocked: true, barrier: barrier, evidence: evidence) }
    static func notBlocked(_ evidence: String) -> Verdict { Verdict(blocked: false, barrier: nil, evidence: evidence) }
}

/// One escape attempt of the probe, what is expected to stop it, and how to tell from what
/// the probe reported (``EscapeProbeFindings``) whether it did.
///
/// The contained attacks run in the *open* bundle, whose policy allows every syscall they
/// make: what stops them is the sandbox's construction, not seccomp. The seccomp attacks run
/// in the *plain* bundle (the probe's own learned policy), one run each, and must be killed
/// there; what they do in the open bundle is shown as "without seccomp".
enum EscapeProbe: String, CaseIterable, Sendable, CustomStringConvertible {
    case readShadow = "read the host's /etc/shadow"
    case readRoot = "read the host's /root"
    case readHome = "read the host's /home"
    case hostEnviron = "read the host's /proc/1/environ"
    case listProcesses = "list the host's processes"
    case writeApp = "write into app/"
    case writeRoot = "write into the root"
    case writeLoader = "write the loader"
    case stateSymlinkPasswd = "state/ symlink to /etc/passwd"
    case stateSymlinkUp = "state/ symlink to ../../../"
    case gainCapabilities = "gain capabilities"
    case unshareUserNamespace = "unshare a user namespace"
    case ptraceHost = "ptrace a host process"
    case ptraceInit = "ptrace the sandbox's init (bwrap)"
    case mount = "mount a file system"
    case tiocsti = "TIOCSTI into the terminal"
    case loopbackTCP = "connect to a host loopback port"
    case abstractUnix = "connect to a host abstract socket"
    case keyctl = "keyctl"
    case bpf = "bpf"
    case perfEventOpen = "perf_event_open"
    case userfaultfd = "userfaultfd"
    case kexecLoad = "kexec_load"
    case x32 = "x32 syscall (far call to 64-bit code)"
    case nativeNumbers = "x86_64 syscall from the i386 program"
    case foreignNumber = "i386 syscall with an x86_64 number"

    var description: String { rawValue }

    /// The probe's attacks that run in the open bundle in one go.
    static let containedAttacks = ["read-shadow", "read-root", "read-home", "proc1-environ", "list-processes", "write-app",
                                   "write-root", "write-loader", "state-symlink", "capabilities", "unshare-userns",
                                   "ptrace-host", "mount", "loopback"]
    /// The probe's attacks only seccomp stops, one run each in the plain bundle.
    static let seccompAttacks = ["keyctl", "bpf", "perf_event_open", "userfaultfd", "kexec_load", "ptrace-init",
                                 "native-numbers", "i386-foreign-number", "x32"]
    /// The harmless attacks also run on the host without a sandbox, to show they are real.
    static let controlAttacks = ["read-shadow", "read-root", "read-home", "proc1-environ", "list-processes", "write-app",
                                 "state-symlink", "loopback"]

    /// The probe's name for the attack.
    var attack: String {
        switch self {
        case .readShadow: "read-shadow"
        case .readRoot: "read-root"
        case .readHome: "read-home"
        case .hostEnviron: "proc1-environ"
        case .listProcesses: "list-processes"
        case .writeApp: "write-app"
        case .writeRoot: "write-root"
        case .writeLoader: "write-loader"
        case .stateSymlinkPasswd, .stateSymlinkUp: "state-symlink"
        case .gainCapabilities: "capabilities"
        case .unshareUserNamespace: "unshare-userns"
        case .ptraceHost: "ptrace-host"
        case .ptraceInit: "ptrace-init"
        case .mount: "mount"
        case .tiocsti: "tiocsti"
        case .loopbackTCP, .abstractUnix: "loopback"
        case .keyctl: "keyctl"
        case .bpf: "bpf"
        case .perfEventOpen: "perf_event_open"
        case .userfaultfd: "userfaultfd"
        case .kexecLoad: "kexec_load"
        case .x32: "x32"
        case .nativeNumbers: "native-numbers"
        case .foreignNumber: "i386-foreign-number"
        }
    }

    /// What must stop it.
    var expectedBarrier: Barrier {
        switch self {
        case .readShadow, .readRoot, .readHome, .stateSymlinkPasswd, .stateSymlinkUp: .mountNamespace
        case .hostEnviron, .listProcesses, .ptraceHost: .pidNamespace
        case .writeApp, .writeRoot, .writeLoader: .readOnlyBind
        case .gainCapabilities, .mount: .capabilities
        case .unshareUserNamespace: .userNamespaceLimit
        case .tiocsti: .newSession
        case .loopbackTCP, .abstractUnix: .networkNamespace
        case .ptraceInit, .keyctl, .bpf, .perfEventOpen, .userfaultfd, .kexecLoad, .x32, .nativeNumbers, .foreignNumber: .seccomp
        }
    }

    /// Whether only seccomp is expected to stop it.
    var isSeccompAttack: Bool { Self.seccompAttacks.contains(attack) }
}
