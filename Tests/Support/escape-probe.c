/*
 * escape-probe: a 32-bit program that tries to get out of the barracks sandbox.
 *
 * Built like soldatserver (gcc -m32, glibc, dynamically linked, no _FORTIFY_SOURCE) by
 * scripts/build-probe, and run as the entry of a test bundle by the escape-probe tests
 * (Tests/barracksTests/EscapeProbes/). It tries each attack and reports what the kernel
 * answered; the tests decide what stopped it. Never run the attacks outside a sandbox but
 * for the harmless ones the tests use as controls (read-shadow, read-root, read-home,
 * proc1-environ, list-processes, state-symlink, write-app, loopback, tiocsti).
 *
 *   probe benign                 what the program normally does (for learning its policy)
 *   probe run ATTACK[,ATTACK…] [--host-pid N] [--port N] [--unix NAME]
 *
 * Every attack prints "BEGIN <attack>" before it starts (so a run killed by seccomp shows
 * where) and "ATTACK <attack> key=value…" after. Values are errno names ("ENOENT"), "ok",
 * numbers, or hex-encoded bytes. Output goes straight to write(2), one line at a time.
 * Paths are relative to the working directory, the app's mount point in the sandbox.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

static int host_pid = -1, port = -1;
static const char *unix_name = "barracks-escape-probe";

static void say(const char *format, ...) {
    char line[16384];
    va_list arguments;
    va_start(arguments, format);
    int length = vsnprintf(line, sizeof line - 1, format, arguments);
    va_end(arguments);
    if (length < 0) return;
    if (length > (int)sizeof line - 2) length = sizeof line - 2;
    line[length++] = '\n';
    for (int done = 0; done < length;) {
        int n = write(1, line + done, length - done);
        if (n <= 0) return;
        done += n;
    }
}

/* The errno name of a negative raw-syscall result or of errno, or "ok". */
static const char *name_of(int error) {
    switch (error) {
    case 0: return "ok";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EIO: return "EIO";
    case EBADF: return "EBADF";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case ENOTDIR: return "ENOTDIR";
    case EINVAL: return "EINVAL";
    case ENOTTY: return "ENOTTY";
    case ETXTBSY: return "ETXTBSY";
    case ENOSPC: return "ENOSPC";
    case EROFS: return "EROFS";
    case ENOSYS: return "ENOSYS";
    case ENOTSOCK: return "ENOTSOCK";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case ENETUNREACH: return "ENETUNREACH";
    case ECONNREFUSED: return "ECONNREFUSED";
    case ETIMEDOUT: return "ETIMEDOUT";
    default: {
        static char buffer[16];
        snprintf(buffer, sizeof buffer, "E%d", error);
        return buffer;
    }
    }
}

static const char *result_of(long result) { return result < 0 ? name_of(errno) : "ok"; }

/* Hex of up to `limit` bytes of `path` ("-" when empty), or the errno name. */
static const char *file_hex(const char *path, int limit) {
    static char hex[4200];
    unsigned char bytes[2048];
    int fd = open(path, O_RDONLY);
    if (fd < 0) return name_of(errno);
    int total = 0, n;
    while (total < limit && total < (int)sizeof bytes && (n = read(fd, bytes + total, sizeof bytes - total)) > 0) total += n;
    int error = n < 0 ? errno : 0;
    close(fd);
    if (error) return name_of(error);
    if (total == 0) return "-";
    for (int i = 0; i < total; i++) snprintf(hex + 2 * i, 3, "%02x", bytes[i]);
    return hex;
}

/* The names in a directory, comma-separated and unsorted, read with getdents64 (musl's
 * readdir has another struct dirent than glibc's on i386), or the errno name. */
