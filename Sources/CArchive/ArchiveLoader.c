// Loads libarchive.so.13 on first use and calls it through a table of function pointers.
// See CArchive.h for why. The declarations below follow archive.h and archive_entry.h.
#include "CArchive.h"

#include "LazyLibrary.h"
#include <pthread.h>

static struct {
    __LA_MODE_T (*entry_filetype)(struct archive_entry *);
    void (*entry_free)(struct archive_entry *);
    la_int64_t (*entry_gid)(struct archive_entry *);
    const char * (*entry_hardlink)(struct archive_entry *);
    int (*entry_is_encrypted)(struct archive_entry *);
    time_t (*entry_mtime)(struct archive_entry *);
    int (*entry_mtime_is_set)(struct archive_entry *);
    struct archive_entry * (*entry_new)(void);
    const char * (*entry_pathname)(struct archive_entry *);
    const char * (*entry_pathname_utf8)(struct archive_entry *);
    __LA_MODE_T (*entry_perm)(struct archive_entry *);
    void (*entry_set_filetype)(struct archive_entry *, unsigned int);
    void (*entry_set_gid)(struct archive_entry *, la_int64_t);
    void (*entry_set_mtime)(struct archive_entry *, time_t, long);
    void (*entry_set_perm)(struct archive_entry *, __LA_MODE_T);
    void (*entry_set_size)(struct archive_entry *, la_int64_t);
    void (*entry_set_uid)(struct archive_entry *, la_int64_t);
    la_int64_t (*entry_size)(struct archive_entry *);
    int (*entry_size_is_set)(struct archive_entry *);
    const char * (*entry_symlink)(struct archive_entry *);
    const char * (*entry_symlink_utf8)(struct archive_entry *);
    la_int64_t (*entry_uid)(struct archive_entry *);
    int (*entry_update_pathname_utf8)(struct archive_entry *, const char *);
    int (*entry_update_symlink_utf8)(struct archive_entry *, const char *);
    int (*errno)(struct archive *);
    const char * (*error_string)(struct archive *);
    int (*format)(struct archive *);
    int (*read_data_block)(struct archive *, const void **, size_t *, la_int64_t *);
    int (*read_free)(struct archive *);
    struct archive * (*read_new)(void);
    int (*read_next_header)(struct archive *, struct archive_entry **);
    int (*read_open_filename)(struct archive *, const char *, size_t);
    int (*read_support_filter_bzip2)(struct archive *);
    int (*read_support_filter_compress)(struct archive *);
    int (*read_support_filter_gzip)(struct archive *);
    int (*read_support_filter_lz4)(struct archive *);
    int (*read_support_filter_lzma)(struct archive *);
    int (*read_support_filter_xz)(struct archive *);
    int (*read_support_filter_zstd)(struct archive *);
    int (*read_support_format_7zip)(struct archive *);
    int (*read_support_format_cpio)(struct archive *);
    int (*read_support_format_rar)(struct archive *);
    int (*read_support_format_rar5)(struct archive *);
    int (*read_support_format_tar)(struct archive *);
    int (*read_support_format_zip)(struct archive *);
    int (*write_add_filter_gzip)(struct archive *);
    int (*write_close)(struct archive *);
    la_ssize_t (*write_data)(struct archive *, const void *, size_t);
    int (*write_free)(struct archive *);
    int (*write_header)(struct archive *, struct archive_entry *);
    struct archive * (*write_new)(void);
    int (*write_open_fd)(struct archive *, int);
    int (*write_set_bytes_in_last_block)(struct archive *, int);
    int (*write_set_filter_option)(struct archive *, const char *, const char *, const char *);
    int (*write_set_format_pax_restricted)(struct archive *);
} table;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[512];
static int loaded;

