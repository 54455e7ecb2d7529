/// A strict JSON parser (RFC 8259) that knows where it is: a syntax error names the JSON path
/// being read, the line and the column, and what was expected there.
///
/// Written instead of using Foundation's because Foundation's messages name neither the path
/// nor what was expected, and it turns large integers into doubles. Duplicate keys are errors;
/// nesting is limited so hostile input cannot exhaust the stack.
public struct JSONParser {
    /// Why a document is not JSON.
    public struct SyntaxError: Error, Equatable {
        public var path: JSONPath
        public var line: Int
        public var column: Int
        public var message: String
    }

    private let bytes: [UInt8]
    private var offset = 0
    private var path = JSONPath.root
    private var depth = 0
    private static let maximumDepth = 64

    /// Parses `bytes`, which must hold exactly one JSON value (surrounding whitespace allowed).
    public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        if String(validating: bytes, as: UTF8.self) == nil {
            throw parser.error("the file is not UTF-8 text", showingFound: false)
        }
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.offset == bytes.count else { throw parser.error("expected the end of the document") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func error(_ message: String, showingFound: Bool = true) -> SyntaxError {
        var line = 1
        var column = 1
        for byte in bytes[0..<min(offset, bytes.count)] {
            if byte == 0x0a { line += 1; column = 1 } else if byte & 0xc0 != 0x80 { column += 1 }
        }
        let found = !showingFound ? "" : offset < bytes.count ? ", found \(describe(bytes[offset]))" : ", found the end of the file"
        return SyntaxError(path: path, line: line, column: column, message: message + found)
    }

    private func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7f { return "'\(Character(Unicode.Scalar(byte)))'" }
        if byte == 0x0a { return "a line break" }
        if byte == 0x20 || byte == 0x09 || byte == 0x0d { return "white space" }
        return "byte 0x" + String(byte, radix: 16)
    }

    private var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0a || byte == 0x0d || byte == 0x09 { offset += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ message: String) throws(SyntaxError) {
        guard current == byte else { throw error(message) }
        offset += 1
    }

    private mutating func parseValue() throws(SyntaxError) -> JSONValue {
        switch current {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case let byte? where byte == UInt8(ascii: "-") || (byte >= 0x30 && byte <= 0x39):
            return .number(try parseNumber())
        default:
            throw error("expected a value (object, array, string, number, true, false or null)")
        }
    }

    private mutating func literal(_ word: String) throws(SyntaxError) {
        for byte in word.utf8 { try expect(byte, "expected '\(word)'") }
    }

    private mutating func enter() throws(SyntaxError) {
        depth += 1
        if depth > Self.maximumDepth { throw error("nested more than \(Self.maximumDepth) levels deep") }
    }

    private mutating func parseObject() throws(SyntaxError) -> JSONValue {
        try enter()
        offset += 1
        var members: [JSONMember] = []
        var seen: Set<String> = []
        let outer = path
        skipWhitespace()
        if current == UInt8(ascii: "}") { offset += 1; depth -= 1; return .object([]) }
        while true {
            guard current == UInt8(ascii: "\"") else { throw error("expected a member name in double quotes") }
            let keyStart = offset
            let key = try parseString()
            path = outer.appending(key)
            guard seen.insert(key).inserted else {
                offset = keyStart
                throw error("duplicate member \(JSONWriter.quoted(key))", showingFound: false)
            }
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "expected ':' after the member name")
            skipWhitespace()
            members.append(JSONMember(key, try parseValue()))
            skipWhitespace()
            if current == UInt8(ascii: ",") { offset += 1; skipWhitespace(); continue }
            try expect(UInt8(ascii: "}"), "expected ',' or '}' after a member")
            path = outer
            depth -= 1
            return .object(members)
        }
    }

    private mutating func parseArray() throws(SyntaxError) -> JSONValue {
        try enter()
        offset += 1
        var elements: [JSONValue] = []
        let outer = path
        skipWhitespace()
        if current == UInt8(ascii: "]") { offset += 1; depth -= 1; return .array([]) }
        while true {
            path = outer.appending(elements.count)
            elements.append(try parseValue())
            skipWhitespace()
            if current == UInt8(ascii: ",") { offset += 1; skipWhitespace(); continue }
            try expect(UInt8(ascii: "]"), "expected ',' or ']' after an element")
            path = outer
            depth -= 1
            return .array(elements)
        }
    }

    private mutating func parseNumber() throws(SyntaxError) -> String {
        let start = offset
        func digits() -> Int {
            let from = offset
            while let byte = current, byte >= 0x30 && byte <= 0x39 { offset += 1 }
            return offset - from
        }
        if current == UInt8(ascii: "-") { offset += 1 }
        if current == UInt8(ascii: "0") {
            offset += 1
        } else if digits() == 0 {
            throw error("expected a digit")
        }
        if current == UInt8(ascii: ".") {
            offset += 1
            if digits() == 0 { throw error("expected a digit after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            offset += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { offset += 1 }
            if digits() == 0 { throw error("expected a digit in the exponent") }
        }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    private mutating func parseString() throws(SyntaxError) -> String {
        offset += 1
        var scalars = String.UnicodeScalarView()
        var run = offset  // start of the current run of plain bytes
        func flush(_ parser: JSONParser) {
            scalars.append(contentsOf: String(decoding: parser.bytes[run..<parser.offset], as: UTF8.self).unicodeScalars)
        }
        while true {
            guard let byte = current else { throw error("unterminated string") }
            if byte == UInt8(ascii: "\"") {
                flush(self)
                offset += 1
                return String(scalars)
            }
            if byte < 0x20 { throw error("control character in a string (write it as an escape)") }
            if byte != UInt8(ascii: "\\") { offset += 1; continue }
            flush(self)
            offset += 1
            guard let escape = current else { throw error("unterminated string") }
            offset += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0c}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"): scalars.append(try unicodeEscape())
            default:
                offset -= 1
                throw error("unknown escape in a string")
            }
            run = offset
        }
    }

    /// The scalar of a `\uXXXX` escape (the `\u` already read), joining surrogate pairs.
    private mutating func unicodeEscape() throws(SyntaxError) -> Unicode.Scalar {
        let high = try hex4()
        if high >= 0xdc00 && high <= 0xdfff { throw error("lone low surrogate in a \\u escape") }
        if high >= 0xd800 && high <= 0xdbff {
            guard current == UInt8(ascii: "\\") else { throw error("expected a low surrogate after \\u\(String(high, radix: 16))") }
            offset += 1
            try expect(UInt8(ascii: "u"), "expected a low surrogate escape")
            let low = try hex4()
            guard low >= 0xdc00 && low <= 0xdfff else { throw error("expected a low surrogate") }
            let value = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00)
            return Unicode.Scalar(value) ?? "\u{fffd}"
        }
        return Unicode.Scalar(high) ?? "\u{fffd}"
    }

    private mutating func hex4() throws(SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = Self.hexDigit(byte) else { throw error("expected four hex digits after \\u") }
            value = value << 4 | digit
            offset += 1
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: return UInt32(byte - 0x30)
        case 0x41...0x46: return UInt32(byte - 0x41 + 10)
        case 0x61...0x66: return UInt32(byte - 0x61 + 10)
        default: return nil
        }
    }
}
