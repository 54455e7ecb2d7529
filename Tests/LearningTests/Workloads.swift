import Foundation
import Learning
import POSIX
import Seccomp
import TestSupport

/// The C programs of Tests/Support the learning tests run, compiled at test time into a
/// scratch directory, and the way most tests run them: under the test loader (which installs
/// a filter as bwrap does, then execs the program), traced by the learner.
struct Workloads {
    let directory: String

    static let support = Repository.root + "/Tests/Support"
    static let freestanding32 = ["-m32", "-static", "-nostdlib", "-ffreestanding", "-fno-stack-protector", "-fno-pic", "-no-pie", "-O1"]

    /// `seccomp-loader FILTER PROGRAM ARGS…` (x86_64).
    var loader: String { directory + "/seccomp-loader" }
    /// About fifty distinct harmless i386 calls, each once (`list` prints their numbers).
    var manySyscalls: String { directory + "/many-syscalls" }
    /// Signal handler, thread, fork, exec (i386, static glibc).
    var family: String { directory + "/learn-family" }
    /// One raw i386 syscall (`probe32 NR ARGS…`).
    var probe32: String { directory + "/probe32" }

    init(in directory: String) {
        self.directory = directory
    }

    func buildLoader() throws { try gcc(["-O1", "-o", loader, Self.support + "/seccomp-loader.c"]) }
    func buildManySyscalls() throws { try gcc(Self.freestanding32 + ["-o", manySyscalls, Self.support + "/many-syscalls.c"]) }
    func buildFamily() throws { try gcc(["-m32", "-static", "-pthread", "-O1", "-o", family, Self.support + "/learn-family.c"]) }
    func buildProbe32() throws { try gcc(Self.freestanding32 + ["-o", probe32, Self.support + "/syscall-probe.c"]) }

    private func gcc(_ arguments: [String]) throws {
        let result = try run("gcc", arguments)
        guard result.status.succeeded else { throw WorkloadError("gcc \(arguments.joined(separator: " ")): \(result.errorOutput)") }
    }

    /// The i386 names of the calls many-syscalls makes (from its `list`), plus its exit_group.
    func manySyscallNames() throws -> Set<String> {
        let listed = try run(manySyscalls, ["list"])
        let table = SyscallTable(arch: .x86)
        var names: Set<String> = ["exit_group"]
        for line in listed.output.split(separator: "\n") {
            guard let number = Int32(line), let name = table.name(of: number) else { throw WorkloadError("bad list line \(line)") }
            names.insert(name)
        }
        return names
    }

    /// The learning filter for `policy` (the loader's exec allowed natively), in a memory file.
    static func learningFilter(_ policy: Policy, native: [String] = ["execve"]) throws -> LearningFilterFile {
        let filter = try FilterCompiler.learningFilter(for: policy, additions: [PolicyAddition(arch: "x86_64", syscalls: native, origin: .bwrap)])
        _ = try filter.verify()  // allows exactly the policy, traces the rest
        return try LearningFilterFile(filter)
    }

    /// Runs `program ARGS` under the loader with the learning filter of `policy`, traced.
    func learn(_ policy: Policy, _ program: String, _ arguments: [String] = [], options: LearningOptions = LearningOptions(),
               exercise: (@Sendable (LearningSession) throws -> Void)? = nil) throws -> LearningResult {
        let file = try Self.learningFilter(policy)
        var command = LearningCommand(loader, [file.path, program] + arguments)
        let null = try FileDescriptor.open("/dev/null", O_RDWR)
        defer { try? null.close() }
        command.standardInput = null
        command.standardOutput = null
        return try withExtendedLifetime(file) { try Learner.run(command, options: options, exercise: exercise) }
    }
}

/// A policy with an empty side for each arch: what a bundle's template holds before learning.
let templatePolicy = Policy(learned: false, defaultAction: .killProcess, arches: ["x86": ArchPolicy(), "x86_64": ArchPolicy()])

struct WorkloadError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
