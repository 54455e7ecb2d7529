// Small C helpers for what Swift cannot reach in glibc: the wait-status macros, the variadic
// ptrace and ioctl, and the PTRACE_GET_SYSCALL_INFO layout. Every function is a one-liner
// over the libc call it names; error handling (errno) stays with the Swift caller.
#ifndef BARRACKS_CSYSTEM_H
#define BARRACKS_CSYSTEM_H

#include <stdint.h>
#include <sys/types.h>

// <sys/wait.h> macros.
int barracks_wifexited(int status);
int barracks_wexitstatus(int status);
int barracks_wifsignaled(int status);
int barracks_wtermsig(int status);
int barracks_wifstopped(int status);
int barracks_wstopsig(int status);

// GNU extensions glibc declares only under _GNU_SOURCE, which Swift's Glibc module lacks.
#include <spawn.h>
int barracks_pipe_cloexec(int fds[2]);
int barracks_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);
// memfd_create(2): an anonymous file (O_CLOEXEC added), e.g. for libseccomp's fd-only exports.
int barracks_memfd_create(const char *name);
int barracks_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);

// Terminal width of fd, or 0 when fd is not a terminal.
int barracks_terminal_columns(int fd);

// ptrace(2) with the argument kinds barracks uses.
long barracks_ptrace(int request, pid_t pid, void *addr, void *data);

/// The fields of `struct ptrace_syscall_info` barracks reads at a seccomp stop
/// (PTRACE_GET_SYSCALL_INFO, Linux 5.3). `op` is 3 (SECCOMP) at seccomp stops.
typedef struct {
    uint8_t op;
    uint32_t arch;
    uint64_t instruction_pointer;
    uint64_t nr;
    uint64_t args[6];
    uint32_t ret_data;
} barracks_syscall_info;

// Fills *info for the stopped tracee; returns the kernel's byte count, or -1 with errno set.
long barracks_get_syscall_info(pid_t pid, barracks_syscall_info *info);

// Starting a program traced, and the ptrace requests of the learner.
#include "TracedSpawn.h"
#include "LazyLibrary.h"

#endif