static void load(void) {
    const struct barracks_symbol symbols[] = {
        { (void **)&table.entry_filetype, "archive_entry_filetype" },
        { (void **)&table.entry_free, "archive_entry_free" },
        { (void **)&table.entry_gid, "archive_entry_gid" },
        { (void **)&table.entry_hardlink, "archive_entry_hardlink" },
        { (void **)&table.entry_is_encrypted, "archive_entry_is_encrypted" },
        { (void **)&table.entry_mtime, "archive_entry_mtime" },
        { (void **)&table.entry_mtime_is_set, "archive_entry_mtime_is_set" },
        { (void **)&table.entry_new, "archive_entry_new" },
        { (void **)&table.entry_pathname, "archive_entry_pathname" },
        { (void **)&table.entry_pathname_utf8, "archive_entry_pathname_utf8" },
        { (void **)&table.entry_perm, "archive_entry_perm" },
        { (void **)&table.entry_set_filetype, "archive_entry_set_filetype" },
        { (void **)&table.entry_set_gid, "archive_entry_set_gid" },
        { (void **)&table.entry_set_mtime, "archive_entry_set_mtime" },
        { (void **)&table.entry_set_perm, "archive_entry_set_perm" },
        { (void **)&table.entry_set_size, "archive_entry_set_size" },
        { (void **)&table.entry_set_uid, "archive_entry_set_uid" },
        { (void **)&table.entry_size, "archive_entry_size" },
        { (void **)&table.entry_size_is_set, "archive_entry_size_is_set" },
        { (void **)&table.entry_symlink, "archive_entry_symlink" },
        { (void **)&table.entry_symlink_utf8, "archive_entry_symlink_utf8" },
        { (void **)&table.entry_uid, "archive_entry_uid" },
        { (void **)&table.entry_update_pathname_utf8, "archive_entry_update_pathname_utf8" },
        { (void **)&table.entry_update_symlink_utf8, "archive_entry_update_symlink_utf8" },
        { (void **)&table.errno, "archive_errno" },
        { (void **)&table.error_string, "archive_error_string" },
        { (void **)&table.format, "archive_format" },
        { (void **)&table.read_data_block, "archive_read_data_block" },
        { (void **)&table.read_free, "archive_read_free" },
        { (void **)&table.read_new, "archive_read_new" },
        { (void **)&table.read_next_header, "archive_read_next_header" },
        { (void **)&table.read_open_filename, "archive_read_open_filename" },
        { (void **)&table.read_support_filter_bzip2, "archive_read_support_filter_bzip2" },
        { (void **)&table.read_support_filter_compress, "archive_read_support_filter_compress" },
        { (void **)&table.read_support_filter_gzip, "archive_read_support_filter_gzip" },
        { (void **)&table.read_support_filter_lz4, "archive_read_support_filter_lz4" },
        { (void **)&table.read_support_filter_lzma, "archive_read_support_filter_lzma" },
        { (void **)&table.read_support_filter_xz, "archive_read_support_filter_xz" },
        { (void **)&table.read_support_filter_zstd, "archive_read_support_filter_zstd" },
        { (void **)&table.read_support_format_7zip, "archive_read_support_format_7zip" },
        { (void **)&table.read_support_format_cpio, "archive_read_support_format_cpio" },
        { (void **)&table.read_support_format_rar, "archive_read_support_format_rar" },
        { (void **)&table.read_support_format_rar5, "archive_read_support_format_rar5" },
        { (void **)&table.read_support_format_tar, "archive_read_support_format_tar" },
        { (void **)&table.read_support_format_zip, "archive_read_support_format_zip" },
        { (void **)&table.write_add_filter_gzip, "archive_write_add_filter_gzip" },
        { (void **)&table.write_close, "archive_write_close" },
        { (void **)&table.write_data, "archive_write_data" },
        { (void **)&table.write_free, "archive_write_free" },
        { (void **)&table.write_header, "archive_write_header" },
        { (void **)&table.write_new, "archive_write_new" },
        { (void **)&table.write_open_fd, "archive_write_open_fd" },
        { (void **)&table.write_set_bytes_in_last_block, "archive_write_set_bytes_in_last_block" },
        { (void **)&table.write_set_filter_option, "archive_write_set_filter_option" },
        { (void **)&table.write_set_format_pax_restricted, "archive_write_set_format_pax_restricted" },
    };
    loaded = barracks_load_library("libarchive.so.13", symbols, sizeof symbols / sizeof symbols[0], "libarchive 3.6 or newer",
                                   load_error, sizeof load_error);
}

static int ready(void) {
    pthread_once(&once, load);
    return loaded;
}

const char *barracks_archive_load_error(void) { return ready() ? NULL : load_error; }

