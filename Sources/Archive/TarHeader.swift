/// One 512-byte ustar header block, parsed strictly: the checksum must match, the magic must
/// be POSIX (`ustar\0` `00`) or GNU (`ustar  \0`) as apk requires, and numeric fields must be
/// octal (base-256 is refused, as apk refuses it).
struct TarHeader {
    static let blockSize = 512

    let block: [UInt8]

    /// The raw name: `prefix/name` for POSIX headers with a prefix, else `name`.
    var name: [UInt8] {
        let name = field(0, 100)
        let prefix = isPOSIX ? field(345, 155) : []
        return prefix.isEmpty ? name : prefix + [UInt8(ascii: "/")] + name
    }
    var linkName: [UInt8] { field(157, 100) }
    var typeFlag: UInt8 { block[156] }
    var isPOSIX: Bool { block[257..<263].elementsEqual("ustar\0".utf8) }
    var isGNU: Bool { block[257..<265].elementsEqual("ustar  \0".utf8) }
    var isZero: Bool { block.allSatisfy { $0 == 0 } }

    /// Checks magic and checksum; returns what is wrong, or `nil`.
    func problem() -> String? {
        if !isPOSIX && !isGNU { return "a header has no 'ustar' magic (old V7 tar is not accepted)" }
        guard let stored = try? number(148, 8, "checksum") else { return "a header's checksum field is not octal" }
        var unsigned: Int64 = 0
        var signed: Int64 = 0
        for (index, byte) in block.enumerated() {
            let value = (148..<156).contains(index) ? UInt8(ascii: " ") : byte
            unsigned += Int64(value)
            signed += Int64(Int8(bitPattern: value))
        }
        if stored != unsigned && stored != signed { return "a header's checksum does not match its contents" }
        return nil
    }

    /// The bytes of a text field up to its first NUL.
    func field(_ offset: Int, _ length: Int) -> [UInt8] {
        Array(block[offset..<offset + length].prefix { $0 != 0 })
    }

    /// An octal number field: optional leading spaces, octal digits, then only spaces or NULs.
    func number(_ offset: Int, _ length: Int, _ what: String) throws -> Int64 {
        let bytes = block[offset..<offset + length]
        if let first = bytes.first, first & 0x80 != 0 {
            throw TarFieldError(detail: "its \(what) field uses base-256 encoding, which is not accepted")
        }
        var value: Int64 = 0
        var index = bytes.startIndex
        while index < bytes.endIndex && bytes[index] == UInt8(ascii: " ") { index += 1 }
        while index < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[index]) {
            value = value * 8 + Int64(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        guard bytes[index...].allSatisfy({ $0 == 0 || $0 == UInt8(ascii: " ") }) else {
            throw TarFieldError(detail: "its \(what) field is not an octal number")
        }
        return value
    }
}

/// A malformed header field; ``TarReader`` adds the archive and entry.
struct TarFieldError: Error {
    let detail: String
}

/// PAX extended header records: `"<length> <key>=<value>\n"`, each checked against its length.
enum PaxRecords {
    static func parse(_ data: [UInt8]) throws -> [(key: String, value: [UInt8])] {
        var records: [(key: String, value: [UInt8])] = []
        var position = 0
        while position < data.count {
            var length = 0
            var cursor = position
            while cursor < data.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(data[cursor]), cursor - position < 8 {
                length = length * 10 + Int(data[cursor] - UInt8(ascii: "0"))
                cursor += 1
            }
            guard cursor > position, cursor < data.count, data[cursor] == UInt8(ascii: " "),
                  length > cursor - position + 1, length <= data.count - position,
                  data[position + length - 1] == UInt8(ascii: "\n")
            else { throw TarFieldError(detail: "a PAX record at byte \(position) of its extended header is malformed") }
            let record = data[(cursor + 1)..<(position + length - 1)]
            guard let equals = record.firstIndex(of: UInt8(ascii: "=")), equals > record.startIndex,
                  let key = String(validating: record[record.startIndex..<equals], as: UTF8.self)
            else { throw TarFieldError(detail: "a PAX record at byte \(position) of its extended header has no key") }
            records.append((key, Array(record[(equals + 1)...])))
            position += length
        }
        return records
    }

    /// A decimal PAX number (`size`, `uid`, `mtime`; a fraction of a second is dropped).
    static func number(_ value: [UInt8], _ key: String) throws -> Int64 {
        var digits = value[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        if let dot = digits.firstIndex(of: UInt8(ascii: ".")) {
            guard digits[(dot + 1)...].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
                throw TarFieldError(detail: "its PAX '\(key)' value is not a number")
            }
            digits = digits[..<dot]
        }
        guard !digits.isEmpty, digits.count <= 18,
              digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { throw TarFieldError(detail: "its PAX '\(key)' value is not a number") }
        let magnitude = digits.reduce(Int64(0)) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) }
        return negative ? -magnitude : magnitude
    }
}
