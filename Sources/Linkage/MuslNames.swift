/// What musl's dynamic linker answers by name rather than by file (bminor/musl
/// `ldso/dynlink.c`, `load_library` and `get_lfs64`).
public enum MuslNames {
    /// The library-name prefixes (after `lib`, dot included) musl's loader serves itself:
    /// `libc.so.6`, `libm.so.6`, `libpthread.so.0`, `libdl.so.2`, … all resolve to the loader.
    static let reservedPrefixes = ["c.", "pthread.", "rt.", "m.", "dl.", "util.", "xnet."]

    /// Whether the loader answers `name` itself (no file is searched).
    public static func isReserved(_ name: String) -> Bool {
        guard name.hasPrefix("lib") else { return false }
        let rest = name.dropFirst(3)
        return reservedPrefixes.contains { rest.hasPrefix($0) }
    }

    /// The LFS64 names musl ≥ 1.2.4 no longer exports but still binds, at relocation time, to
    /// the plain function (`open64` → `open`): the loader's fallback table.
    static let lfs64Bases: Set<String> = [
        "aio_cancel", "aio_error", "aio_fsync", "aio_read", "aio_return", "aio_suspend", "aio_write",
        "alphasort", "creat", "fallocate", "fgetpos", "fopen", "freopen", "fseeko", "fsetpos", "fstat",
        "fstatat", "fstatfs", "fstatvfs", "ftello", "ftruncate", "ftw", "getdents", "getrlimit", "glob",
        "globfree", "lio_listio", "lockf", "lseek", "lstat", "mkostemp", "mkostemps", "mkstemp",
        "mkstemps", "mmap", "nftw", "open", "openat", "posix_fadvise", "posix_fallocate", "pread",
        "preadv", "prlimit", "pwrite", "pwritev", "readdir", "scandir", "sendfile", "setrlimit",
        "stat", "statfs", "statvfs", "tmpfile", "truncate", "versionsort",
        "__fxstat", "__fxstatat", "__lxstat", "__xstat",
    ]

    /// The name the loader falls back to for `name` when nothing exports it, if any.
    public static func lfs64Fallback(_ name: String) -> String? {
        if name == "readdir64_r" { return "readdir_r" }
        guard name.hasSuffix("64") else { return nil }
        let base = String(name.dropLast(2))
        return lfs64Bases.contains(base) ? base : nil
    }
}
