import CArchive
import POSIX

/// A libarchive write handle set up for reproducible output: PAX-restricted tar, gzip with
/// a fixed level and no timestamp, no padding of the last block; written straight to a
/// descriptor by libarchive.
final class TarGzipStream {
    let name: String
    private let handle: OpaquePointer
    private let file: FileDescriptor

    init(file: FileDescriptor, name: String) throws {
        self.file = file
        self.name = name
        guard let handle = barracks_archive_write_new() else {
            throw ArchiveError(archive: name, problem: ArchiveLibrary.unavailable.map(ArchiveError.Problem.noLibarchive)
                                   ?? .writeFailed("archive_write_new failed"))
        }
        self.handle = handle
        do {
            try check(barracks_archive_write_set_format_pax_restricted(handle))
            try check(barracks_archive_write_add_filter_gzip(handle))
            try check(barracks_archive_write_set_filter_option(handle, "gzip", "compression-level", "6"))
            // A NULL value turns the option off: the gzip header's MTIME is then zero.
            try check(barracks_archive_write_set_filter_option(handle, "gzip", "timestamp", nil))
            try check(barracks_archive_write_set_bytes_in_last_block(handle, 1))
        } catch {
            barracks_archive_write_free(handle)
            throw error
        }
    }

    deinit {
        barracks_archive_write_free(handle)
    }

    /// Opens the stream on the descriptor, runs `body`, and closes the stream (which
    /// flushes gzip and writes its trailer).
    func writing<R>(_ body: (TarGzipStream) throws -> R) throws -> R {
        try check(barracks_archive_write_open_fd(handle, file.rawValue))
        let result = try body(self)
        try check(barracks_archive_write_close(handle))
        return result
    }

    func writeHeader(path: String, type: UInt32, permissions: UInt32, size: Int64, linkTarget: String?, time: Int64) throws {
        guard let entry = barracks_archive_entry_new() else { throw ArchiveError(archive: name, entry: path, problem: .writeFailed("out of memory")) }
        defer { barracks_archive_entry_free(entry) }
        barracks_archive_entry_update_pathname_utf8(entry, path)
        barracks_archive_entry_set_filetype(entry, type)
        barracks_archive_entry_set_perm(entry, mode_t(permissions))
        barracks_archive_entry_set_uid(entry, 0)
        barracks_archive_entry_set_gid(entry, 0)
        barracks_archive_entry_set_mtime(entry, time_t(time), 0)
        barracks_archive_entry_set_size(entry, size)
        if let linkTarget { barracks_archive_entry_update_symlink_utf8(entry, linkTarget) }
        try check(barracks_archive_write_header(handle, entry), entry: path)
    }

    func writeData(_ bytes: UnsafeRawBufferPointer, entry: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = barracks_archive_write_data(handle, bytes.baseAddress! + offset, bytes.count - offset)
            guard written > 0 else { throw failure(entry: entry) }
            offset += written
        }
    }

    private func check(_ status: Int32, entry: String? = nil) throws {
        // Warnings count: a warning here means a field was not written as given.
        guard status == ARCHIVE_OK else { throw failure(entry: entry) }
    }

    private func failure(entry: String?) -> ArchiveError {
        let text = barracks_archive_error_string(handle).map { String(cString: $0) } ?? "libarchive error"
        return ArchiveError(archive: name, entry: entry, problem: .writeFailed(text))
    }
}
