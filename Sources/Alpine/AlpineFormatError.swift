/// A malformed APKINDEX, `.PKGINFO`, signature or index archive: which file, which part,
/// which line, and what is wrong.
///
/// Descriptions read `v3.24/main/x86/APKINDEX.tar.gz: APKINDEX line 42: record without
/// C: (package identity)`.
public struct AlpineFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file or URL the bytes came from (empty when unknown).
    public var file: String
    /// The part of the file: `APKINDEX`, `.PKGINFO`, `signature member`, `index member`.
    public var part: String
    /// The 1-based line, for text formats.
    public var line: Int?
    /// What is wrong, and what to do about it when there is something to do.
    public var problem: String

    public init(file: String, part: String, line: Int? = nil, _ problem: String) {
        self.file = file
        self.part = part
        self.line = line
        self.problem = problem
    }

    public var description: String {
        let place = line.map { "\(part) line \($0)" } ?? part
        return file.isEmpty ? "\(place): \(problem)" : "\(file): \(place): \(problem)"
    }
}

/// Something in an index that apk would accept but that deserves a word: an unknown field, a
/// package made uninstallable, an invalid version.
public struct IndexWarning: Equatable, Sendable, CustomStringConvertible {
    /// The 1-based line in `APKINDEX`.
    public var line: Int
    public var message: String

    public var description: String { "APKINDEX line \(line): \(message)" }
}
