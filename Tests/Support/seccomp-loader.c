/* seccomp-loader FILTER PROGRAM [ARGS…]: installs the BPF filter in FILTER the way bwrap does
 * (PR_SET_NO_NEW_PRIVS, then prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER) with no flags) and
 * execs PROGRAM under it. For the seccomp tests; built at test time with plain gcc.
 * Exit 125: the filter could not be read or installed. */
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv) {
    static struct sock_filter filter[4096 + 1];
    if (argc < 3) { fprintf(stderr, "usage: seccomp-loader FILTER PROGRAM [ARGS…]\n"); return 125; }
    int fd = open(argv[1], O_RDONLY);
    if (fd < 0) { perror(argv[1]); return 125; }
    ssize_t size = read(fd, filter, sizeof filter);
    close(fd);
    if (size <= 0 || size % 8 != 0 || size > 4096 * 8) { fprintf(stderr, "%s: bad filter size\n", argv[1]); return 125; }
    struct sock_fprog program = { .len = (unsigned short)(size / 8), .filter = filter };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) { perror("PR_SET_NO_NEW_PRIVS"); return 125; }
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) != 0) { perror("PR_SET_SECCOMP"); return 125; }
    execv(argv[2], argv + 2);
    return 127;
}
