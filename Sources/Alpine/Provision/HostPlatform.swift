import Foundation

/// What the machine barracks runs on can execute.
enum HostPlatform {
    /// The host's Alpine arch (`x86_64`), from `uname -m`; nil for a machine Alpine does not build for.
    static var architecture: String? {
        var names = utsname()
        guard uname(&names) == 0 else { return nil }
        let machine = withUnsafeBytes(of: names.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        switch machine {
        case "x86_64": return "x86_64"
        case "i386", "i486", "i586", "i686": return "x86"
        case "aarch64", "arm64": return "aarch64"
        case "armv7l", "armv8l": return "armv7"
        case "armv6l": return "armhf"
        case "ppc64le": return "ppc64le"
        case "s390x": return "s390x"
        case "riscv64": return "riscv64"
        case "loongarch64": return "loongarch64"
        default: return nil
        }
    }

    /// Why this host cannot execute programs of `architecture`, or nil when it can (x86 on
    /// x86_64 through the kernel's IA-32 emulation, else only the host's own arch).
    static func cannotExecute(_ architecture: String) -> String? {
        guard let host = Self.architecture else { return "the host's arch is not one Alpine builds for" }
        let runnable = host == "x86_64" ? ["x86_64", "x86"] : host == "armv7" ? ["armv7", "armhf"] : [host]
        return runnable.contains(architecture) ? nil : "this \(host) host cannot execute \(architecture) programs"
    }

    /// The full path of the executable `name` on `PATH`, or nil.
    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") where directory.hasPrefix("/") {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// The environment install scripts and apk.static get: nothing of barracks' own but a
    /// standard PATH (Alpine's default).
    static let standardPath = "/usr/sbin:/usr/bin:/sbin:/bin"
}
