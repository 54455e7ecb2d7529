/* sandbox-probe: tries, from inside a bundle, what a sandboxed program must not be able to do,
 * and a few things it must be able to do, and prints one line per attempt:
 *
 *   NAME ok            the attempt succeeded
 *   NAME errno N       it failed with errno N (2 ENOENT, 13 EACCES, 1 EPERM, 30 EROFS)
 *   CapEff HEX         (and CapPrm, CapBnd) from /proc/self/status
 *   pid1 WORD          the first word of /proc/1/cmdline
 *   processes N        how many processes /proc lists
 *
 * A 32-bit glibc program shaped like the stand-in (PT_INTERP /lib/ld-linux.so.2, libc.so.6,
 * no _FORTIFY_SOURCE, no stat/readdir whose 32-bit layouts differ on musl), so that it runs on
 * a bundle's musl root through the loader link. Run it only inside a sandbox: as root on the
 * host, its attempts (a mount over STATE_DIR, files in /) would succeed.
 *
 *   gcc -m32 -O1 -no-pie -fno-pie -fno-stack-protector -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=0 \
 *       -o probe sandbox-probe.c
 *   probe APP_DIR STATE_DIR
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *name, int succeeded) {
    if (succeeded) printf("%s ok\n", name);
    else printf("%s errno %d\n", name, errno);
}

static void try_read(const char *name, const char *path, int flags) {
    char buffer[64];
    int fd = open(path, O_RDONLY | flags);
    if (fd >= 0 && !(flags & O_DIRECTORY) && read(fd, buffer, sizeof buffer) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        fd = -1;
    }
    report(name, fd >= 0);
    if (fd >= 0) close(fd);
}

static void try_write(const char *name, const char *path, int flags) {
    int fd = open(path, O_WRONLY | flags, 0644);
    int ok = fd >= 0 && write(fd, "probe\n", 6) == 6;
    report(name, ok);
    if (fd >= 0) close(fd);
}

/* Opens for writing and writes nothing: a read-only mount refuses the open itself (EROFS). */
static void try_open_for_writing(const char *name, const char *path) {
    int fd = open(path, O_WRONLY);
    report(name, fd >= 0);
    if (fd >= 0) close(fd);
}

/* Copies /proc/self/status lines starting with `key` (e.g. "CapEff:") as "CapEff HEX". */
static void capability(const char *key) {
    char text[8192];
    int fd = open("/proc/self/status", O_RDONLY);
    ssize_t length = fd >= 0 ? read(fd, text, sizeof text - 1) : -1;
    if (fd >= 0) close(fd);
    if (length <= 0) { printf("%.*s unknown\n", (int)strlen(key) - 1, key); return; }
    text[length] = '\0';
    char *line = strstr(text, key);
    if (!line) { printf("%.*s unknown\n", (int)strlen(key) - 1, key); return; }
    line += strlen(key);
    while (*line == '\t' || *line == ' ') line++;
    char *end = strchr(line, '\n');
    if (end) *end = '\0';
    printf("%.*s %s\n", (int)strlen(key) - 1, key, line);
}

static void pid1(void) {
    char text[256];
    int fd = open("/proc/1/cmdline", O_RDONLY);
    ssize_t length = fd >= 0 ? read(fd, text, sizeof text - 1) : -1;
    if (fd >= 0) close(fd);
    if (length < 0) { printf("pid1 errno %d\n", errno); return; }
    text[length] = '\0';
    printf("pid1 %s\n", length > 0 ? text : "(empty)");
}

/* Counts the numeric entries of /proc with getdents64 (readdir's 32-bit struct differs on musl). */
static void processes(void) {
    char buffer[8192];
    int fd = open("/proc", O_RDONLY | O_DIRECTORY);
    int count = 0;
    long length;
    if (fd < 0) { printf("processes errno %d\n", errno); return; }
    while ((length = syscall(SYS_getdents64, fd, buffer, sizeof buffer)) > 0) {
        for (long offset = 0; offset < length;) {
            unsigned short size = *(unsigned short *)(buffer + offset + 16);
            const char *name = buffer + offset + 19;
            if (name[0] >= '1' && name[0] <= '9') count++;
            offset += size;
        }
    }
    close(fd);
    printf("processes %d\n", count);
}

int main(int argc, char **argv) {
    char path[4096];
    if (argc < 3) {
        fprintf(stderr, "usage: probe APP_DIR STATE_DIR\n");
        return 2;
    }
    const char *app = argv[1], *state = argv[2];
    setvbuf(stdout, NULL, _IOLBF, 0);

    /* The host's files: absent from the bundle's root. */
    try_read("read-etc-hostname", "/etc/hostname", 0);
    try_read("read-etc-shadow", "/etc/shadow", 0);
    try_read("open-root-home", "/root", O_DIRECTORY);
    try_read("open-home", "/home", O_DIRECTORY);
    /* Read-only binds: the app, the root, the loader. */
    snprintf(path, sizeof path, "%s/probe-was-here", app);
    try_write("write-app", path, O_CREAT | O_TRUNC);
    try_write("write-root", "/probe-was-here", O_CREAT | O_TRUNC);
    try_open_for_writing("write-loader", "/lib/ld-musl-i386.so.1");
    report("mkdir-root", mkdir("/probe-dir", 0755) == 0);
    /* Capabilities dropped: no mounts, even as root. The target is the probe's own state
     * directory, so that a sandbox that failed to hold could not hide anything of the host's. */
    report("mount-tmpfs", mount("none", state, "tmpfs", 0, "size=16k") == 0);
    capability("CapEff:");
    capability("CapPrm:");
    capability("CapBnd:");
    pid1();
    processes();
    /* What the program may do: read its own files, write its state. */
    snprintf(path, sizeof path, "%s/probe", app);
    try_read("read-app", path, 0);
    snprintf(path, sizeof path, "%s/written", state);
    try_write("write-state", path, O_CREAT | O_TRUNC);
    return 0;
}