static const char *listing(const char *path) {
    static char names[4096];
    char buffer[4096];
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    if (fd < 0) return name_of(errno);
    size_t used = 0;
    names[0] = 0;
    for (;;) {
        long n = syscall(SYS_getdents64, fd, buffer, sizeof buffer);
        if (n <= 0) break;
        for (long offset = 0; offset < n;) {
            unsigned short record = *(unsigned short *)(buffer + offset + 16);
            const char *name = buffer + offset + 19;
            offset += record;
            if (!strcmp(name, ".") || !strcmp(name, "..")) continue;
            size_t length = strlen(name);
            if (used + length + 2 >= sizeof names) break;
            if (used) names[used++] = ',';
            memcpy(names + used, name, length + 1);
            used += length;
        }
    }
    close(fd);
    return used ? names : "-";
}

/* "read" when a byte of `path` could be read, else the errno name. */
static const char *try_read(const char *path) {
    char byte;
    int fd = open(path, O_RDONLY);
    if (fd < 0) return name_of(errno);
    int n = read(fd, &byte, 1);
    int error = errno;
    close(fd);
    return n >= 0 ? "read" : name_of(error);
}

static void read_shadow(void) {
    char direct[16];
    snprintf(direct, sizeof direct, "%s", try_read("/etc/shadow"));
    say("ATTACK read-shadow open=%s via-proc1-root=%s", direct, try_read("/proc/1/root/etc/shadow"));
}

static void read_directory(const char *attack, const char *path) {
    say("ATTACK %s entries=%s", attack, listing(path));
}

static void proc1_environ(void) {
    char environ_hex[4200];
    snprintf(environ_hex, sizeof environ_hex, "%s", file_hex("/proc/1/environ", 2048));
    say("ATTACK proc1-environ environ=%s comm=%s", environ_hex, file_hex("/proc/1/comm", 64));
}

static void list_processes(void) {
    char pids[4096];
    snprintf(pids, sizeof pids, "%s", listing("/proc"));
    /* Keep the numeric entries only. */
    char numeric[4096] = "";
    size_t used = 0;
    for (char *name = strtok(pids, ","); name; name = strtok(NULL, ",")) {
        if (strspn(name, "0123456789") != strlen(name)) continue;
        size_t length = strlen(name);
        if (used + length + 2 >= sizeof numeric) break;
        if (used) numeric[used++] = ',';
        memcpy(numeric + used, name, length + 1);
        used += length;
    }
    say("ATTACK list-processes pids=%s self=%d", used ? numeric : "-", getpid());
}

