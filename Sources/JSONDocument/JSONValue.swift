/// A JSON document as parsed, before its meaning is checked: what the readers walk
/// (with the path of every value, for messages) and what ``JSONWriter`` prints.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// The number's literal text, so a 64-bit argument value keeps every digit.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in document order (the writer prints them in this order).
    case object([JSONMember])

    /// What a message calls this kind of value: "a string", "an array"…
    public var kind: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// One `"key": value` member of a JSON object.
public struct JSONMember: Equatable, Sendable {
    public var key: String
    public var value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// A position in a JSON document, printed the way messages show it: `$.arches.x86.syscalls[3]`.
public struct JSONPath: Equatable, Sendable, CustomStringConvertible {
    public private(set) var components: [Component] = []

    public init() {}

    public enum Component: Equatable, Sendable {
        case key(String)
        case index(Int)
    }

    public static let root = JSONPath()

    public func appending(_ key: String) -> JSONPath {
        var copy = self
        copy.components.append(.key(key))
        return copy
    }

    public func appending(_ index: Int) -> JSONPath {
        var copy = self
        copy.components.append(.index(index))
        return copy
    }

    public var description: String {
        var text = "$"
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key):
                let plain = !key.isEmpty && key.utf8.allSatisfy { c in
                    c == UInt8(ascii: "_") || (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7a)
                }
                text += plain ? ".\(key)" : "[\(JSONWriter.quoted(key))]"
            }
        }
        return text
    }
}
