import Foundation
import Learning
import Seccomp
import Testing

/// The importer on sample lines of every format it reads, its loss proofs, and bad input.
@Suite struct AuditLogImporterTests {
    /// One record of each format (i386 numbers unless arch says otherwise).
    static let kernel = #"[ 3277.932468] audit: type=1326 audit(1796318128.454:186): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=29304 comm="probe32" exe="/tmp/x/probe32" sig=31 arch=40000003 syscall=41 compat=1 ip=0x8049033 code=0x80000000"#
    static let journalKernel = #"Jun 30 12:00:00 host kernel: audit: type=1326 audit(1796313034.228:44): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=13919 comm="t32" exe="/srv/t32" sig=0 arch=40000003 syscall=45 compat=1 ip=0x8077f6b code=0x7ffc0000"#
    static let journalAudit = #"Jun 30 12:00:00 host audit[13919]: SECCOMP auid=4294967295 uid=0 gid=0 ses=4294967295 pid=13919 comm="t32" exe="/srv/t32" sig=0 arch=40000003 syscall=45 compat=1 ip=0x8077f6b code=0x7ffc0000"#
    static let auditd = #"type=SECCOMP msg=audit(1613596317.899:6461): auid=4294967295 uid=0 gid=0 ses=4294967295 subj=unconfined pid=1234 comm="soldatserver" exe="/soldat/soldatserver" sig=0 arch=40000003 syscall=102 compat=1 ip=0xf7f1b549 code=0x7ffc0000"#
    static let enriched = "type=SECCOMP msg=audit(1613596317.900:6462): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=1234 comm=\"soldatserver\" exe=\"/soldat/soldatserver\" sig=0 arch=c000003e syscall=3 compat=0 ip=0x7f0 code=0x7ffc0000\u{1d}AUID=\"unset\" UID=\"root\" GID=\"root\" ARCH=x86_64 SYSCALL=close"
    static let interpreted = "type=SECCOMP msg=audit(06/30/2026 12:00:00.123:6463) : auid=unset uid=root gid=root ses=unset pid=1234 comm=soldatserver exe=/soldat/soldatserver sig=0 arch=i386 syscall=brk compat=1 ip=0xf7f1b549 code=log"
    static let withNode = #"node=host1 type=SECCOMP msg=audit(1613596318.000:6464): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=1234 comm="soldatserver" exe="/soldat/soldatserver" sig=0 arch=40000003 syscall=4 compat=1 ip=0xf7f1b549 code=0x7ffc0000"#

    @Test func readsKernelJournalAndAuditdLinesAndNamesThemWithLibseccomp() {
        let log = [Self.kernel, Self.journalKernel, Self.journalAudit, "unrelated kernel chatter", Self.auditd, Self.enriched,
                   Self.interpreted, Self.withNode, ""].joined(separator: "\n")
        let result = AuditLogImporter().importLog(log)
        #expect(result.calls.names(arch: "x86") == ["dup", "brk", "socketcall", "write"])
        #expect(result.calls.names(arch: "x86_64") == ["close"])
        // t32's brk is in the kernel copy and in journald's copy: one record.
        #expect(result.calls.sightings[LearnedSyscall(arch: "x86", name: "brk")]?.count == 2)
        #expect(result.duplicates == 1)
        #expect(result.records == 6)
        #expect(result.malformedCount == 0)
        #expect(result.multiplexed == [LearnedSyscall(arch: "x86", name: "socketcall")])
        let dup = result.calls.sightings[LearnedSyscall(arch: "x86", name: "dup")]
        #expect(dup?.firstSeen == Date(timeIntervalSince1970: 1796318128.454))
        #expect(result.loss.provenLost == 0)
        #expect(result.loss.summary.hasPrefix("no loss proven"))
    }