static void write_app(void) {
    int created = open("probe-was-here", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const char *create = created < 0 ? name_of(errno) : "ok";
    if (created >= 0) close(created);
    int opened = open("data.txt", O_WRONLY | O_APPEND);
    const char *modify = opened < 0 ? name_of(errno) : "ok";
    if (opened >= 0) close(opened);
    say("ATTACK write-app create=%s modify=%s chmod=%s", create, modify, result_of(chmod("data.txt", 0777)));
}

static void write_root(void) {
    int created = open("/probe-was-here", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const char *create = created < 0 ? name_of(errno) : "ok";
    if (created >= 0) close(created);
    say("ATTACK write-root create=%s mkdir=%s", create, result_of(mkdir("/probe-dir", 0755)));
}

static void write_loader(void) {
    int loader = open("/lib/ld-musl-i386.so.1", O_WRONLY);
    const char *write_result = loader < 0 ? name_of(errno) : "ok";
    if (loader >= 0) close(loader);
    int link = open("/lib/ld-linux.so.2", O_WRONLY);
    const char *link_result = link < 0 ? name_of(errno) : "ok";
    if (link >= 0) close(link);
    say("ATTACK write-loader loader=%s link=%s unlink=%s", write_result, link_result, result_of(unlink("/lib/ld-linux.so.2")));
}

static void state_symlink(void) {
    char passwd[4200], up[4096], shadow_up[16];
    snprintf(passwd, sizeof passwd, "%s", file_hex("state-dir/escape-passwd", 2048));
    snprintf(up, sizeof up, "%s", listing("state-dir/escape-up"));
    snprintf(shadow_up, sizeof shadow_up, "%s", try_read("state-dir/escape-up/etc/shadow"));
    say("ATTACK state-symlink passwd=%s up=%s up-shadow=%s root=%s", passwd, up, shadow_up, listing("/"));
}

static void capabilities(void) {
    char status[4096] = "";
    int fd = open("/proc/self/status", O_RDONLY);
    int n = fd < 0 ? -1 : read(fd, status, sizeof status - 1);
    if (fd >= 0) close(fd);
    if (n > 0) status[n] = 0;
    char fields[512] = "";
    const char *keys[] = {"CapInh:", "CapPrm:", "CapEff:", "CapBnd:", "CapAmb:"};
    for (unsigned i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *line = strstr(status, keys[i]);
        char value[32] = "?";
        if (line) {
            line += strlen(keys[i]) + strspn(line + strlen(keys[i]), " \t");
            size_t length = strcspn(line, "\n");
            snprintf(value, sizeof value, "%.*s", (int)(length < 31 ? length : 31), line);
        }
        size_t used = strlen(fields);
        snprintf(fields + used, sizeof fields - used, "%s%.*s=%s", used ? " " : "", (int)strlen(keys[i]) - 1, keys[i], value);
    }
    /* capset: every capability effective, permitted and inheritable (version 3 header). */
    struct { unsigned version; int pid; } header = {0x20080522, 0};
    struct { unsigned effective, permitted, inheritable; } data[2];
    memset(data, 0xff, sizeof data);
    long capset = syscall(SYS_capset, &header, data);
    const char *capset_result = result_of(capset);
    long ambient = syscall(SYS_prctl, 47 /* PR_CAP_AMBIENT */, 2 /* RAISE */, 21 /* CAP_SYS_ADMIN */, 0, 0);
    say("ATTACK capabilities %s capset=%s ambient=%s", fields, capset_result, result_of(ambient));
}

static void unshare_namespaces(void) {
    long user = syscall(SYS_unshare, 0x10000000 /* CLONE_NEWUSER */);
    const char *user_result = result_of(user);
    long mount = syscall(SYS_unshare, 0x00020000 /* CLONE_NEWNS */);
    say("ATTACK unshare-userns userns=%s mountns=%s", user_result, result_of(mount));
}

static void ptrace_process(const char *attack, int pid) {
    /* PTRACE_SEIZE: attaches without stopping the tracee; it is detached when we exit. */
    long seized = syscall(SYS_ptrace, 0x4206 /* PTRACE_SEIZE */, pid, 0, 0);
    const char *seize_result = result_of(seized);
    say("ATTACK %s pid=%d seize=%s signal=%s", attack, pid, seize_result, result_of(kill(pid, 0)));
}

static void mount_filesystems(void) {
    mkdir("state-dir/mnt", 0755);
    long tmpfs = syscall(SYS_mount, "none", "state-dir/mnt", "tmpfs", 0, 0);
    const char *tmpfs_result = result_of(tmpfs);
    long remount = syscall(SYS_mount, "none", "/", 0, 0x20 /* MS_REMOUNT */ | 0x1000 /* MS_BIND */, 0);
    say("ATTACK mount tmpfs=%s remount-rw=%s", tmpfs_result, result_of(remount));
}

static void tiocsti(void) {
    /* Push "X" into the terminal's input queue, as if typed (CVE-2017-5226). */
    char c = 'X';
    say("ATTACK tiocsti inject=%s", result_of(ioctl(0, TIOCSTI, &c)));
}

static void loopback(void) {
    int tcp = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(port)};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const char *tcp_result = tcp < 0 ? name_of(errno) : result_of(connect(tcp, (struct sockaddr *)&address, sizeof address));
    int local = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un name = {.sun_family = AF_UNIX};
    size_t length = strlen(unix_name);
    if (length > sizeof name.sun_path - 2) length = sizeof name.sun_path - 2;
    memcpy(name.sun_path + 1, unix_name, length); /* abstract: sun_path[0] == 0 */
    const char *unix_result = local < 0 ? name_of(errno)
        : result_of(connect(local, (struct sockaddr *)&name, offsetof(struct sockaddr_un, sun_path) + 1 + length));
    say("ATTACK loopback tcp=%s abstract-unix=%s", tcp_result, unix_result);
}

static void keyctl(void) {
    long id = syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3 /* KEY_SPEC_SESSION_KEYRING */, 1);
    say("ATTACK keyctl result=%s", result_of(id));
}

