import Foundation

/// What one line of a kernel log, `journalctl` output or auditd's `audit.log` holds, as far
/// as seccomp learning cares.
enum AuditLogLine {
    /// Where a record line comes from; the three formats barracks reads.
    enum Source: Equatable {
        /// printk (`dmesg`, `journalctl -k`, syslog `kernel:`):
        /// `audit: type=1326 audit(1796313034.228:44): auid=… arch=40000003 syscall=45 …`
        case kernel
        /// journald's own copy from the audit socket: `audit[13919]: SECCOMP auid=… syscall=45 …`
        /// (no serial, no time of its own).
        case journal
        /// auditd's log: `type=SECCOMP msg=audit(1613596317.899:6461): auid=… ARCH=x86_64 SYSCALL=close`
        /// (ENRICHED and `ausearch -i` forms too).
        case auditd
    }

    /// An audit record of any type.
    struct Record {
        var source: Source
        var isSeccomp: Bool
        var serial: UInt64?
        var time: Date?
        var fields: AuditFields
    }

    case record(Record)
    /// `kauditd_printk_skb: 33 callbacks suppressed`: that many printk calls were dropped.
    case suppressed(function: String, count: UInt64)
    /// `audit: audit_lost=5 audit_rate_limit=0 audit_backlog_limit=64`: the kernel's running count.
    case lostCounter(UInt64)
    /// `audit: backlog limit exceeded`, `audit: rate limit exceeded`: one record dropped.
    case lossMessage
    /// Looked like an audit record but could not be read.
    case malformed(String)
    /// Anything else.
    case unrelated

    /// `AUDIT_SECCOMP`.
    static let seccompType = 1326

    init(_ line: Substring) {
        if let range = line.range(of: " callbacks suppressed") {
            let words = line[..<range.lowerBound].split(separator: " ")
            if words.count >= 2, let count = UInt64(words[words.count - 1]), words[words.count - 2].hasSuffix(":") {
                self = .suppressed(function: String(words[words.count - 2].dropLast()), count: count)
                return
            }
        }
        if let range = line.range(of: "audit: type=") {
            self = Self.kernelRecord(line[range.upperBound...])
        } else if let range = line.range(of: "audit_lost="), line.contains("audit") {
            let digits = line[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
            self = UInt64(digits).map(Self.lostCounter) ?? .malformed("audit_lost= without a number")
        } else if line.contains("audit: backlog limit exceeded") || line.contains("audit: rate limit exceeded") {
            self = .lossMessage
        } else if let record = Self.auditdRecord(line) {
            self = record
        } else if let record = Self.journalRecord(line) {
            self = record
        } else {
            self = .unrelated
        }
    }

    /// After `audit: type=`: `1326 audit(1796313034.228:44): fields`.
    private static func kernelRecord(_ text: Substring) -> AuditLogLine {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard let type = Int(digits) else { return .malformed("audit: type= without a number") }
        let rest = text[digits.endIndex...]
        guard rest.hasPrefix(" audit("), let (serial, time, body) = stamp(rest.dropFirst(" audit(".count)) else {
            return .malformed("audit record without audit(TIME:SERIAL)")
        }
        return .record(Record(source: .kernel, isSeccomp: type == seccompType, serial: serial, time: time, fields: AuditFields(body)))
    }

    /// `[node=NAME ]type=NAME msg=audit(TIME:SERIAL): fields`.
    private static func auditdRecord(_ line: Substring) -> AuditLogLine? {
        var text = line.drop { $0 == " " }
        if text.hasPrefix("node=") {
            guard let space = text.firstIndex(of: " ") else { return nil }
            text = text[text.index(after: space)...]
        }
        guard text.hasPrefix("type="), let marker = text.range(of: " msg=audit(") else { return nil }
        let name = text[text.index(text.startIndex, offsetBy: 5)..<marker.lowerBound]
        guard let (serial, time, body) = stamp(text[marker.upperBound...]) else {
            return .malformed("type=\(name) without msg=audit(TIME:SERIAL)")
        }
        let isSeccomp = name == "SECCOMP" || name == "UNKNOWN[\(seccompType)]" || name == String(seccompType)
        return .record(Record(source: .auditd, isSeccomp: isSeccomp, serial: serial, time: time, fields: AuditFields(body)))
    }

    /// `… audit[PID]: TYPE fields` or `… audit: TYPE fields` (journald's audit transport).
    private static func journalRecord(_ line: Substring) -> AuditLogLine? {
        var search = line[...]
        while let found = search.range(of: "audit") {
            var rest = line[found.upperBound...]
            search = rest
            if rest.hasPrefix("[") {
                rest = rest.dropFirst().drop { $0.isASCII && $0.isNumber }
                guard rest.hasPrefix("]") else { continue }
                rest = rest.dropFirst()
            }
            guard rest.hasPrefix(": ") else { continue }
            rest = rest.dropFirst(2)
            let type = rest.prefix { ($0.isASCII && $0.isUppercase) || $0 == "_" }
            guard type.count >= 3, rest[type.endIndex...].hasPrefix(" ") else { continue }
            return .record(Record(source: .journal, isSeccomp: type == "SECCOMP", serial: nil, time: nil,
                                  fields: AuditFields(rest[type.endIndex...])))
        }
        return nil
    }

    /// `TIME:SERIAL): body` or, from `ausearch -i`, `MM/DD/YYYY HH:MM:SS.mmm:SERIAL) : body`.
    private static func stamp(_ text: Substring) -> (UInt64, Date?, Substring)? {
        guard let close = text.firstIndex(of: ")") else { return nil }
        let inside = text[..<close]
        guard let colon = inside.lastIndex(of: ":"), let serial = UInt64(inside[inside.index(after: colon)...]) else { return nil }
        // Seconds since 1970 (a plausible value only: the text is untrusted).
        let time = Double(inside[..<colon]).flatMap { $0.isFinite && $0 >= 0 && $0 < 1e11 ? Date(timeIntervalSince1970: $0) : nil }
        var body = text[text.index(after: close)...]
        body = body.drop { $0 == " " }
        guard body.hasPrefix(":") else { return nil }
        return (serial, time, body.dropFirst())
    }
}
