import Foundation
import POSIX
import Seccomp
import Testing
import TestSupport

/// The C programs of Tests/Support, compiled at test time into a scratch directory:
/// `probe32`/`probe64` issue one raw syscall (i386 `int 0x80` / x86_64 `syscall`) and print
/// its result; `loader` installs a filter as bwrap does and execs a program under it.
struct SyscallProbe {
    let directory: String
    var probe32: String { directory + "/probe32" }
    var probe64: String { directory + "/probe64" }
    var loader: String { directory + "/seccomp-loader" }

    init(in directory: String) throws {
        self.directory = directory
        let support = Repository.root + "/Tests/Support"
        let freestanding = ["-static", "-nostdlib", "-ffreestanding", "-fno-stack-protector", "-fno-pic", "-no-pie", "-O1"]
        try Self.gcc(["-m32"] + freestanding + ["-o", probe32, support + "/syscall-probe.c"])
        try Self.gcc(freestanding + ["-o", probe64, support + "/syscall-probe.c"])
        try Self.gcc(["-O1", "-o", loader, support + "/seccomp-loader.c"])
    }

    private static func gcc(_ arguments: [String]) throws {
        let result = try run("gcc", arguments)
        guard result.status.succeeded else { throw ProbeError(message: "gcc \(arguments.joined(separator: " ")): \(result.errorOutput)") }
    }

    /// Writes `filter` beside the programs and returns its path.
    func write(_ filter: CompiledFilter, as name: String = "filter.bpf") throws -> String {
        let path = directory + "/" + name
        try writeFile(path, filter.program.bytes)
        return path
    }

    /// Runs `program` (a probe) with syscall `nr` and `args` under the filter at `filterPath`,
    /// installed by the test loader.
    func runUnderLoader(_ filterPath: String, _ program: String, _ nr: Int64, _ args: [UInt64] = []) throws -> ProcessResult {
        try run(loader, [filterPath, program, String(nr)] + args.map { "0x" + String($0, radix: 16) })
    }

    /// Runs the probe under `bwrap OPTIONS --seccomp 3 PROBE NR ARGS 3<filter`, as the bundle
    /// launcher does (through `/bin/sh`, which opens the filter on descriptor 3).
    func runUnderBwrap(_ filterPath: String, options: [String], _ program: String, _ nr: Int64,
                       _ args: [UInt64] = []) throws -> ProcessResult {
        let words = ["bwrap"] + options + ["--seccomp", "3", program, String(nr)] + args.map { "0x" + String($0, radix: 16) }
        let command = "exec " + words.map(Subprocess.shellQuoted).joined(separator: " ") + " 3<" + Subprocess.shellQuoted(filterPath)
        return try run("/bin/sh", ["-c", command])
    }

    /// The probe's printed result (the syscall's return value, -errno on failure).
    static func result(of process: ProcessResult) -> Int64? {
        guard let line = process.output.split(separator: "\n").first(where: { $0.hasPrefix("result=") }) else { return nil }
        return Int64(line.dropFirst("result=".count))
    }

    /// Whether what the kernel did to a probe run directly under the loader is what `action` means.
    static func kernelDid(_ action: SeccompAction, _ process: ProcessResult) -> Bool {
        switch action {
        case .allow, .log: return process.status == .exited(0) && result(of: process) != nil
        case .killProcess, .killThread: return process.status == .signalled(SIGSYS)
        case .errno(let code): return process.status == .exited(0) && result(of: process) == -Int64(code)
        default: return false
        }
    }
}

struct ProbeError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
