/// The text of an `APKINDEX` (the file inside `APKINDEX.tar.gz`'s index member), parsed.
///
/// Records are separated by blank lines (apk ends a record at any line shorter than two
/// bytes) and each line is `X:value` with a one-letter key. Parsing is as strict as apk 3
/// where apk 3 refuses the index, and stricter where a broken record would otherwise slip
/// by unnoticed:
/// - a line that is not `X:…`, a record without `C:`, `P:` or `V:`, a `C:` that is not a
///   SHA-1 identity, a non-numeric `S:`/`I:`/`t:`/`k:`, or a repeated `C:`/`P:`/`V:` throws
///   an ``AlpineFormatError`` naming the line;
/// - an unknown lowercase field is kept and ignored; an unknown uppercase field, or a `D:`
///   that does not parse, makes the package uninstallable (``PackageRecord/uninstallableReason``);
///   a bad `p:` token is dropped, a bad `i:` drops the whole install-if rule (apk 3 does the
///   same); each of these adds an ``IndexWarning``.
/// - installed-database fields (`F M R Z a r q s f g`) never belong in an index and are
///   kept as unknown fields without making the package uninstallable.
public struct APKIndex: Sendable {
    /// Where the index came from, for messages.
    public let source: String
    /// The records in file order.
    public let records: [PackageRecord]
    /// What apk would accept with a warning.
    public let warnings: [IndexWarning]
    /// The archive's `DESCRIPTION` entry (for Alpine, the aports `git describe`), if any.
    public var repositoryDescription: String?

    /// Parses `text` (the bytes of the `APKINDEX` entry); `source` names it in errors.
    public init(text: [UInt8], source: String) throws(AlpineFormatError) {
        self.source = source
        var parser = IndexParser(source: source)
        var lineNumber = 0
        var start = 0
        while start < text.count {
            let end = text[start...].firstIndex(of: UInt8(ascii: "\n")) ?? text.count
            lineNumber += 1
            try parser.feed(text[start..<end], line: lineNumber)
            start = end + 1
        }
        try parser.finishRecord()
        records = parser.records
        warnings = parser.warnings
    }
}

/// The state of one pass over an index's lines.
private struct IndexParser {
    let source: String
    var records: [PackageRecord] = []
    var warnings: [IndexWarning] = []
    private var fields: [(letter: UInt8, value: String, line: Int)] = []

    init(source: String) { self.source = source }

    mutating func feed(_ bytes: ArraySlice<UInt8>, line: Int) throws(AlpineFormatError) {
        if bytes.count < 2 {
            try finishRecord()
            return
        }
        let letter = bytes[bytes.startIndex]
        guard bytes[bytes.startIndex + 1] == UInt8(ascii: ":"), letter >= 0x21, letter < 0x7f else {
            throw error(line, "not a `X:value` field line")
        }
        guard let value = String(validating: bytes.dropFirst(2), as: UTF8.self) else {
            throw error(line, "the value of \(Character(UnicodeScalar(letter))): is not UTF-8")
        }
        fields.append((letter, value, line))
    }

    mutating func finishRecord() throws(AlpineFormatError) {
        guard let first = fields.first else { return }
        defer { fields.removeAll(keepingCapacity: true) }
        func single(_ letter: Unicode.Scalar) throws(AlpineFormatError) -> (value: String, line: Int)? {
            let matches = fields.filter { $0.letter == UInt8(ascii: letter) }
            if matches.count > 1 { throw error(matches[1].line, "a second \(letter): in one record") }
            return matches.first.map { ($0.value, $0.line) }
        }
        guard let checksumField = try single("C") else {
            throw error(first.line, "record without C: (package identity); apk 3 refuses the whole index")
        }
        guard let nameField = try single("P") else { throw error(first.line, "record without P: (package name)") }
        guard let versionField = try single("V") else { throw error(first.line, "record without V: (package version)") }
        guard !nameField.value.isEmpty else { throw error(nameField.line, "empty P: (package name)") }
        let checksum: PackageChecksum
        do { checksum = try PackageChecksum(parsing: Substring(checksumField.value)) } catch {
            throw self.error(checksumField.line, "C: \(error.description)")
        }
        var record = PackageRecord(checksum: checksum, name: nameField.value, version: ApkVersion(versionField.value),
                                   line: first.line)
        if !record.version.isValid {
            warn(versionField.line, "\(record.name): V:\(versionField.value) is not a valid apk version (compared as apk does)")
        }
        for field in fields {
            try apply(field.letter, field.value, line: field.line, to: &record)
        }
        records.append(record)
    }

    private mutating func apply(_ letter: UInt8, _ value: String, line: Int,
                                to record: inout PackageRecord) throws(AlpineFormatError) {
        switch letter {
        case UInt8(ascii: "C"), UInt8(ascii: "P"), UInt8(ascii: "V"): break
        case UInt8(ascii: "A"): record.architecture = value.isEmpty ? nil : value
        case UInt8(ascii: "S"): record.size = try number(value, "S", line)
        case UInt8(ascii: "I"): record.installedSize = try number(value, "I", line)
        case UInt8(ascii: "t"): record.buildTime = try number(value, "t", line)
        case UInt8(ascii: "k"): record.providerPriority = try number(value, "k", line)
        case UInt8(ascii: "T"): record.summary = value
        case UInt8(ascii: "U"): record.url = value
        case UInt8(ascii: "L"): record.license = value
        case UInt8(ascii: "o"): record.origin = value
        case UInt8(ascii: "m"): record.maintainer = value
        case UInt8(ascii: "c"): record.commit = value
        case UInt8(ascii: "D"):
            let (parsed, errors) = Dependency.parseList(value)
            record.depends += parsed
            if let first = errors.first {
                record.uninstallableReason = record.uninstallableReason ?? "its D: has \(first.description)"
                warn(line, "\(record.name): \(first.description); the package is not installable")
            }
        case UInt8(ascii: "p"):
            for token in value.split(separator: " ") {
                do { record.provides.append(try Provide(parsing: token)) } catch {
                    warn(line, "\(record.name): p: \(error.description); ignored")
                }
            }
        case UInt8(ascii: "i"):
            let (parsed, errors) = Dependency.parseList(value)
            if let first = errors.first {
                warn(line, "\(record.name): i: \(first.description); the install_if rule is ignored")
            } else {
                record.installIf += parsed
            }
        default:
            let character = Character(UnicodeScalar(letter))
            record.unknownFields.append(.init(letter: character, value: value))
            if "FMRZarqsfg".contains(character) {
                warn(line, "\(record.name): \(character): is an installed-database field, ignored in an index")
            } else if character.isUppercase {
                record.uninstallableReason = record.uninstallableReason
                    ?? "unknown field \(character): (written by a newer apk-tools; apk 3 calls it uninstallable)"
                warn(line, "\(record.name): unknown field \(character):; the package is not installable")
            } else {
                warn(line, "\(record.name): unknown field \(character):, ignored")
            }
        }
    }

    private func number(_ value: String, _ letter: String, _ line: Int) throws(AlpineFormatError) -> UInt64 {
        guard !value.isEmpty, value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let number = UInt64(value) else {
            throw error(line, "\(letter):\(value) is not a decimal number")
        }
        return number
    }

    private mutating func warn(_ line: Int, _ message: String) {
        warnings.append(IndexWarning(line: line, message: message))
    }

    private func error(_ line: Int, _ problem: String) -> AlpineFormatError {
        AlpineFormatError(file: source, part: "APKINDEX", line: line, problem)
    }
}
