#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Learning
import POSIX
import Seccomp

/// Learning tasks (bench/40-learn.sh). LOADER is Tests/Support/seccomp-loader (installs the
/// filter at the path it is given, as bwrap does, then execs PROGRAM); the task inserts the
/// filter's path.
/// - `learn-policy DIR LOADER PROGRAM ARGS…`: learns the program cold (every call stops once
///   per call), writes DIR/policy.json and DIR/filter.bpf (the learned policy under
///   `kill_process`, plus the loader's execve).
/// - `learn-run POLICY LOADER PROGRAM ARGS…`: runs it under the learner with POLICY's
///   learning filter; prints the stops and what was learned to stderr.
let learnBenchTasks: [String: BenchTask] = [
    "learn-policy": { arguments in
        guard arguments.count >= 3 else { throw BenchUsage("usage: barracks-bench learn-policy DIR LOADER PROGRAM ARGS…") }
        let template = Policy(arches: ["x86": ArchPolicy(), "x86_64": ArchPolicy()])
        let result = try LearnBench.run(template, Array(arguments.dropFirst()))
        let policy = template.merging(try result.calls.policy())
        try FileTree.makeDirectories(arguments[0])
        try PolicyFile.write(policy, to: arguments[0] + "/policy.json")
        let filter = try FilterCompiler.compile(policy, additions: [LearnBench.loaderNeeds])
        try FileTree.writeAtomically(arguments[0] + "/filter.bpf", filter.program.bytes)
        FileHandleWriter.standardError("learn-policy: \(result.seccompStops) stops, \(policy.allSyscallNames.count) syscalls\n")
    },
    "learn-run": { arguments in
        guard arguments.count >= 3 else { throw BenchUsage("usage: barracks-bench learn-run POLICY LOADER PROGRAM ARGS…") }
        let result = try LearnBench.run(try PolicyFile.read(arguments[0]), Array(arguments.dropFirst()))
        FileHandleWriter.standardError("learn-run: \(result.seccompStops) stops, \(result.calls.sightings.count) new syscalls, \(result.exitStatus)\n")
    },
]

enum LearnBench {
    /// The loader's exec of the program, the one native call after its filter is loaded.
    static let loaderNeeds = PolicyAddition(arch: "x86_64", syscalls: ["execve"], origin: .bwrap)

    /// Runs LOADER FILTER PROGRAM ARGS… (`command` without FILTER) under the learner.
    static func run(_ policy: Policy, _ command: [String]) throws -> LearningResult {
        let file = try LearningFilterFile(try FilterCompiler.learningFilter(for: policy, additions: [loaderNeeds]))
        let learning = LearningCommand(command[0], [file.path] + command.dropFirst())
        return try withExtendedLifetime(file) { try Learner.run(learning) }
    }
}
