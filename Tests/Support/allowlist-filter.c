/*
 * allowlist-filter LIST OUT.bpf — an independent seccomp allow-list compiler for fixture checks.
 *
 * Reads syscall names (first word of each non-# line of LIST, e.g. examples/standin/
 * strace-syscalls.txt), allows them for the i386 ABI, allows on x86_64 only what bwrap itself
 * needs after loading the filter (execve, wait4, write, exit_group, exit), kills the process on
 * anything else, and writes the BPF for `bwrap --seccomp FD`. Not the Swift Seccomp module:
 * scripts/e2e-standin uses it to prove the recorded list is enough and FORBIDDEN is killed.
 *
 * libseccomp takes rule numbers in the NATIVE numbering and translates them per architecture:
 * resolve by name with seccomp_syscall_resolve_name(), never with the x86-specific resolver
 * (it returns socketcall pseudo-numbers such as -102 for bind, which rule_add rejects: -EFAULT).
 *
 *   gcc -O2 -o allowlist-filter allowlist-filter.c -lseccomp
 */
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: allowlist-filter LIST OUT.bpf\n");
        return 2;
    }
    scmp_filter_ctx i386 = seccomp_init(SCMP_ACT_KILL_PROCESS);
    scmp_filter_ctx native = seccomp_init(SCMP_ACT_KILL_PROCESS);
    if (!i386 || !native || seccomp_arch_remove(i386, SCMP_ARCH_NATIVE) || seccomp_arch_add(i386, SCMP_ARCH_X86)) {
        fprintf(stderr, "allowlist-filter: cannot set up libseccomp contexts\n");
        return 1;
    }
    FILE *list = fopen(argv[1], "r");
    if (!list) {
        perror(argv[1]);
        return 1;
    }
    char line[256], name[128];
    int count = 0;
    while (fgets(line, sizeof line, list)) {
        if (line[0] == '#' || sscanf(line, "%127s", name) != 1) continue;
        int number = seccomp_syscall_resolve_name(name);
        if (number == __NR_SCMP_ERROR || seccomp_rule_add(i386, SCMP_ACT_ALLOW, number, 0) != 0) {
            fprintf(stderr, "allowlist-filter: %s: unknown syscall or rule refused\n", name);
            return 1;
        }
        count++;
    }
    fclose(list);
    const char *bwrap_needs[] = {"execve", "wait4", "write", "exit_group", "exit"};
    for (size_t index = 0; index < sizeof bwrap_needs / sizeof *bwrap_needs; index++)
        seccomp_rule_add(native, SCMP_ACT_ALLOW, seccomp_syscall_resolve_name(bwrap_needs[index]), 0);
    int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (seccomp_merge(native, i386) != 0 || fd < 0 || seccomp_export_bpf(native, fd) != 0) {
        fprintf(stderr, "allowlist-filter: cannot merge or export the filter\n");
        return 1;
    }
    close(fd);
    fprintf(stderr, "allowlist-filter: %d i386 syscalls allowed, default kill_process\n", count);
    return 0;
}
