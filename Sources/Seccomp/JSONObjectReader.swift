/// Reads one JSON object's members at a known path, refusing members it was not told about
/// and turning every type mismatch into a ``PolicyError`` that names the path.
struct JSONObjectReader {
    let file: String?
    let path: JSONPath
    private let members: [String: JSONValue]

    /// Checks that `value` is an object whose keys are all in `fields`.
    init(_ value: JSONValue, at path: JSONPath, file: String?, fields: [String]) throws(PolicyError) {
        self.file = file
        self.path = path
        guard case .object(let list) = value else {
            throw PolicyError(file: file, path: path.description, message: "expected an object, found \(value.kind)")
        }
        for member in list where !fields.contains(member.key) {
            throw PolicyError(file: file, path: path.appending(member.key).description, message:
                "unknown field \(JSONWriter.quoted(member.key)) (expected \(fields.map { "\"\($0)\"" }.joined(separator: ", ")))")
        }
        members = Dictionary(list.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    func error(_ key: String?, _ message: String) -> PolicyError {
        PolicyError(file: file, path: (key.map { path.appending($0) } ?? path).description, message: message)
    }

    func has(_ key: String) -> Bool { members[key] != nil }

    func value(_ key: String) throws(PolicyError) -> JSONValue {
        guard let value = members[key] else { throw error(nil, "missing field \"\(key)\"") }
        return value
    }

    func string(_ key: String) throws(PolicyError) -> String {
        let value = try value(key)
        guard case .string(let text) = value else { throw error(key, "expected a string, found \(value.kind)") }
        return text
    }

    func bool(_ key: String) throws(PolicyError) -> Bool {
        let value = try value(key)
        guard case .bool(let flag) = value else { throw error(key, "expected true or false, found \(value.kind)") }
        return flag
    }

    /// An unsigned 64-bit integer: a JSON integer, or (for flag values) a `"0x…"` string.
    func unsigned(_ key: String, hexAllowed: Bool = false) throws(PolicyError) -> UInt64 {
        let value = try value(key)
        let expected = hexAllowed ? "an unsigned integer (or a \"0x…\" hex string)" : "an unsigned integer"
        switch value {
        case .number(let text):
            if let number = UInt64(text) { return number }
            if text.hasPrefix("-") { throw error(key, "expected \(expected), found the negative number \(text)") }
            if text.allSatisfy(\.isNumber) { throw error(key, "\(text) is larger than 2^64-1") }
            throw error(key, "expected \(expected), found the number \(text)")
        case .string(let text) where hexAllowed:
            let digits = text.lowercased().hasPrefix("0x") ? String(text.dropFirst(2)) : ""
            guard !digits.isEmpty, let number = UInt64(digits, radix: 16) else {
                throw error(key, "expected \(expected), found \(JSONWriter.quoted(text))")
            }
            return number
        default:
            throw error(key, "expected \(expected), found \(value.kind)")
        }
    }

    func array(_ key: String) throws(PolicyError) -> [JSONValue] {
        let value = try value(key)
        guard case .array(let elements) = value else { throw error(key, "expected an array, found \(value.kind)") }
        return elements
    }

    func object(_ key: String) throws(PolicyError) -> [JSONMember] {
        let value = try value(key)
        guard case .object(let members) = value else { throw error(key, "expected an object, found \(value.kind)") }
        return members
    }
}