__LA_MODE_T barracks_archive_entry_filetype(struct archive_entry *a0) { return ready() ? table.entry_filetype(a0) : 0; }
void barracks_archive_entry_free(struct archive_entry *a0) { if (ready()) table.entry_free(a0); }
la_int64_t barracks_archive_entry_gid(struct archive_entry *a0) { return ready() ? table.entry_gid(a0) : 0; }
const char *barracks_archive_entry_hardlink(struct archive_entry *a0) { return ready() ? table.entry_hardlink(a0) : NULL; }
int barracks_archive_entry_is_encrypted(struct archive_entry *a0) { return ready() ? table.entry_is_encrypted(a0) : ARCHIVE_FATAL; }
time_t barracks_archive_entry_mtime(struct archive_entry *a0) { return ready() ? table.entry_mtime(a0) : 0; }
int barracks_archive_entry_mtime_is_set(struct archive_entry *a0) { return ready() ? table.entry_mtime_is_set(a0) : ARCHIVE_FATAL; }
struct archive_entry *barracks_archive_entry_new(void) { return ready() ? table.entry_new() : NULL; }
const char *barracks_archive_entry_pathname(struct archive_entry *a0) { return ready() ? table.entry_pathname(a0) : NULL; }
const char *barracks_archive_entry_pathname_utf8(struct archive_entry *a0) { return ready() ? table.entry_pathname_utf8(a0) : NULL; }
__LA_MODE_T barracks_archive_entry_perm(struct archive_entry *a0) { return ready() ? table.entry_perm(a0) : 0; }
void barracks_archive_entry_set_filetype(struct archive_entry *a0, unsigned int a1) { if (ready()) table.entry_set_filetype(a0, a1); }
void barracks_archive_entry_set_gid(struct archive_entry *a0, la_int64_t a1) { if (ready()) table.entry_set_gid(a0, a1); }
void barracks_archive_entry_set_mtime(struct archive_entry *a0, time_t a1, long a2) { if (ready()) table.entry_set_mtime(a0, a1, a2); }
void barracks_archive_entry_set_perm(struct archive_entry *a0, __LA_MODE_T a1) { if (ready()) table.entry_set_perm(a0, a1); }
void barracks_archive_entry_set_size(struct archive_entry *a0, la_int64_t a1) { if (ready()) table.entry_set_size(a0, a1); }
void barracks_archive_entry_set_uid(struct archive_entry *a0, la_int64_t a1) { if (ready()) table.entry_set_uid(a0, a1); }
la_int64_t barracks_archive_entry_size(struct archive_entry *a0) { return ready() ? table.entry_size(a0) : 0; }
int barracks_archive_entry_size_is_set(struct archive_entry *a0) { return ready() ? table.entry_size_is_set(a0) : ARCHIVE_FATAL; }
const char *barracks_archive_entry_symlink(struct archive_entry *a0) { return ready() ? table.entry_symlink(a0) : NULL; }
const char *barracks_archive_entry_symlink_utf8(struct archive_entry *a0) { return ready() ? table.entry_symlink_utf8(a0) : NULL; }
la_int64_t barracks_archive_entry_uid(struct archive_entry *a0) { return ready() ? table.entry_uid(a0) : 0; }
int barracks_archive_entry_update_pathname_utf8(struct archive_entry *a0, const char *a1) { return ready() ? table.entry_update_pathname_utf8(a0, a1) : ARCHIVE_FATAL; }
int barracks_archive_entry_update_symlink_utf8(struct archive_entry *a0, const char *a1) { return ready() ? table.entry_update_symlink_utf8(a0, a1) : ARCHIVE_FATAL; }
int barracks_archive_errno(struct archive *a0) { return ready() ? table.errno(a0) : ARCHIVE_FATAL; }
const char *barracks_archive_error_string(struct archive *a0) { return ready() ? table.error_string(a0) : load_error; }
int barracks_archive_format(struct archive *a0) { return ready() ? table.format(a0) : ARCHIVE_FATAL; }
int barracks_archive_read_data_block(struct archive *a0, const void **a1, size_t *a2, la_int64_t *a3) { return ready() ? table.read_data_block(a0, a1, a2, a3) : ARCHIVE_FATAL; }
int barracks_archive_read_free(struct archive *a0) { return ready() ? table.read_free(a0) : ARCHIVE_FATAL; }
struct archive *barracks_archive_read_new(void) { return ready() ? table.read_new() : NULL; }
int barracks_archive_read_next_header(struct archive *a0, struct archive_entry **a1) { return ready() ? table.read_next_header(a0, a1) : ARCHIVE_FATAL; }
int barracks_archive_read_open_filename(struct archive *a0, const char *a1, size_t a2) { return ready() ? table.read_open_filename(a0, a1, a2) : ARCHIVE_FATAL; }
int barracks_archive_read_support_filter_bzip2(struct archive *a0) { return ready() ? table.read_support_filter_bzip2(a0) : ARCHIVE_FATAL; }
int barracks_archive_read_support_filter_compress(struct archive *a0) { return ready() ? table.read_support_filter_compress(a0) : ARCHIVE_FATAL; }
int barracks_archive_read_support_filter_gzip(struct archive *a0) { return ready() ? table.read_support_filter_gzip(a0) : ARCHIVE_FATAL; }
int barracks_archive_read_support_filter_lz4(struct archive *a0) { return ready() ? table.read_support_filter_lz4(a0) : ARCHIVE_FATAL; }
int barracks_archive_read_support_filter_lzma(struct archive *a0) { return ready() ? table.read_support_filter_lzma(a0) : ARCHIVE_FATAL; }
int barracks_archive_read_support_filter_xz(struct archive *a0) { return ready() ? table.read_support_filter_xz(a0) : ARCHIVE_FATAL; }
int barracks_archive_read_support_filter_zstd(struct archive *a0) { return ready() ? table.read_support_filter_zstd(a0) : ARCHIVE_FATAL; }
int barracks_archive_read_support_format_7zip(struct archive *a0) { return ready() ? table.read_support_format_7zip(a0) : ARCHIVE_FATAL; }
int barracks_archive_read_support_format_cpio(struct archive *a0) { return ready() ? table.read_support_format_cpio(a0) : ARCHIVE_FATAL; }
int barracks_archive_read_support_format_rar(struct archive *a0) { return ready() ? table.read_support_format_rar(a0) : ARCHIVE_FATAL; }
int barracks_archive_read_support_format_rar5(struct archive *a0) { return ready() ? table.read_support_format_rar5(a0) : ARCHIVE_FATAL; }
int barracks_archive_read_support_format_tar(struct archive *a0) { return ready() ? table.read_support_format_tar(a0) : ARCHIVE_FATAL; }
int barracks_archive_read_support_format_zip(struct archive *a0) { return ready() ? table.read_support_format_zip(a0) : ARCHIVE_FATAL; }
int barracks_archive_write_add_filter_gzip(struct archive *a0) { return ready() ? table.write_add_filter_gzip(a0) : ARCHIVE_FATAL; }
int barracks_archive_write_close(struct archive *a0) { return ready() ? table.write_close(a0) : ARCHIVE_FATAL; }
la_ssize_t barracks_archive_write_data(struct archive *a0, const void *a1, size_t a2) { return ready() ? table.write_data(a0, a1, a2) : ARCHIVE_FATAL; }
int barracks_archive_write_free(struct archive *a0) { return ready() ? table.write_free(a0) : ARCHIVE_FATAL; }
int barracks_archive_write_header(struct archive *a0, struct archive_entry *a1) { return ready() ? table.write_header(a0, a1) : ARCHIVE_FATAL; }
struct archive *barracks_archive_write_new(void) { return ready() ? table.write_new() : NULL; }
int barracks_archive_write_open_fd(struct archive *a0, int a1) { return ready() ? table.write_open_fd(a0, a1) : ARCHIVE_FATAL; }
int barracks_archive_write_set_bytes_in_last_block(struct archive *a0, int a1) { return ready() ? table.write_set_bytes_in_last_block(a0, a1) : ARCHIVE_FATAL; }
int barracks_archive_write_set_filter_option(struct archive *a0, const char *a1, const char *a2, const char *a3) { return ready() ? table.write_set_filter_option(a0, a1, a2, a3) : ARCHIVE_FATAL; }
int barracks_archive_write_set_format_pax_restricted(struct archive *a0) { return ready() ? table.write_set_format_pax_restricted(a0) : ARCHIVE_FATAL; }
