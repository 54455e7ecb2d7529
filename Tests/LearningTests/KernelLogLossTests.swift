import Foundation
import Learning
import POSIX
import Seccomp
import Testing
import TestSupport

/// The article's method, for real: a LOG filter and the kernel log under the default printk
/// rate limit (10 records per 5 s), on a program making about fifty distinct syscalls at once.
/// The log loses records, the importer proves how many, and the ptrace learner loses none.
@Suite struct KernelLogLossTests {
    @Test func theKernelLogLosesRecordsTheImporterSaysHowManyAndTheLearnerMissesNone() throws {
        try HostRequirement.require(.ptrace, .seccomp, .gcc32, .kernelLog)
        try withScratch("lossy") { dir in
            let workloads = Workloads(in: dir)
            try workloads.buildLoader()
            try workloads.buildManySyscalls()
            // Names of its own, so its records (comm) stand out from anything else in the log.
            let tag = String(UInt32.random(in: 0..<0xffffff), radix: 16)
            let lossy = dir + "/lossy-" + tag, flusher = dir + "/flush-" + tag
            try copyExecutable(from: workloads.manySyscalls, to: lossy)
            try copyExecutable(from: workloads.manySyscalls, to: flusher)
            let expected = try workloads.manySyscallNames()

            let policy = Policy(defaultAction: .log, arches: ["x86": ArchPolicy(), "x86_64": ArchPolicy(syscalls: ["execve": SyscallEntry()])])
            try writeFile(dir + "/log.bpf", try FilterCompiler.compile(policy).program.bytes)
            let marker = "barracks-test lossy-\(tag) starts"
            try writeFile("/dev/kmsg", marker + "\n")
            #expect(try run(workloads.loader, [dir + "/log.bpf", lossy]).status == .exited(0))

            // printk reports what it dropped only when the next message after its 5 s interval
            // comes: one more LOG record (a different program) every half second until the
            // report follows the last of the workload's records.
            var log = ""
            try waitUntil(seconds: 20) {
                log = try Self.kernelLog(after: marker)
                let lastRecord = log.range(of: "comm=\"lossy-\(tag)\"", options: .backwards)
                if let report = log.range(of: "callbacks suppressed", options: .backwards),
                   lastRecord == nil || report.lowerBound > lastRecord!.lowerBound {
                    return true
                }
                _ = try run(workloads.loader, [dir + "/log.bpf", flusher, "one"])
                usleep(500_000)
                return false
            }
            let imported = AuditLogImporter(filter: AuditRecordFilter(command: "lossy-" + tag)).importLog(log)
            let seen = imported.calls.names(arch: "x86")
            #expect(seen.isSubset(of: expected))
            #expect(seen.count < expected.count, "the log kept every record: \(seen.count)")
            // Each call was made once: what the log lacks was lost, and the loss report covers it.
            let lost = UInt64(expected.count) - imported.records
            #expect(imported.loss.suppressedCallbacks >= lost)
            #expect(imported.loss.provenLost >= lost)
            #expect(imported.loss.summary.contains("callbacks suppressed by the printk rate limit"))
            #expect(imported.loss.summary.contains("barracks learn"))
            #expect(imported.malformedCount == 0)

            // The same program under the learner: every call, nothing lost.
            let learned = try workloads.learn(templatePolicy, lossy)
            #expect(learned.calls.names(arch: "x86") == expected)
            #expect(learned.calls.names(arch: "x86").isSuperset(of: seen))
        }
    }

    /// The kernel log after the line `marker`.
    static func kernelLog(after marker: String) throws -> String {
        let text = try run("dmesg", []).output
        guard let range = text.range(of: marker, options: .backwards) else { throw WorkloadError("marker not in dmesg") }
        return String(text[range.upperBound...])
    }
}
