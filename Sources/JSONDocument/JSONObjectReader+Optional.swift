/// Typed reads of optional members and simple collections, each error naming the path.
extension JSONObjectReader {
    /// The string at `key`, or `nil` when the member is absent.
    public func optionalString(_ key: String) throws(DocumentError) -> String? {
        has(key) ? try string(key) : nil
    }

    /// The boolean at `key`, or `fallback` when the member is absent.
    public func bool(_ key: String, default fallback: Bool) throws(DocumentError) -> Bool {
        has(key) ? try bool(key) : fallback
    }

    /// An array of strings; each element's type is checked at its own index.
    public func strings(_ key: String) throws(DocumentError) -> [String] {
        var result: [String] = []
        for (index, element) in try array(key).enumerated() {
            guard case .string(let text) = element else {
                throw DocumentError(file: file, path: path.appending(key).appending(index).description,
                                    message: "expected a string, found \(element.kind)")
            }
            result.append(text)
        }
        return result
    }

    /// An object whose values are all strings.
    public func stringMap(_ key: String) throws(DocumentError) -> [String: String] {
        var result: [String: String] = [:]
        for member in try object(key) {
            guard case .string(let text) = member.value else {
                throw DocumentError(file: file, path: path.appending(key).appending(member.key).description,
                                    message: "expected a string, found \(member.value.kind)")
            }
            result[member.key] = text
        }
        return result
    }

    /// A reader for the object at `key`, accepting only `fields`.
    public func objectReader(_ key: String, fields: [String]) throws(DocumentError) -> JSONObjectReader {
        try JSONObjectReader(value(key), at: path.appending(key), file: file, fields: fields)
    }
}
