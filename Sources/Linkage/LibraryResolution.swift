/// How one `DT_NEEDED` entry was (or was not) satisfied.
public struct LibraryResolution: Sendable, Codable, Equatable {
    public enum Outcome: Sendable, Codable, Equatable {
        /// musl's loader answers the name itself (`libc.so.6` and the other reserved names).
        case providedByLoader
        /// Found on disk at this runtime path.
        case found(String)
        /// Already loaded (same name or same file) at this runtime path.
        case alreadyLoaded(String)
        /// A file was found but cannot be used (wrong architecture, not ELF).
        case unusable(String, reason: String)
        /// Not found in any of the searched directories.
        case notFound(searched: [String])
    }

    /// The object whose DT_NEEDED asked for it.
    public var neededBy: String
    /// The name asked for.
    public var name: String
    public var outcome: Outcome
    /// For a library found on disk: the path the loader opened (search directory + name),
    /// which may be a symlink to the file ``Outcome/found(_:)`` names.
    public var openedPath: String?

    public var isFailure: Bool {
        switch outcome {
        case .notFound, .unusable: return true
        default: return false
        }
    }
}
