/// Reads one JSON object's members at a known path, refusing members it was not told about
/// and turning every type mismatch into a ``DocumentError`` that names the path.
public struct JSONObjectReader {
    public let file: String?
    public let path: JSONPath
    private let members: [String: JSONValue]

    /// Checks that `value` is an object whose keys are all in `fields`.
    public init(_ value: JSONValue, at path: JSONPath, file: String?, fields: [String]) throws(DocumentError) {
        self.file = file
        self.path = path
        guard case .object(let list) = value else {
            throw DocumentError(file: file, path: path.description, message: "expected an object, found \(value.kind)")
        }
        for member in list where !fields.contains(member.key) {
            throw DocumentError(file: file, path: path.appending(member.key).description, message:
                "unknown field \(JSONWriter.quoted(member.key)) (expected \(fields.map { "\"\($0)\"" }.joined(separator: ", ")))")
        }
        members = Dictionary(list.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    public func error(_ key: String?, _ message: String) -> DocumentError {
        DocumentError(file: file, path: (key.map { path.appending($0) } ?? path).description, message: message)
    }

    public func has(_ key: String) -> Bool { members[key] != nil }

    public func value(_ key: String) throws(DocumentError) -> JSONValue {
        guard let value = members[key] else { throw error(nil, "missing field \"\(key)\"") }
        return value
    }

    public func string(_ key: String) throws(DocumentError) -> String {
        let value = try value(key)
        guard case .string(let text) = value else { throw error(key, "expected a string, found \(value.kind)") }
        return text
    }

    public func bool(_ key: String) throws(DocumentError) -> Bool {
        let value = try value(key)
        guard case .bool(let flag) = value else { throw error(key, "expected true or false, found \(value.kind)") }
        return flag
    }

    /// An unsigned 64-bit integer: a JSON integer, or (for flag values) a `"0x…"` string.
    public func unsigned(_ key: String, hexAllowed: Bool = false) throws(DocumentError) -> UInt64 {
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

    public func array(_ key: String) throws(DocumentError) -> [JSONValue] {
        let value = try value(key)
        guard case .array(let elements) = value else { throw error(key, "expected an array, found \(value.kind)") }
        return elements
    }

    public func object(_ key: String) throws(DocumentError) -> [JSONMember] {
        let value = try value(key)
        guard case .object(let members) = value else { throw error(key, "expected an object, found \(value.kind)") }
        return members
    }
}
