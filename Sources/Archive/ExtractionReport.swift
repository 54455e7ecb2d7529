/// What an extraction created.
public struct ExtractionReport: Equatable, Sendable {
    /// Regular files written (hard links not included).
    public var files = 0
    /// Directories created or given their recorded mode.
    public var directories = 0
    /// Symbolic links created.
    public var symbolicLinks = 0
    /// Hard links created.
    public var hardLinks = 0
    /// Entries dropped because stripping left nothing of their path.
    public var skipped = 0
    /// Bytes written to regular files (sparse holes not included).
    public var bytes: Int64 = 0
    /// Components stripped from every path (what `.auto` decided, or the count asked for).
    public var strippedComponents = 0

    /// Nothing extracted yet.
    public init() {}

    /// Entries created: files, directories and links.
    public var entries: Int { files + directories + symbolicLinks + hardLinks }
}
