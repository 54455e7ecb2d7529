/// glibc symbols that musl lacks or binds with a different ABI (research/elf-musl.md §4.3,
/// from glibc's i386 ABI lists against musl and gcompat 1.1.0).
public enum GlibcOnlySymbols {
    /// Absent from musl but provided by gcompat (Alpine's `gcompat` package): a program that
    /// imports them runs once gcompat is in the root.
    public static let providedByGcompat: Set<String> = fortify.union(others).union(mathFinite)

    /// Resolve in musl, but to a function with a 64-bit `off_t`/`struct stat` layout, while a
    /// non-LFS 32-bit glibc program passes the 32-bit one: silent memory corruption risk.
    public static let abiHazardsOn32Bit: Set<String> = [
        "lseek", "pread", "pwrite", "mmap", "ftruncate", "truncate", "fseeko", "ftello", "sendfile",
        "posix_fadvise", "posix_fallocate", "lockf", "fallocate", "stat", "fstat", "lstat", "fstatat",
        "readdir", "readdir_r", "getdents", "statfs", "fstatfs", "statvfs", "fstatvfs", "getrlimit",
        "setrlimit", "prlimit", "glob", "scandir", "alphasort", "fgetpos", "fsetpos",
        "__xstat", "__fxstat", "__lxstat", "__fxstatat",
    ]

    static let fortify: Set<String> = [
        "__asprintf_chk", "__confstr_chk", "__dprintf_chk", "__explicit_bzero_chk", "__fdelt_chk",
        "__fdelt_warn", "__fgets_chk", "__fgets_unlocked_chk", "__fprintf_chk", "__fread_chk",
        "__fwprintf_chk", "__getcwd_chk", "__getgroups_chk", "__gethostname_chk", "__getlogin_r_chk",
        "__longjmp_chk", "__memcpy_chk", "__memmove_chk", "__mempcpy_chk", "__memset_chk", "__open64_2",
        "__open_2", "__poll_chk", "__pread64_chk", "__pread_chk", "__printf_chk", "__read_chk",
        "__readlink_chk", "__realpath_chk", "__recv_chk", "__recvfrom_chk", "__snprintf_chk",
        "__sprintf_chk", "__stpcpy_chk", "__stpncpy_chk", "__strcat_chk", "__strcpy_chk",
        "__strncat_chk", "__strncpy_chk", "__swprintf_chk", "__syslog_chk", "__ttyname_r_chk",
        "__vasprintf_chk", "__vfprintf_chk", "__vfwprintf_chk", "__vprintf_chk", "__vsnprintf_chk",
        "__vsprintf_chk", "__vswprintf_chk", "__vsyslog_chk", "__wcscpy_chk", "__chk_fail",
    ]

    static let others: Set<String> = [
        "error", "rawmemchr", "__rawmemchr", "__register_atfork", "gnu_get_libc_version",
        "gnu_get_libc_release", "__libc_single_threaded", "__cxa_thread_atexit_impl",
        "__cxa_at_quick_exit", "__strdup", "__strndup", "__strtok_r", "__strsep_g", "__strcspn_c2",
        "__mempcpy", "__strtod_internal", "__strtof_internal", "__strtold_internal",
        "__wcstol_internal", "__libc_malloc", "__libc_calloc", "__libc_realloc", "__libc_free",
        "__libc_memalign", "mallinfo", "malloc_trim", "mtrace", "muntrace", "__sysconf",
        "__getpagesize", "__getpgid", "__sbrk", "__close", "backtrace", "backtrace_symbols",
        "backtrace_symbols_fd", "dlvsym", "dlmopen", "pthread_mutexattr_getkind_np",
        "pthread_mutexattr_setkind_np", "pthread_yield", "__pthread_register_cancel",
        "__pthread_unregister_cancel", "__sched_cpualloc", "__sched_cpufree", "__res_search",
        "__res_ninit", "__res_nclose", "__secure_getenv", "__getauxval", "__ctype_b",
        "__isinf", "__isinff", "__isinfl", "__isnan", "__isnanf", "__isnanl", "__finite",
        "__finitef", "__finitel", "isinf", "isinff", "isinfl", "isnan", "isnanf", "isnanl",
        "finite", "finitef", "finitel", "strtoll_l", "strtoull_l", "wcstol_l", "wcstoul_l",
        "wcstoll_l", "wcstoull_l", "__strftime_l", "newlocale", "getcontext", "sysctl",
        "gnu_dev_major", "gnu_dev_minor", "gnu_dev_makedev", "memfrob", "strfry", "group_member",
        "tmpnam_r", "__xpg_sigpause", "random_r", "srandom_r", "initstate_r", "setstate_r",
        "drand48_r", "erand48_r", "lrand48_r", "nrand48_r", "mrand48_r", "jrand48_r", "srand48_r",
        "seed48_r", "lcong48_r", "getpwent_r", "getgrent_r", "fgetpwent_r", "fgetgrent_r",
    ]

    static let mathFinite: Set<String> = Set(
        ["acos", "acosh", "asin", "atan2", "atanh", "cosh", "exp", "exp10", "exp2", "fmod", "hypot",
         "j0", "j1", "jn", "lgamma_r", "log", "log10", "log2", "pow", "remainder", "scalb", "sinh",
         "sqrt", "y0", "y1", "yn", "gamma_r", "lgamma"].flatMap { ["__\($0)_finite", "__\($0)f_finite", "__\($0)l_finite"] })
}
