import POSIX

/// Why an archive, or one of its entries, was refused.
///
/// Every refusal names the archive file and, when one is to blame, the entry (as recorded in
/// the archive, with unprintable bytes escaped), so a user can find it with `unzip -l` or
/// `tar -tv`. Extraction stops at the first refusal; what was written so far stays inside
/// the destination directory, which the caller discards.
public struct ArchiveError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The archive file (or stream name) being read.
    public var archive: String
    /// The entry at fault, escaped for display; `nil` when the archive as a whole is at fault.
    public var entry: String?
    /// What is wrong.
    public var problem: Problem

    /// A refusal of `archive` (and of `entry` in it, when given) for `problem`.
    public init(archive: String, entry: String? = nil, problem: Problem) {
        self.archive = archive
        self.entry = entry
        self.problem = problem
    }

    /// What is wrong with an archive or an entry.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// A path component is `..`.
        case parentDirectoryReference
        /// The path starts with `/`.
        case absolutePath
        /// The name holds a NUL byte.
        case nulInName
        /// The name is not valid UTF-8.
        case nameNotUTF8
        /// The path is longer than the limit.
        case pathTooLong(length: Int, limit: Int)
        /// One component is longer than the file system allows (255 bytes).
        case componentTooLong(length: Int)
        /// The entry is a device node, FIFO or socket.
        case specialFile(kind: String)
        /// The entry's type is not one barracks knows.
        case unsupportedType(String)
        /// The same path appears twice in the archive.
        case duplicate
        /// Something of this kind already exists at the entry's path.
        case alreadyExists(kind: String)
        /// A parent of the entry's path is something other than a directory.
        case parentNotDirectory(parent: String, kind: String)
        /// A parent of the entry's path is a symbolic link.
        case throughSymbolicLink(parent: String)
        /// A hard link to something that is not a regular file extracted earlier.
        case hardLinkTarget(String)
        /// A symbolic link's target is empty, holds NUL, is not UTF-8 or is too long.
        case invalidLinkTarget(String)
        /// More entries than the limit.
        case tooManyEntries(limit: Int)
        /// More uncompressed bytes than the limit.
        case tooLarge(limit: Int64)
        /// The entry is encrypted.
        case encrypted
        /// The archive is damaged or truncated (the reader's own words).
        case corrupt(String)
        /// The file is not an archive barracks reads.
        case notAnArchive(String)
        /// A zip entry's local header names another file than the central directory does.
        case zipNameMismatch(centralName: String)
        /// A call on the archive or the destination failed.
        case system(SystemError)
        /// The request itself cannot be done (for example `.auto` stripping on a stream).
        case unsupportedRequest(String)
        /// libarchive failed while writing (its own words).
        case writeFailed(String)
        /// libarchive itself is missing or unusable on this host (the detail says what to install).
        case noLibarchive(String)
        /// A file changed while it was being archived.
        case changedWhileWriting

        /// What is wrong, in words that can follow "entry 'x': ".
        public var description: String {
            switch self {
            case .parentDirectoryReference:
                return "its path contains '..'; entries may not reach outside the destination"
            case .absolutePath:
                return "its path is absolute; entries may only name paths inside the destination"
            case .nulInName:
                return "its name contains a NUL byte"
            case .nameNotUTF8:
                return "its name is not valid UTF-8"
            case .pathTooLong(let length, let limit):
                return "its path is \(length) bytes long, over the limit of \(limit) "
                    + "(raise ExtractionLimits.maximumPathLength if the archive is trusted)"
            case .componentTooLong(let length):
                return "one component of its path is \(length) bytes long; file systems allow 255"
            case .specialFile(let kind):
                return "it is a \(kind); device nodes, FIFOs and sockets are never extracted"
            case .unsupportedType(let type):
                return "its type (\(type)) is not supported"
            case .duplicate:
                return "it appears more than once in the archive"
            case .alreadyExists(let kind):
                return "a \(kind) already exists at that path"
            case .parentNotDirectory(let parent, let kind):
                return "'\(parent)' is a \(kind), not a directory, so nothing can be created inside it"
            case .throughSymbolicLink(let parent):
                return "'\(parent)' is a symbolic link; nothing is ever written through a symbolic link"
            case .hardLinkTarget(let target):
                return "it is a hard link to '\(target)', which is not a regular file extracted earlier from this archive"
            case .invalidLinkTarget(let why):
                return "its link target \(why)"
            case .tooManyEntries(let limit):
                return "the archive has more than \(limit) entries "
                    + "(raise ExtractionLimits.maximumEntries if the archive is trusted)"
            case .tooLarge(let limit):
                return "extracting it would exceed the limit of \(limit) uncompressed bytes "
                    + "(raise the limit if the archive is trusted)"
            case .encrypted:
                return "it is encrypted, and barracks does not decrypt archives"
            case .corrupt(let detail):
                return "the archive is damaged or truncated: \(detail)"
            case .notAnArchive(let detail):
                return "not an archive barracks can read (\(detail))"
            case .zipNameMismatch(let central):
                return "its local header and the central directory ('\(central)') disagree on its name"
            case .system(let error):
                return error.description
            case .unsupportedRequest(let detail):
                return detail
            case .writeFailed(let detail):
                return "writing the archive failed: \(detail)"
            case .noLibarchive(let detail):
                return detail
            case .changedWhileWriting:
                return "it changed while it was being archived; nothing may write to the tree during `barracks build`"
            }
        }
    }

    /// `<archive>: entry '<entry>': <problem>`, or `<archive>: <problem>`.
    public var description: String {
        if let entry { return "\(archive): entry '\(entry)': \(problem)" }
        return "\(archive): \(problem)"
    }
}

/// Escapes a raw name for messages: printable UTF-8 as is, everything else as `\xNN`.
func displayName(_ bytes: some Sequence<UInt8>) -> String {
    let bytes = Array(bytes)
    if let text = String(validating: bytes, as: UTF8.self),
       !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
        return text
    }
    var result = ""
    var index = 0
    while index < bytes.count {
        let byte = bytes[index]
        if byte >= 0x20 && byte < 0x7f {
            result.unicodeScalars.append(Unicode.Scalar(byte))
            index += 1
            continue
        }
        // Keep well-formed multi-byte sequences readable; escape the rest.
        let length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
        if length > 1, index + length <= bytes.count,
           let scalar = String(validating: bytes[index..<index + length], as: UTF8.self) {
            result += scalar
            index += length
        } else {
            result += "\\x" + String(byte, radix: 16, uppercase: false).leftPadded(to: 2)
            index += 1
        }
    }
    return result
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
