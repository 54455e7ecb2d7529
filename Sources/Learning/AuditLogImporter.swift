import Foundation
import POSIX
import Seccomp

/// Imports seccomp records from a kernel log (`dmesg`, `journalctl -k`, syslog), from
/// journald's audit lines (`audit[PID]: SECCOMP …`), or from auditd's `audit.log` (raw,
/// ENRICHED or `ausearch -i`), in any mix: arch tokens and syscall numbers are named with
/// libseccomp's tables, and the losses the log proves are reported (``LossReport``).
///
/// The records carry no arguments: `socketcall`/`ipc` stay whole (``AuditLogImport/multiplexed``),
/// and nothing becomes a condition. Lines that cannot be read are skipped and counted.
public struct AuditLogImporter: Sendable {
    /// Whose records to keep.
    public var filter: AuditRecordFilter

    /// An importer keeping the records `filter` selects.
    public init(filter: AuditRecordFilter = .everything) {
        self.filter = filter
    }

    /// Imports the log file at `path`.
    public func importFile(_ path: String) throws -> AuditLogImport {
        let descriptor = try FileDescriptor.open(path, O_RDONLY)
        defer { try? descriptor.close() }
        return importLog(try descriptor.readAll())
    }

    /// Imports a log's bytes (invalid UTF-8 is replaced, never fatal).
    public func importLog(_ bytes: [UInt8]) -> AuditLogImport {
        importLog(String(decoding: bytes, as: UTF8.self))
    }

    /// Imports a log's text.
    public func importLog(_ text: String) -> AuditLogImport {
        var state = ImportState(filter: filter)
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            state.take(AuditLogLine(line), line: number)
        }
        return state.finish()
    }
}

/// The running state of one import.
private struct ImportState {
    /// A seccomp record's identity for counting: the same call from the same place.
    struct RecordKey: Hashable {
        var processID: Int32?
        var named: LearnedSyscall?
        var unnamed: UnnamedSyscall?
        var instructionPointer: String
        var code: String
    }

    /// One boot's worth of numbered records.
    struct Segment {
        var used: Set<UInt64> = []
        var highest: UInt64 = 0
        /// Per process: the lowest and highest serial of its seccomp records, and its comm.
        var spans: [Int32: (low: UInt64, high: UInt64, command: String?)] = [:]
    }

    let filter: AuditRecordFilter
    var namer = SyscallNamer()
    var knownNames: [UInt32: Set<String>] = [:]
    var numbered: [RecordKey: (count: UInt64, first: Date?)] = [:]
    var journal: [RecordKey: UInt64] = [:]
    var seen: Set<[UInt64]> = []
    var segments: [Segment] = []
    var loss = LossReport()
    var otherProcesses = 0
    var duplicates: UInt64 = 0
    var malformed: [AuditLogImport.MalformedLine] = []
    var malformedCount = 0
    var multiplexed: Set<LearnedSyscall> = []

    init(filter: AuditRecordFilter) { self.filter = filter }

    mutating func take(_ line: AuditLogLine, line number: Int) {
        switch line {
        case .record(let record):
            take(record, line: number)
        case .suppressed(let function, let count):
            // printk_ratelimit()'s state is shared; the message names the caller that ended
            // the interval. Audit's callers are kauditd_printk_skb and audit_log_lost/audit_panic.
            if function.hasPrefix("kauditd") || function.hasPrefix("audit") {
                loss.suppressedCallbacks = loss.suppressedCallbacks.addingReportingOverflow(count).overflow
                    ? .max : loss.suppressedCallbacks + count
            }
        case .lostCounter(let value):
            if var counter = loss.lostCounter {
                counter.last = value
                counter.messages += 1
                loss.lostCounter = counter
            } else {
                loss.lostCounter = LossReport.LostCounter(first: value, last: value, messages: 1)
            }
        case .lossMessage:
            loss.lossMessages += 1
        case .malformed(let reason):
            reject(number, reason)
        case .unrelated:
            break
        }
    }

