#if canImport(Glibc)
import Glibc
#endif
import CArchive
import POSIX

/// Entries of an archive file, read by libarchive.
///
/// Only the formats and filters a program download plausibly uses are enabled: tar (every
/// variant), zip, 7-Zip, RAR, cpio; gzip, bzip2, xz, lzma, zstd, lz4, compress. Left out on
/// purpose: mtree (its entries name files on the reading host, which libarchive would read),
/// "raw" and "empty" (they turn any file into an archive), and filters that run external
/// programs. Any warning libarchive gives (bad CRC, malformed PAX record, unconvertible name)
/// is a refusal: an untrusted archive gets no benefit of the doubt.
///
/// Must be created, used and freed inside ``ThreadLocale/withUTF8CharacterType(_:)``:
/// libarchive converts names through the thread's locale.
final class LibarchiveSource: EntrySource {
    let archiveName: String
    private let path: String
    private let handle: OpaquePointer
    private let limits: ExtractionLimits
    private var currentName: String?
    private var lastName: String?
    /// The zip central directory, read when libarchive says the file is a zip.
    private(set) var zipDirectory: ZipDirectory?
    private var formatChecked = false

    init(path: String, limits: ExtractionLimits) throws {
        self.path = path
        self.archiveName = path
        self.limits = limits
        guard let handle = barracks_archive_read_new() else {
            throw ArchiveError(archive: path, problem: ArchiveLibrary.unavailable.map(ArchiveError.Problem.noLibarchive)
                                   ?? .system(SystemError(call: "archive_read_new", errno: ENOMEM)))
        }
        self.handle = handle
        for enable in [barracks_archive_read_support_format_tar, barracks_archive_read_support_format_zip, barracks_archive_read_support_format_7zip,
                       barracks_archive_read_support_format_rar, barracks_archive_read_support_format_rar5, barracks_archive_read_support_format_cpio,
                       barracks_archive_read_support_filter_gzip, barracks_archive_read_support_filter_bzip2, barracks_archive_read_support_filter_xz,
                       barracks_archive_read_support_filter_lzma, barracks_archive_read_support_filter_zstd, barracks_archive_read_support_filter_lz4,
                       barracks_archive_read_support_filter_compress] {
            _ = enable(handle)
        }
        // Opening also picks the format. On failure deinit frees the handle.
        if barracks_archive_read_open_filename(handle, path, 65536) != ARCHIVE_OK {
            let failure = error(entry: nil)
            if case .corrupt(let detail) = failure.problem, barracks_archive_format(handle) == 0 {
                throw ArchiveError(archive: path, problem: .notAnArchive(detail))
            }
            throw failure
        }
    }

    deinit {
        barracks_archive_read_free(handle)
    }

    /// Whether libarchive recognised the file as a zip.
    var isZip: Bool { barracks_archive_format(handle) & ARCHIVE_FORMAT_BASE_MASK == ARCHIVE_FORMAT_ZIP }

    func nextEntry() throws -> ArchiveEntry? {
        var entry: OpaquePointer?
        let status = barracks_archive_read_next_header(handle, &entry)
        if status == ARCHIVE_EOF { return nil }
        currentName = entry.flatMap { barracks_archive_entry_pathname($0) }.map { displayName(bytes(of: $0)) }
        if !formatChecked && isZip {
            // Before libarchive's own verdict on the first header: the central directory
            // names the problem (NUL, bad UTF-8, a name mismatch) more precisely.
            formatChecked = true
            zipDirectory = try ZipDirectory(path: path, limits: limits)
        }
        formatChecked = true
        guard status == ARCHIVE_OK, let entry else {
            if barracks_archive_format(handle) == 0 {
                throw ArchiveError(archive: archiveName, problem: .notAnArchive(errorText))
            }
            throw error(entry: currentName ?? lastName.map { "after \($0)" })
        }
        return try describe(entry)
    }

    func copyContents(_ sink: (UnsafeRawBufferPointer, Int64) throws -> Void) throws {
        var block: UnsafeRawPointer?
        var size = 0
        var offset: la_int64_t = 0
        while true {
            let status = barracks_archive_read_data_block(handle, &block, &size, &offset)
            if status == ARCHIVE_EOF { return }
            guard status == ARCHIVE_OK else { throw error(entry: currentName) }
            try sink(UnsafeRawBufferPointer(start: block, count: size), Int64(offset))
        }
    }

