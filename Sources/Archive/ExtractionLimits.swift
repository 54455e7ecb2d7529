/// Bounds on what one extraction may create, so a hostile archive cannot fill the disk or
/// the inode table. The defaults fit a game server; callers with bigger trusted inputs
/// raise them.
public struct ExtractionLimits: Equatable, Sendable {
    /// Uncompressed bytes of all regular files together (sparse holes count).
    public var maximumTotalBytes: Int64
    /// Entries read from the archive, whatever their type (skipped ones count).
    public var maximumEntries: Int
    /// Bytes in one entry's path, as recorded in the archive.
    public var maximumPathLength: Int

    /// Limits with the given values; each defaults to the value in ``default``.
    public init(maximumTotalBytes: Int64 = 2 << 30, maximumEntries: Int = 200_000, maximumPathLength: Int = 4096) {
        self.maximumTotalBytes = maximumTotalBytes
        self.maximumEntries = maximumEntries
        self.maximumPathLength = maximumPathLength
    }

    /// 2 GiB, 200 000 entries, 4096-byte paths.
    public static let `default` = ExtractionLimits()
}
