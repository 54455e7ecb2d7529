/// One entry of an archive, as recorded (before any stripping or checks against the
/// destination).
public struct ArchiveEntry: Equatable, Sendable {
    /// What an entry is.
    public enum Kind: Equatable, Sendable {
        case regularFile
        case directory
        case symbolicLink
        /// A hard link to an earlier entry; ``ArchiveEntry/linkTarget`` names it.
        case hardLink
        case characterDevice
        case blockDevice
        case fifo
        case socket

        /// Words for messages ("a character device").
        var noun: String {
            switch self {
            case .regularFile: return "regular file"
            case .directory: return "directory"
            case .symbolicLink: return "symbolic link"
            case .hardLink: return "hard link"
            case .characterDevice: return "character device"
            case .blockDevice: return "block device"
            case .fifo: return "FIFO"
            case .socket: return "socket"
            }
        }
    }

    /// The path as recorded (PAX `path` or GNU long name applied), valid UTF-8 without NUL.
    /// Directories may end in `/`.
    public var path: String
    /// What the entry is.
    public var kind: Kind
    /// The recorded permission bits, `0o7777` at most (setuid, setgid and sticky included:
    /// extraction drops them, readers may want to see them).
    public var permissions: UInt32
    /// The size of the entry's contents in bytes, when the archive records it.
    public var size: Int64?
    /// A symbolic link's target, or the path of the entry a hard link points to.
    public var linkTarget: String?
    /// Modification time in seconds since the epoch, when recorded. For a zip entry without a
    /// Unix or NTFS time, its MS-DOS time read as UTC (zips record no zone), so that the same
    /// zip gives the same times on every machine.
    public var modificationTime: Int64?
    /// Owner and group as recorded (extraction ignores them: files belong to the extracting user).
    public var userID: Int64
    /// The recorded group (see ``userID``).
    public var groupID: Int64
    /// Extended (PAX `x`) header records other than the standard ones this reader applies
    /// itself (`path`, `linkpath`, `size`, `mtime`, `uid`, `gid`, `uname`, `gname`), by key;
    /// for example `APK-TOOLS.checksum.SHA1`. Only ``TarReader`` fills it.
    public var paxRecords: [String: [UInt8]]

    /// An entry with the given fields (readers make these; tests and callers may too).
    public init(path: String, kind: Kind, permissions: UInt32, size: Int64? = nil, linkTarget: String? = nil,
                modificationTime: Int64? = nil, userID: Int64 = 0, groupID: Int64 = 0,
                paxRecords: [String: [UInt8]] = [:]) {
        self.path = path
        self.kind = kind
        self.permissions = permissions
        self.size = size
        self.linkTarget = linkTarget
        self.modificationTime = modificationTime
        self.userID = userID
        self.groupID = groupID
        self.paxRecords = paxRecords
    }

    /// A PAX record's value as text, when it is valid UTF-8.
    public func paxValue(_ key: String) -> String? {
        paxRecords[key].flatMap { String(validating: $0, as: UTF8.self) }
    }
}