    @Test func aFilterKeepsOneProgramsRecords() {
        let log = [Self.kernel, Self.journalKernel, Self.journalAudit, Self.auditd, Self.enriched, Self.interpreted, Self.withNode]
            .joined(separator: "\n")
        let byName = AuditLogImporter(filter: AuditRecordFilter(command: "soldatserver")).importLog(log)
        #expect(byName.calls.names(arch: "x86") == ["brk", "socketcall", "write"])
        #expect(byName.otherProcesses == 3)
        let byPath = AuditLogImporter(filter: AuditRecordFilter(executable: "/srv/t32")).importLog(log)
        #expect(byPath.calls.names(arch: "x86") == ["brk"])
        // comm holds 15 bytes: a longer name matches its cut.
        let long = Self.kernel.replacingOccurrences(of: "comm=\"probe32\"", with: "comm=\"soldatserver-20\"")
        let cut = AuditLogImporter(filter: AuditRecordFilter(command: "soldatserver-2000")).importLog(long)
        #expect(cut.calls.names(arch: "x86") == ["dup"])
        // A comm with a space is hex-encoded by the kernel.
        let hex = Self.kernel.replacingOccurrences(of: "comm=\"probe32\"", with: "comm=6120622063")
        #expect(AuditLogImporter(filter: AuditRecordFilter(command: "a b c")).importLog(hex).records == 1)
    }

    /// A kernel-format seccomp record of `pid` with `serial` (i386 getpid), or of another type.
    static func record(_ serial: UInt64, pid: Int = 100, type: Int = 1326, syscall: Int = 20) -> String {
        "[ 1.0] audit: type=\(type) audit(1796318128.000:\(serial)): auid=0 uid=0 gid=0 ses=1 pid=\(pid) comm=\"srv\" exe=\"/srv\" sig=0 arch=40000003 syscall=\(syscall) compat=1 ip=0x1 code=0x7ffc0000"
    }

    @Test func serialGapsInsideOneProcesssRecordsProveLoss() {
        let log = [Self.record(10), Self.record(11), Self.record(13, pid: 200), Self.record(15),
                   Self.record(25, pid: 300), Self.record(27, pid: 300), Self.record(30, pid: 400)].joined(separator: "\n")
        let loss = AuditLogImporter().importLog(log).loss
        // 12 and 14 lie inside pid 100's records (10…15), 26 inside pid 300's (25…27); 16…24 and
        // 28…29 lie between different processes' records: not counted.
        #expect(loss.serialGaps.map(\.missing) == [1, 1, 1])
        #expect(loss.serialGaps.map(\.processID) == [100, 100, 300])
        #expect(loss.missingSerials == 3)
        #expect(loss.provenLost == 3)
        #expect(loss.serialGaps[0].description == "serial 12 missing while pid 100 (srv) was logged")
        #expect(loss.summary.contains("at least 3 audit record(s) were lost"))
        #expect(loss.summary.contains("barracks learn"))
    }

    @Test func recordsOfOtherTypesAccountForTheirSerials() {
        let log = [Self.record(10), Self.record(11, type: 1300), Self.record(12, type: 1305), Self.record(14)].joined(separator: "\n")
        let result = AuditLogImporter().importLog(log)
        #expect(result.loss.missingSerials == 1)  // only 13
        #expect(result.records == 2)
    }

    @Test func aRebootStartsNewSerialsWithoutAFalseGap() {
        // pid 100 before the reboot, 400 after: nothing counts across it, 4 is missing after it.
        // Had the serials 1…4999 been taken for one boot, pid 100's span would hide a gap of ~5000.
        let log = [Self.record(10), Self.record(5000), Self.record(5001), Self.record(3, pid: 400), Self.record(5, pid: 400),
                   Self.record(6)].joined(separator: "\n")
        let result = AuditLogImporter().importLog(log)
        #expect(result.loss.serialGaps.map(\.after) == [10, 3])  // 11…4999 before the reboot, 4 after
        #expect(result.loss.serialGaps.map(\.missing) == [4989, 1])
        #expect(result.records == 6)
        // The same record twice in one boot is a duplicate, not a second call.
        let twice = AuditLogImporter().importLog([Self.record(7), Self.record(7)].joined(separator: "\n"))
        #expect(twice.duplicates == 1 && twice.records == 1)
    }

