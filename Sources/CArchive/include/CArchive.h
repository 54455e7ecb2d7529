// libarchive for Swift, loaded on first use.
//
// barracks links no libarchive: libarchive.so.13 and what it pulls in (libxml2, ICU, nettle,
// the compression libraries) cost every start of the program about 1.5 ms of loading and
// relocation, and only the commands that unpack or write archives need it. The first call
// here opens it with dlopen; `inspect`, `verify` or a no-op rebuild never loads it.
//
// Each barracks_archive_* function is the libarchive function of the same name. When
// libarchive cannot be loaded, the constructors return NULL, the calls that return a status
// return ARCHIVE_FATAL, archive_error_string returns why, and the rest return 0 or do nothing.
#ifndef BARRACKS_CARCHIVE_H
#define BARRACKS_CARCHIVE_H

#include <archive.h>
#include <archive_entry.h>

/// Why libarchive could not be loaded (dlopen's or dlsym's message), or NULL once it is loaded.
/// Loads it if that has not been tried yet. Thread-safe.
const char *barracks_archive_load_error(void);

__LA_MODE_T barracks_archive_entry_filetype(struct archive_entry *a0);
void barracks_archive_entry_free(struct archive_entry *a0);
la_int64_t barracks_archive_entry_gid(struct archive_entry *a0);
const char *barracks_archive_entry_hardlink(struct archive_entry *a0);
int barracks_archive_entry_is_encrypted(struct archive_entry *a0);
time_t barracks_archive_entry_mtime(struct archive_entry *a0);
int barracks_archive_entry_mtime_is_set(struct archive_entry *a0);
struct archive_entry *barracks_archive_entry_new(void);
const char *barracks_archive_entry_pathname(struct archive_entry *a0);
const char *barracks_archive_entry_pathname_utf8(struct archive_entry *a0);
__LA_MODE_T barracks_archive_entry_perm(struct archive_entry *a0);
void barracks_archive_entry_set_filetype(struct archive_entry *a0, unsigned int a1);
void barracks_archive_entry_set_gid(struct archive_entry *a0, la_int64_t a1);
void barracks_archive_entry_set_mtime(struct archive_entry *a0, time_t a1, long a2);
void barracks_archive_entry_set_perm(struct archive_entry *a0, __LA_MODE_T a1);
void barracks_archive_entry_set_size(struct archive_entry *a0, la_int64_t a1);
void barracks_archive_entry_set_uid(struct archive_entry *a0, la_int64_t a1);
la_int64_t barracks_archive_entry_size(struct archive_entry *a0);
int barracks_archive_entry_size_is_set(struct archive_entry *a0);
const char *barracks_archive_entry_symlink(struct archive_entry *a0);
const char *barracks_archive_entry_symlink_utf8(struct archive_entry *a0);
la_int64_t barracks_archive_entry_uid(struct archive_entry *a0);
int barracks_archive_entry_update_pathname_utf8(struct archive_entry *a0, const char *a1);
int barracks_archive_entry_update_symlink_utf8(struct archive_entry *a0, const char *a1);
int barracks_archive_errno(struct archive *a0);
const char *barracks_archive_error_string(struct archive *a0);
int barracks_archive_format(struct archive *a0);
int barracks_archive_read_data_block(struct archive *a0, const void **a1, size_t *a2, la_int64_t *a3);
int barracks_archive_read_free(struct archive *a0);
struct archive *barracks_archive_read_new(void);
int barracks_archive_read_next_header(struct archive *a0, struct archive_entry **a1);
int barracks_archive_read_open_filename(struct archive *a0, const char *a1, size_t a2);
int barracks_archive_read_support_filter_bzip2(struct archive *a0);
int barracks_archive_read_support_filter_compress(struct archive *a0);
int barracks_archive_read_support_filter_gzip(struct archive *a0);
int barracks_archive_read_support_filter_lz4(struct archive *a0);
int barracks_archive_read_support_filter_lzma(struct archive *a0);
int barracks_archive_read_support_filter_xz(struct archive *a0);
int barracks_archive_read_support_filter_zstd(struct archive *a0);
int barracks_archive_read_support_format_7zip(struct archive *a0);
int barracks_archive_read_support_format_cpio(struct archive *a0);
int barracks_archive_read_support_format_rar(struct archive *a0);
int barracks_archive_read_support_format_rar5(struct archive *a0);
int barracks_archive_read_support_format_tar(struct archive *a0);
int barracks_archive_read_support_format_zip(struct archive *a0);
int barracks_archive_write_add_filter_gzip(struct archive *a0);
int barracks_archive_write_close(struct archive *a0);
la_ssize_t barracks_archive_write_data(struct archive *a0, const void *a1, size_t a2);
int barracks_archive_write_free(struct archive *a0);
int barracks_archive_write_header(struct archive *a0, struct archive_entry *a1);
struct archive *barracks_archive_write_new(void);
int barracks_archive_write_open_fd(struct archive *a0, int a1);
int barracks_archive_write_set_bytes_in_last_block(struct archive *a0, int a1);
int barracks_archive_write_set_filter_option(struct archive *a0, const char *a1, const char *a2, const char *a3);
int barracks_archive_write_set_format_pax_restricted(struct archive *a0);

#endif
