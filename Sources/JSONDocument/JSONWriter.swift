/// Prints a ``JSONValue`` the same way every time: two-space indentation, members in the
/// order they are stored, and values nested `inlineDepth` levels deep on one line (so a
/// policy shows one syscall per line and a diff of two policies reads line by line).
public enum JSONWriter {
    public static func write(_ value: JSONValue, inlineDepth: Int = .max) -> String {
        var output = ""
        write(value, depth: 0, inlineDepth: inlineDepth, into: &output)
        output += "\n"
        return output
    }

    private static func write(_ value: JSONValue, depth: Int, inlineDepth: Int, into output: inout String) {
        let inline = depth >= inlineDepth
        let indent = String(repeating: "  ", count: depth + 1)
        let closing = String(repeating: "  ", count: depth)
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let text): output += text
        case .string(let text): output += quoted(text)
        case .array(let elements):
            if elements.isEmpty { output += "[]"; return }
            output += inline ? "[" : "[\n"
            for (position, element) in elements.enumerated() {
                if !inline { output += indent }
                write(element, depth: depth + 1, inlineDepth: inlineDepth, into: &output)
                if position < elements.count - 1 { output += inline ? ", " : ",\n" }
            }
            output += inline ? "]" : "\n" + closing + "]"
        case .object(let members):
            if members.isEmpty { output += "{}"; return }
            output += inline ? "{" : "{\n"
            for (position, member) in members.enumerated() {
                if !inline { output += indent }
                output += quoted(member.key) + ": "
                write(member.value, depth: depth + 1, inlineDepth: inlineDepth, into: &output)
                if position < members.count - 1 { output += inline ? ", " : ",\n" }
            }
            output += inline ? "}" : "\n" + closing + "}"
        }
    }

    /// `text` as a JSON string literal: quotes, backslashes and control characters escaped,
    /// everything else (non-ASCII included) as it is.
    public static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
