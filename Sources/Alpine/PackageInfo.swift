/// A package's `.PKGINFO` (the first entry of its control member), parsed.
///
/// Lines are `key = value` with exactly space-equals-space; `#` lines are comments, empty
/// lines are skipped, keys may repeat (`depend`, `provides`, `replaces`). Apart from
/// `datahash` (which ties the data member to the signed control member) apk reads nothing
/// from here when it installs from a repository: the index is authoritative.
///
/// Thrown (``AlpineFormatError``): a line that is not `key = value` (apk would silently drop
/// it, and a `datahash=…` written without spaces would lose the data check), a value that is
/// not UTF-8, a `datahash` that is not 64 hex digits, or two `datahash` lines.
/// Warned (``warnings``): a dependency, provide or number that does not parse; such a value
/// is left out of the typed accessors.
public struct PackageInfo: Sendable {
    /// One `key = value` line.
    public struct Field: Equatable, Sendable {
        public var key: String
        public var value: String
        public var line: Int
    }

    /// Every field, in file order.
    public let fields: [Field]
    /// SHA-256 of the compressed data member (32 bytes), from `datahash`.
    public let datahash: [UInt8]?
    /// Values that did not parse, as `line N: …` messages.
    public let warnings: [String]

    /// Parses the bytes of `.PKGINFO`; `source` names the package file in errors.
    public init(text: [UInt8], source: String) throws(AlpineFormatError) {
        var fields: [Field] = []
        var lineNumber = 0
        var start = 0
        while start < text.count {
            let end = text[start...].firstIndex(of: UInt8(ascii: "\n")) ?? text.count
            lineNumber += 1
            defer { start = end + 1 }
            let bytes = text[start..<end]
            if bytes.isEmpty || bytes.first == UInt8(ascii: "#") { continue }
            guard let line = String(validating: bytes, as: UTF8.self) else {
                throw AlpineFormatError(file: source, part: ".PKGINFO", line: lineNumber, "not UTF-8")
            }
            guard let separator = line.firstRange(of: " = ") else {
                throw AlpineFormatError(file: source, part: ".PKGINFO", line: lineNumber,
                                        "`\(line.prefix(60))` is not `key = value` (space, =, space)")
            }
            let key = String(line[..<separator.lowerBound])
            guard !key.isEmpty else {
                throw AlpineFormatError(file: source, part: ".PKGINFO", line: lineNumber, "a line without a key")
            }
            fields.append(Field(key: key, value: String(line[separator.upperBound...]), line: lineNumber))
        }
        let hashes = fields.filter { $0.key == "datahash" }
        if hashes.count > 1 {
            throw AlpineFormatError(file: source, part: ".PKGINFO", line: hashes[1].line, "a second datahash")
        }
        if let field = hashes.first {
            guard field.value.utf8.count == 64, let bytes = Hex.decode(Substring(field.value)) else {
                throw AlpineFormatError(file: source, part: ".PKGINFO", line: field.line,
                                        "datahash `\(field.value.prefix(80))` is not 64 hex digits (a SHA-256)")
            }
            datahash = bytes
        } else {
            datahash = nil
        }
        self.fields = fields
        warnings = Self.check(fields)
    }

    /// Every value of `key`, in order.
    public func values(_ key: String) -> [String] { fields.filter { $0.key == key }.map(\.value) }

    /// The last value of `key` (apk keeps the last one of a single-valued key).
    public func value(_ key: String) -> String? { fields.last { $0.key == key }?.value }

    /// `pkgname`
    public var name: String? { value("pkgname") }
    /// `pkgver`
    public var version: ApkVersion? { value("pkgver").map(ApkVersion.init) }
    /// `arch`
    public var architecture: String? { value("arch") }
    /// `size`: the installed size in bytes.
    public var installedSize: UInt64? { value("size").flatMap(Self.decimal) }
    /// `builddate`: Unix seconds.
    public var buildTime: UInt64? { value("builddate").flatMap(Self.decimal) }
    /// `provider_priority`
    public var providerPriority: UInt64? { value("provider_priority").flatMap(Self.decimal) }
    /// `depend` lines (one or more tokens each) that parse.
    public var depends: [Dependency] { values("depend").flatMap { Dependency.parseList($0).dependencies } }
    /// `provides` lines that parse.
    public var provides: [Provide] {
        values("provides").flatMap { $0.split(separator: " ").compactMap { try? Provide(parsing: $0) } }
    }
    /// `install_if`, when every token parses (apk ignores a partly broken rule).
    public var installIf: [Dependency] {
        guard let text = value("install_if") else { return [] }
        let (dependencies, errors) = Dependency.parseList(text)
        return errors.isEmpty ? dependencies : []
    }

    private static func decimal(_ text: String) -> UInt64? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return UInt64(text)
    }

    private static func check(_ fields: [Field]) -> [String] {
        var warnings: [String] = []
        for field in fields {
            switch field.key {
            case "size", "builddate", "provider_priority", "replaces_priority":
                if decimal(field.value) == nil { warnings.append("line \(field.line): \(field.key) `\(field.value)` is not a number") }
            case "depend", "install_if":
                for error in Dependency.parseList(field.value).errors { warnings.append("line \(field.line): \(error)") }
            case "provides":
                for token in field.value.split(separator: " ") {
                    do { _ = try Provide(parsing: token) } catch { warnings.append("line \(field.line): \(error)") }
                }
            case "pkgver":
                if !ApkVersion(field.value).isValid {
                    warnings.append("line \(field.line): pkgver `\(field.value)` is not a valid apk version")
                }
            default: break
            }
        }
        return warnings
    }
}
