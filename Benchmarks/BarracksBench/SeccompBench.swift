#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Seccomp

/// Seccomp tasks:
/// - `seccomp-compile N REPEAT [proven]`: REPEAT times, compile an x86 policy of N syscalls
///   plus bwrap's native needs (one libseccomp context per arch, merged), and with `proven`
///   also run the proof.
/// - `seccomp-evaluate N COUNT`: run the compiled filter of an N-syscall policy COUNT times
///   in the evaluator over x86 numbers 0…449; prints evaluations per second.
let seccompBenchTasks: [String: BenchTask] = [
    "seccomp-compile": { arguments in
        let policy = SeccompBench.policy(arguments)
        let repeats = Int(arguments.dropFirst().first ?? "1") ?? 1
        for _ in 0..<repeats {
            let filter = try FilterCompiler.compile(policy, additions: [BwrapNativeNeeds([.unsharePID]).addition])
            if arguments.dropFirst(2).first == "proven" { _ = try filter.verify() }
        }
    },
    "seccomp-evaluate": { arguments in
        let filter = try FilterCompiler.compile(SeccompBench.policy(arguments), additions: [BwrapNativeNeeds([.unsharePID]).addition])
        let count = Int(arguments.dropFirst().first ?? "1000000") ?? 1_000_000
        let arch = SeccompArch.x86.token
        let inputs = (0..<450).map { SeccompData(nr: Int32($0), arch: arch) }
        let start = Date()
        var executed = 0
        for index in 0..<count {
            executed += try BPFEvaluator.run(filter.program, inputs[index % inputs.count]).executed
        }
        let seconds = Date().timeIntervalSince(start)
        print(String(format: "%d evaluations in %.3f s: %.2f M evaluations/s, %.1f instructions each on average",
                     count, seconds, Double(count) / seconds / 1e6, Double(executed) / Double(count)))
    },
]

enum SeccompBench {
    /// A learned x86 policy of the first N syscall names libseccomp knows for x86.
    static func policy(_ arguments: [String]) -> Policy {
        let count = Int(arguments.first ?? "300") ?? 300
        let names = SyscallTable(arch: .x86).allNames.prefix(count)
        let syscalls = Dictionary(uniqueKeysWithValues: names.map { ($0, SyscallEntry(count: 1)) })
        return Policy(learned: true, arches: ["x86": ArchPolicy(syscalls: syscalls)])
    }
}
