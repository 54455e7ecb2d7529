/// The checks every entry name passes before anything is created for it, shared by every
/// reader so that zip, tar and apk entries obey the same rules.
enum EntryPath {
    /// The longest path component Linux file systems accept (`NAME_MAX`).
    static let maximumComponentLength = 255

    /// Decodes a raw name: refuses NUL bytes and invalid UTF-8.
    static func decode(_ bytes: some Collection<UInt8>) -> Result<String, ArchiveError.Problem> {
        if bytes.contains(0) { return .failure(.nulInName) }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .failure(.nameNotUTF8) }
        return .success(text)
    }

    /// Splits `path` into components, dropping empty ones and `.`, and refusing absolute
    /// paths, `..` anywhere, over-long paths and over-long components.
    static func components(of path: String, maximumLength: Int) -> Result<[String], ArchiveError.Problem> {
        let bytes = path.utf8
        if bytes.count > maximumLength { return .failure(.pathTooLong(length: bytes.count, limit: maximumLength)) }
        if bytes.first == UInt8(ascii: "/") { return .failure(.absolutePath) }
        var result: [String] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { return .failure(.parentDirectoryReference) }
            if part.utf8.count > maximumComponentLength { return .failure(.componentTooLong(length: part.utf8.count)) }
            result.append(String(part))
        }
        return .success(result)
    }

    /// Validates a symbolic link's target: it may point anywhere (it is never followed while
    /// extracting, and inside the sandbox it resolves inside the sandbox) but must be a
    /// non-empty UTF-8 string without NUL, no longer than `maximumLength`.
    static func checkLinkTarget(_ bytes: some Collection<UInt8>, maximumLength: Int) -> Result<String, ArchiveError.Problem> {
        if bytes.isEmpty { return .failure(.invalidLinkTarget("is empty")) }
        if bytes.contains(0) { return .failure(.invalidLinkTarget("contains a NUL byte")) }
        if bytes.count > maximumLength {
            return .failure(.invalidLinkTarget("is \(bytes.count) bytes long, over the limit of \(maximumLength)"))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(.invalidLinkTarget("is not valid UTF-8"))
        }
        return .success(text)
    }
}
