#define _GNU_SOURCE
#include "CSystem.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

int barracks_wifexited(int status) { return WIFEXITED(status); }
int barracks_wexitstatus(int status) { return WEXITSTATUS(status); }
int barracks_wifsignaled(int status) { return WIFSIGNALED(status); }
int barracks_wtermsig(int status) { return WTERMSIG(status); }
int barracks_wifstopped(int status) { return WIFSTOPPED(status); }
int barracks_wstopsig(int status) { return WSTOPSIG(status); }

int barracks_terminal_columns(int fd) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return 0;
    return ws.ws_col;
}

long barracks_ptrace(int request, pid_t pid, void *addr, void *data) {
    return ptrace((enum __ptrace_request)request, pid, addr, data);
}

long barracks_get_syscall_info(pid_t pid, barracks_syscall_info *out) {
    struct __ptrace_syscall_info info;
    memset(&info, 0, sizeof info);
    long n = ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof info, &info);
    if (n < 0) return n;
    memset(out, 0, sizeof *out);
    out->op = info.op;
    out->arch = info.arch;
    out->instruction_pointer = info.instruction_pointer;
    if (info.op == PTRACE_SYSCALL_INFO_SECCOMP) {
        out->nr = info.seccomp.nr;
        memcpy(out->args, info.seccomp.args, sizeof out->args);
        out->ret_data = info.seccomp.ret_data;
    } else if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
        out->nr = info.entry.nr;
        memcpy(out->args, info.entry.args, sizeof out->args);
    }
    return n;
}

int barracks_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int barracks_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

int barracks_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags) {
    return (int)syscall(SYS_renameat2, olddirfd, oldpath, newdirfd, newpath, flags);
}

int barracks_memfd_create(const char *name) { return memfd_create(name, MFD_CLOEXEC); }