    private mutating func take(_ record: AuditLogLine.Record, line number: Int) {
        var segmentIndex: Int?
        if let serial = record.serial {
            if segments.isEmpty || (segments[segments.count - 1].highest > serial && segments[segments.count - 1].highest - serial > 1000) {
                segments.append(Segment())
            }
            segmentIndex = segments.count - 1
            segments[segments.count - 1].used.insert(serial)
            segments[segments.count - 1].highest = max(segments[segments.count - 1].highest, serial)
        }
        guard record.isSeccomp else { return }
        let fields = record.fields
        guard let archValue = fields["arch"], let syscallValue = fields["syscall"] else {
            return reject(number, "seccomp record without arch= or syscall=")
        }
        guard let token = Self.archToken(archValue) else { return reject(number, "unknown arch \(archValue)") }
        var named: LearnedSyscall?
        var unnamed: UnnamedSyscall?
        var numberValue: UInt64 = 0
        if let value = UInt64(syscallValue) {
            numberValue = value
            if let naming = namer.name(token: token, number: value, arguments: nil) { named = naming.syscall } else {
                unnamed = UnnamedSyscall(archToken: token, number: value)
            }
        } else if let table = namer.table(token: token) {
            // `ausearch -i` and ENRICHED print names; check them against libseccomp's table.
            if knownNames[token] == nil { knownNames[token] = Set(table.allNames) }
            guard knownNames[token]?.contains(syscallValue) == true else {
                return reject(number, "unknown syscall \(syscallValue) for \(table.arch.name)")
            }
            named = LearnedSyscall(arch: table.arch.name, name: syscallValue)
            numberValue = UInt64(bitPattern: Int64(table.number(of: syscallValue) ?? -1))
        } else {
            return reject(number, "syscall \(syscallValue) of an arch libseccomp does not know")
        }
        let processID = fields["pid"].flatMap { Int32($0) }
        let command = fields.text("comm")
        if let serial = record.serial, let segmentIndex, let processID {
            var segment = segments[segmentIndex]
            let span = segment.spans[processID] ?? (serial, serial, command)
            segment.spans[processID] = (min(span.low, serial), max(span.high, serial), span.command ?? command)
            segments[segmentIndex] = segment
            // The same record twice (a log fed twice, audit.log and dmesg together).
            let identity = [UInt64(segmentIndex), serial, UInt64(bitPattern: Int64(processID)), UInt64(token), numberValue]
            if !seen.insert(identity).inserted {
                duplicates += 1
                return
            }
        }
        guard filter.matches(command: command, executable: fields.text("exe"), processID: processID) else {
            otherProcesses += 1
            return
        }
        if let named, ["socketcall", "ipc"].contains(named.name) { multiplexed.insert(named) }
        let key = RecordKey(processID: processID, named: named, unnamed: unnamed,
                            instructionPointer: fields["ip"] ?? "", code: fields["code"] ?? "")
        if record.source == .journal {
            journal[key, default: 0] += 1
        } else {
            let entry = numbered[key] ?? (0, record.time)
            let first = [entry.first, record.time].compactMap { $0 }.min()
            numbered[key] = (entry.count + 1, first)
        }
    }

    private mutating func reject(_ line: Int, _ reason: String) {
        malformedCount += 1
        if malformed.count < AuditLogImport.malformedExamples { malformed.append(.init(line: line, reason: reason)) }
    }

    /// A hex `AUDIT_ARCH_*` token as the kernel prints it (`40000003`), or an arch name
    /// (`i386`, `x86_64`) as auditd's interpreted fields give it.
    static func archToken(_ value: String) -> UInt32? {
        let digits = value.hasPrefix("0x") ? String(value.dropFirst(2)) : value
        if let token = UInt32(digits, radix: 16) { return token }
        if value == "i386" || value == "i686" { return SeccompArch.x86.token }
        return SeccompArch(name: value)?.token
    }

    mutating func finish() -> AuditLogImport {
        var calls = LearnedCalls()
        var records: UInt64 = 0
        for key in Set(numbered.keys).union(journal.keys) {
            let fromLog = numbered[key]?.count ?? 0
            let fromJournal = journal[key] ?? 0
            let count = max(fromLog, fromJournal)
            records += count
            duplicates += min(fromLog, fromJournal)
            // Only where the kernel's (or auditd's) copy is in the log too: then these are records it lost.
            if !numbered.isEmpty && fromJournal > fromLog { loss.recoveredFromJournal += fromJournal - fromLog }
            if let named = key.named {
                calls.record(named, count: count, at: numbered[key]?.first)
            } else if let unnamed = key.unnamed {
                calls.recordUnnamed(unnamed, count: count)
            }
        }
        loss.serialGaps = segments.flatMap(Self.provenGaps)
        return AuditLogImport(calls: calls, records: records, otherProcesses: otherProcesses, duplicates: duplicates,
                              malformedCount: malformedCount, malformedLines: malformed,
                              multiplexed: multiplexed.sorted(), loss: loss)
    }

    /// Gaps between consecutive used serials that lie inside some process's seccomp span.
    static func provenGaps(_ segment: Segment) -> [LossReport.SerialGap] {
        let used = segment.used.sorted()
        let spans = segment.spans.sorted { $0.value.low < $1.value.low }
        var gaps: [LossReport.SerialGap] = []
        var next = 0
        var widest: (pid: Int32, high: UInt64, command: String?)?
        for (after, before) in zip(used, used.dropFirst()) where before - after > 1 {
            while next < spans.count && spans[next].value.low <= after {
                if widest == nil || spans[next].value.high > widest?.high ?? 0 {
                    widest = (spans[next].key, spans[next].value.high, spans[next].value.command)
                }
                next += 1
            }
            if let widest, widest.high >= before {
                gaps.append(.init(after: after, before: before, processID: widest.pid, command: widest.command))
            }
        }
        return gaps
    }
}