static void bpf(void) {
    unsigned attributes[32];
    memset(attributes, 0, sizeof attributes);
    attributes[0] = 2; /* BPF_MAP_TYPE_ARRAY */
    attributes[1] = 4; /* key size */
    attributes[2] = 4; /* value size */
    attributes[3] = 1; /* entries */
    long fd = syscall(SYS_bpf, 0 /* BPF_MAP_CREATE */, attributes, sizeof attributes);
    say("ATTACK bpf result=%s", result_of(fd));
}

static void perf_event_open(void) {
    unsigned char attributes[128];
    memset(attributes, 0, sizeof attributes);
    *(unsigned *)(attributes + 0) = 1;                  /* PERF_TYPE_SOFTWARE */
    *(unsigned *)(attributes + 4) = sizeof attributes;  /* size */
    *(unsigned long long *)(attributes + 8) = 0;        /* PERF_COUNT_SW_CPU_CLOCK */
    *(unsigned long long *)(attributes + 40) = 1ull << 5 | 1ull << 6; /* exclude_kernel, exclude_hv */
    long fd = syscall(SYS_perf_event_open, attributes, 0, -1, -1, 0);
    say("ATTACK perf_event_open result=%s", result_of(fd));
}

static void userfaultfd(void) {
    long fd = syscall(SYS_userfaultfd, O_CLOEXEC | 1 /* UFFD_USER_MODE_ONLY */);
    say("ATTACK userfaultfd result=%s", result_of(fd));
}

static void kexec_load(void) {
    long result = syscall(SYS_kexec_load, 0, 0, 0, 0);
    say("ATTACK kexec_load result=%s", result_of(result));
}

/*
 * A 64-bit syscall from this 32-bit process: a far call into the kernel's 64-bit user code
 * segment (selector 0x33), `syscall` there, and a far return to the 32-bit segment. The
 * kernel sees an x86_64 syscall (AUDIT_ARCH_X86_64) from a 32-bit program: the way around a
 * filter that only thinks about the i386 table.
 */
__asm__(
    ".pushsection .text\n"
    ".code64\n"
    "probe_native_syscall_64:\n"
    "    movl %eax, %eax\n"   /* number (zero-extended: upper halves are not defined) */
    "    movl %ebx, %edi\n"   /* first argument */
    "    movl %ecx, %esi\n"   /* second */
    "    movl %edx, %edx\n"   /* third */
    "    xorl %r10d, %r10d\n"
    "    xorl %r8d, %r8d\n"
    "    xorl %r9d, %r9d\n"
    "    syscall\n"
    "    lretl\n"
    ".code32\n"
    ".popsection\n");

static long native_syscall(unsigned number, unsigned first, unsigned second, unsigned third) {
    extern char probe_native_syscall_64[];
    static struct { unsigned offset; unsigned short selector; } __attribute__((packed)) target;
    target.offset = (unsigned)probe_native_syscall_64;
    target.selector = 0x33;
    long result;
    __asm__ volatile("lcall *%[target]"
                     : "=a"(result), "+c"(second)
                     : [target] "m"(target), "a"(number), "b"(first), "d"(third)
                     : "memory", "cc", "edi", "esi");
    return result;
}

static void x32(void) {
    /* getpid (39) with the x32 bit (__X32_SYSCALL_BIT 0x40000000). */
    long result = native_syscall(0x40000000u | 39, 0, 0, 0);
    say("ATTACK x32 result=%s", result < 0 && result > -4096 ? name_of(-result) : "ok");
}