    @Test func suppressedCallbacksAndTheLostCounterAreCounted() {
        let log = [
            Self.record(10),
            "[ 9.1] kauditd_printk_skb: 33 callbacks suppressed",
            "[ 9.2] some_driver: 500 callbacks suppressed",
            "[ 9.3] audit: audit_lost=5 audit_rate_limit=0 audit_backlog_limit=64",
            "[ 9.4] audit: backlog limit exceeded",
            "[ 9.5] audit: audit_lost=9 audit_rate_limit=0 audit_backlog_limit=64",
            "[ 9.6] audit: backlog limit exceeded",
            "[ 9.7] kauditd_printk_skb: 2 callbacks suppressed",
        ].joined(separator: "\n")
        let loss = AuditLogImporter().importLog(log).loss
        #expect(loss.suppressedCallbacks == 35)  // the driver's share of printk's limit is not audit's
        #expect(loss.lostCounter == LossReport.LostCounter(first: 5, last: 9, messages: 2))
        #expect(loss.lossMessages == 2)
        #expect(loss.provenLost == 35)  // the largest figure: they describe the same losses
        #expect(loss.summary.contains("35 callbacks suppressed"))
        #expect(loss.summary.contains("audit_lost counter went 5 → 9"))
    }

    @Test func recordsOnlyJournaldKeptAreNotCountedAsLost() {
        // The kernel copy of one of two identical calls was suppressed; journald's audit copy has both.
        let copy = Self.journalAudit
        let log = [Self.journalKernel, copy, copy, "kauditd_printk_skb: 1 callbacks suppressed"].joined(separator: "\n")
        let result = AuditLogImporter().importLog(log)
        #expect(result.records == 2)
        #expect(result.loss.recoveredFromJournal == 1)
        #expect(result.loss.provenLost == 0)
    }

    @Test func malformedLinesAreSkippedAndCountedNeverFatal() {
        let bad = [
            "audit: type=1326 audit(garbage",
            "audit: type=1326 audit(1.0:5): pid=1 syscall=45",
            "audit: type=1326 audit(1.0:6): pid=1 arch=zzz syscall=45",
            "type=SECCOMP msg=audit(1.0:7): pid=1 arch=i386 syscall=notacall",
            "audit: type=1326 audit(1.0:99999999999999999999999): arch=40000003 syscall=45",
            "audit: type=1326 audit(1.0:8): arch=40000003 syscall=99999999999999999999999",
            "audit: type=",
            "audit: audit_lost=many",
            "type=SECCOMP msg=audit(nan:9): arch=40000003 syscall=\"45",
        ]
        let result = AuditLogImporter().importLog((bad + [Self.kernel]).joined(separator: "\n"))
        #expect(result.malformedCount == bad.count)
        #expect(result.malformedLines.map(\.line) == Array(1...bad.count))
        #expect(result.malformedLines[1].reason == "seccomp record without arch= or syscall=")
        #expect(result.malformedLines[2].reason == "unknown arch zzz")
        #expect(result.calls.names(arch: "x86") == ["dup"])  // the good line still counts

        // A number no table names is reported, not dropped or fatal.
        let unnamed = AuditLogImporter().importLog(Self.record(1, syscall: 1000))
        #expect(unnamed.calls.unnamed == [UnnamedSyscall(archToken: 0x4000_0003, number: 1000): 1])

        // Random mixtures of the formats' pieces, and invalid UTF-8: no crash, every line accounted for.
        let pieces = ["audit", ": ", "type=", "1326", " audit(", "1.5", ":", "42", ")", "arch=", "40000003", "syscall=", "\"",
                      "=", " ", "SECCOMP", "[", "]", "msg=audit(", "\u{1d}", "callbacks suppressed", "audit_lost=", "-1", "0x"]
        var generator = SplitMix(seed: 0xba2c)
        var lines: [String] = []
        for _ in 0..<2000 {
            lines.append((0..<Int(generator.next() % 24)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined())
        }
        let fuzzed = AuditLogImporter().importLog(lines.joined(separator: "\n"))
        #expect(fuzzed.malformedCount + Int(fuzzed.records) + fuzzed.otherProcesses + Int(fuzzed.duplicates) <= lines.count)
        _ = AuditLogImporter().importLog([0x61, 0x75, 0x64, 0x69, 0x74, 0xff, 0xfe, 0x0a, 0x80] + Array(Self.kernel.utf8))
    }
}

/// A small deterministic generator for the mixed-input check.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