    /// The entry as barracks sees it: names checked, zip modes decided by the central directory.
    private func describe(_ entry: OpaquePointer) throws -> ArchiveEntry {
        guard let rawPathPointer = barracks_archive_entry_pathname(entry) ?? barracks_archive_entry_pathname_utf8(entry) else {
            throw ArchiveError(archive: archiveName, entry: lastName.map { "after \($0)" }, problem: .nameNotUTF8)
        }
        let rawPath = bytes(of: rawPathPointer)
        let name = displayName(rawPath)
        lastName = name
        let path: String
        switch EntryPath.decode(rawPath) {
        case .success(let text): path = text
        case .failure(let problem): throw ArchiveError(archive: archiveName, entry: name, problem: problem)
        }
        if barracks_archive_entry_is_encrypted(entry) != 0 {
            throw ArchiveError(archive: archiveName, entry: name, problem: .encrypted)
        }
        var kind: ArchiveEntry.Kind
        switch barracks_archive_entry_filetype(entry) & 0o170000 {
        case 0o100000: kind = .regularFile
        case 0o040000: kind = .directory
        case 0o120000: kind = .symbolicLink
        case 0o020000: kind = .characterDevice
        case 0o060000: kind = .blockDevice
        case 0o010000: kind = .fifo
        case 0o140000: kind = .socket
        case let other:
            if barracks_archive_entry_hardlink(entry) == nil {
                throw ArchiveError(archive: archiveName, entry: name, problem: .unsupportedType("mode \(String(other, radix: 8))"))
            }
            kind = .hardLink
        }
        var linkTarget: String?
        if let hardlink = barracks_archive_entry_hardlink(entry) {
            kind = .hardLink
            linkTarget = try text(hardlink, entry: name)
        } else if kind == .symbolicLink {
            guard let symlink = barracks_archive_entry_symlink(entry) ?? barracks_archive_entry_symlink_utf8(entry) else {
                throw ArchiveError(archive: archiveName, entry: name, problem: .invalidLinkTarget("is missing or not valid UTF-8"))
            }
            linkTarget = String(decoding: bytes(of: symlink), as: UTF8.self)
            if case .failure(let problem) = EntryPath.checkLinkTarget(bytes(of: symlink), maximumLength: limits.maximumPathLength) {
                throw ArchiveError(archive: archiveName, entry: name, problem: problem)
            }
        }
        var permissions = UInt32(barracks_archive_entry_perm(entry)) & 0o7777
        var modificationTime = barracks_archive_entry_mtime_is_set(entry) != 0 ? Int64(barracks_archive_entry_mtime(entry)) : nil
        if let zipDirectory {
            let record = zipDirectory.records[ByteKey(Array(rawPath))]
            permissions = record?.unixPermissions ?? (kind == .directory ? 0o755 : 0o644)
            // libarchive reads a zip's MS-DOS times in local time: take the zone-free one.
            modificationTime = record?.modificationTime ?? modificationTime
        }
        return ArchiveEntry(
            path: path, kind: kind, permissions: permissions,
            size: barracks_archive_entry_size_is_set(entry) != 0 ? Int64(barracks_archive_entry_size(entry)) : nil,
            linkTarget: linkTarget,
            modificationTime: modificationTime,
            userID: Int64(barracks_archive_entry_uid(entry)), groupID: Int64(barracks_archive_entry_gid(entry)))
    }

    private func text(_ pointer: UnsafePointer<CChar>, entry: String) throws -> String {
        switch EntryPath.decode(bytes(of: pointer)) {
        case .success(let text): return text
        case .failure(let problem): throw ArchiveError(archive: archiveName, entry: entry, problem: .invalidLinkTarget("\(problem)"))
        }
    }

    private var errorText: String {
        barracks_archive_error_string(handle).map { String(cString: $0) } ?? "unknown libarchive error"
    }

    private func error(entry: String?) -> ArchiveError {
        let code = barracks_archive_errno(handle)
        // libarchive reports failures to open or read the file with their errno; everything
        // else it says is about the bytes.
        if [ENOENT, EACCES, EPERM, EIO, EISDIR, ENOTDIR, ELOOP, ENAMETOOLONG].contains(code) {
            return ArchiveError(archive: archiveName, entry: entry, problem: .system(SystemError(call: "read", subject: archiveName, errno: code)))
        }
        return ArchiveError(archive: archiveName, entry: entry, problem: .corrupt(errorText))
    }
}

func bytes(of pointer: UnsafePointer<CChar>) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: pointer, count: strlen(pointer))
}