static void native_numbers(void) {
    /* x86_64 recvfrom (45) on descriptor -1: 45 is brk in the i386 table, which the program
     * may use; a filter that mixed the tables would let it through. */
    long result = native_syscall(45, (unsigned)-1, 0, 0);
    say("ATTACK native-numbers result=%s", result < 0 && result > -4096 ? name_of(-result) : "ok");
}

static void i386_foreign_number(void) {
    /* int 0x80 with 61: chroot in the i386 table, wait4 in the x86_64 one (which bwrap's
     * reaper needs, so the native side of the filter allows it). */
    long result;
    __asm__ volatile("int $0x80" : "=a"(result) : "a"(61), "b"("/") : "memory");
    say("ATTACK i386-foreign-number result=%s", result < 0 && result > -4096 ? name_of(-result) : "ok");
}

static void attack(const char *name) {
    say("BEGIN %s", name);
    if (!strcmp(name, "read-shadow")) read_shadow();
    else if (!strcmp(name, "read-root")) read_directory(name, "/root");
    else if (!strcmp(name, "read-home")) read_directory(name, "/home");
    else if (!strcmp(name, "proc1-environ")) proc1_environ();
    else if (!strcmp(name, "list-processes")) list_processes();
    else if (!strcmp(name, "write-app")) write_app();
    else if (!strcmp(name, "write-root")) write_root();
    else if (!strcmp(name, "write-loader")) write_loader();
    else if (!strcmp(name, "state-symlink")) state_symlink();
    else if (!strcmp(name, "capabilities")) capabilities();
    else if (!strcmp(name, "unshare-userns")) unshare_namespaces();
    else if (!strcmp(name, "ptrace-host")) ptrace_process(name, host_pid);
    else if (!strcmp(name, "ptrace-init")) ptrace_process(name, 1);
    else if (!strcmp(name, "mount")) mount_filesystems();
    else if (!strcmp(name, "tiocsti")) tiocsti();
    else if (!strcmp(name, "loopback")) loopback();
    else if (!strcmp(name, "keyctl")) keyctl();
    else if (!strcmp(name, "bpf")) bpf();
    else if (!strcmp(name, "perf_event_open")) perf_event_open();
    else if (!strcmp(name, "userfaultfd")) userfaultfd();
    else if (!strcmp(name, "kexec_load")) kexec_load();
    else if (!strcmp(name, "x32")) x32();
    else if (!strcmp(name, "native-numbers")) native_numbers();
    else if (!strcmp(name, "i386-foreign-number")) i386_foreign_number();
    else say("ATTACK %s unknown=1", name);
}

/* What the program does when nobody attacks anything: greet, append to its state, exit. */
static int benign(void) {
    say("probe: ready (pid %d)", getpid());
    int fd = open("state-dir/notes.txt", O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0) {
        say("probe: cannot open state-dir/notes.txt: %s", name_of(errno));
        return 1;
    }
    const char note[] = "probe was here\n";
    int written = write(fd, note, sizeof note - 1);
    close(fd);
    say("probe: wrote %d bytes to state-dir/notes.txt", written);
    return 0;
}

int main(int argc, char **argv) {
    /* Never hang a test: whatever happens, the probe is gone after 20 s. */
    alarm(20);
    if (argc >= 2 && !strcmp(argv[1], "benign")) return benign();
    if (argc < 3 || strcmp(argv[1], "run")) {
        say("usage: probe benign | probe run ATTACK[,ATTACK...] [--host-pid N] [--port N] [--unix NAME]");
        return 2;
    }
    for (int i = 3; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--host-pid")) host_pid = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--port")) port = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--unix")) unix_name = argv[i + 1];
    }
    char list[1024];
    snprintf(list, sizeof list, "%s", argv[2]);
    char *next = list;
    while (next) {
        char *name = next;
        next = strchr(next, ',');
        if (next) *next++ = 0;
        attack(name);
    }
    say("probe: done");
    return 0;
}
