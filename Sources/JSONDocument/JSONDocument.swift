/// Entry points for reading a whole document.
public enum JSONDocument {
    /// Parses `bytes` as one JSON value, turning a syntax error into a ``DocumentError`` that
    /// names `file`, the path being read, the line and the column.
    public static func parse(_ bytes: [UInt8], file: String?) throws(DocumentError) -> JSONValue {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw DocumentError(file: file, path: error.path.description,
                                message: "line \(error.line), column \(error.column): \(error.message)")
        }
    }
}
