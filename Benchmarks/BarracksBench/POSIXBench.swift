#if canImport(Glibc)
import Glibc
#endif
import POSIX

/// `spawn N`: start and reap `/bin/true` N times through ``Subprocess`` (the cost every
/// tool invocation barracks makes pays).
let posixBenchTasks: [String: BenchTask] = [
    "spawn": { arguments in
        let count = Int(arguments.first ?? "100") ?? 100
        for _ in 0..<count { _ = try Subprocess("/bin/true").run() }
    },
]

enum FileHandleWriter {
    static func standardError(_ text: String) {
        _ = text.withCString { write(2, $0, strlen($0)) }
    }
}
