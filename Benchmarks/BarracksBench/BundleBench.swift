import Builder
import POSIX
import Sandbox

/// `bundle-bwrap-command BUNDLE [ARG…]`: the bwrap command line the bundle's launcher runs,
/// as a user would type it in a shell (the same flags, the hardening flags when the host's
/// bwrap has them, the filter on fd 9), for bench/50-bundle.sh to time beside the launcher.
let bundleBenchTasks: [String: BenchTask] = [
    "bundle-bwrap-command": { arguments in
        guard let directory = arguments.first else { throw BenchUsage("usage: barracks-bench bundle-bwrap-command BUNDLE [ARG…]") }
        let layout = BundleLayout(directory: directory)
        let record = try BundleVerifier.record(of: layout)
        let mode: SandboxSpec.SeccompMode = record.seccomp.filterSHA256.map { .filter(sha256: $0) } ?? .disabled
        let help = try Subprocess("bwrap", ["--help"]).run()
        let hardening = (help.output + help.errorOutput).contains("--disable-userns")
        let words = BwrapCommand(record.sandboxSpec(seccomp: mode))
            .arguments(bundleDirectory: directory, hardening: hardening, extra: Array(arguments.dropFirst()))
        var line = (["bwrap"] + words).map(Subprocess.shellQuoted).joined(separator: " ")
        if case .filter = mode { line += " 9<" + Subprocess.shellQuoted(layout.seccomp + "/filter.bpf") }
        print(line)
    },
]
