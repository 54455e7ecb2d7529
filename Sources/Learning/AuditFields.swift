/// The `key=value` fields of an audit record's body, as the kernel and auditd write them:
/// separated by spaces (auditd's ENRICHED format appends its interpreted fields after a 0x1D
/// byte, also a separator), values bare or in double quotes. Untrusted text: anything odd
/// (a word without `=`, an unterminated quote) is skipped or taken as far as it goes.
struct AuditFields {
    private(set) var values: [String: String] = [:]

    init(_ text: Substring) {
        let bytes = Array(text.utf8)
        var index = 0
        func isSeparator(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x1d || byte == 0x0d }
        while index < bytes.count {
            while index < bytes.count && isSeparator(bytes[index]) { index += 1 }
            let keyStart = index
            while index < bytes.count && !isSeparator(bytes[index]) && bytes[index] != UInt8(ascii: "=") { index += 1 }
            let key = String(decoding: bytes[keyStart..<index], as: UTF8.self)
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { continue }  // a word without '='
            index += 1
            var value: String
            if index < bytes.count && bytes[index] == UInt8(ascii: "\"") {
                let valueStart = index + 1
                index = valueStart
                while index < bytes.count && bytes[index] != UInt8(ascii: "\"") { index += 1 }
                value = "\"" + String(decoding: bytes[valueStart..<index], as: UTF8.self) + "\""
                if index < bytes.count { index += 1 }
            } else {
                let valueStart = index
                while index < bytes.count && !isSeparator(bytes[index]) { index += 1 }
                value = String(decoding: bytes[valueStart..<index], as: UTF8.self)
            }
            if !key.isEmpty && values[key] == nil { values[key] = value }
        }
    }

    subscript(key: String) -> String? { values[key] }

    /// A string field as the kernel logs it (`audit_log_untrustedstring`): in quotes when
    /// plain, hex-encoded without quotes when it holds spaces or control characters.
    func text(_ key: String) -> String? {
        guard let raw = values[key] else { return nil }
        if raw.hasPrefix("\"") && raw.hasSuffix("\"") && raw.count >= 2 { return String(raw.dropFirst().dropLast()) }
        return Self.hexDecoded(raw) ?? raw
    }

    private static func hexDecoded(_ text: String) -> String? {
        let digits = Array(text.utf8)
        guard !digits.isEmpty, digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for pair in stride(from: 0, to: digits.count, by: 2) {
            guard let high = hexValue(digits[pair]), let low = hexValue(digits[pair + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
