// Starting a program under ptrace, and the ptrace requests and wait decoding the learner
// uses. Kept in C: fork and what runs between fork and exec must be async-signal-safe, which
// Swift code cannot promise, and the ptrace constants live in macros and GNU enums.
#ifndef BARRACKS_TRACED_SPAWN_H
#define BARRACKS_TRACED_SPAWN_H

#include <sys/types.h>

/// PTRACE_EVENT_* values as they appear in `status >> 16` at a ptrace event stop.
enum {
    BARRACKS_PTRACE_EVENT_FORK = 1,
    BARRACKS_PTRACE_EVENT_VFORK = 2,
    BARRACKS_PTRACE_EVENT_CLONE = 3,
    BARRACKS_PTRACE_EVENT_EXEC = 4,
    BARRACKS_PTRACE_EVENT_SECCOMP = 7,
    BARRACKS_PTRACE_EVENT_STOP = 128,
};

/// The options the learner seizes with: TRACESECCOMP | TRACECLONE | TRACEFORK | TRACEVFORK |
/// TRACEEXEC | EXITKILL (every descendant is traced; all die if the tracer thread goes away).
unsigned long barracks_learning_ptrace_options(void);

/// Forks a child that waits on a pipe until this thread has PTRACE_SEIZEd it with `options`,
/// then sets up its descriptors (`redirect[i] >= 0` becomes descriptor i; nothing above 2
/// survives the exec), signal state
/// (default dispositions, empty mask) and working directory (`cwd` unless NULL) and execs
/// `path` with `argv` and `envp` (the caller's environment when NULL). Only async-signal-safe
/// calls run in the child, so this is safe to call from a multithreaded process.
///
/// Returns the child's pid, with `*exec_report_fd` the read end of a close-on-exec pipe: it
/// reaches end-of-file once the exec succeeded, or yields the child's errno (an int) when a
/// step before the program failed (the child then exits with status 127). Returns -1 with
/// errno set and `*failed_call` naming the call when the set-up, the fork or the seize failed
/// (the child is then killed and reaped). If the caller never gives the go-ahead (it died),
/// the child exits without running anything.
pid_t barracks_spawn_traced(const char *path, char *const argv[], char *const envp[], const char *cwd,
                            const int redirect[3], unsigned long options, int *exec_report_fd,
                            const char **failed_call);

/// waitpid(-1, status, __WALL | __WNOTHREAD): the next state change of a child or tracee of
/// the calling thread only, so children other threads spawned are never reaped here.
pid_t barracks_wait_own_tracees(int *status);

/// The PTRACE_EVENT_* of a stop (`status >> 16`), 0 for a signal-delivery stop.
int barracks_ptrace_event(int status);

/// PTRACE_CONT, delivering `signal` (0: none).
long barracks_ptrace_continue(pid_t pid, int signal);
/// PTRACE_LISTEN: leave a tracee in group-stop, but let SIGCONT wake it.
long barracks_ptrace_listen(pid_t pid);
/// PTRACE_GETEVENTMSG: the new child's pid at fork/clone events, the former thread id at exec.
long barracks_ptrace_event_message(pid_t pid, unsigned long *message);

/// pidfd_open(2) and pidfd_send_signal(2): signalling a child without a pid-reuse race.
int barracks_pidfd_open(pid_t pid);
int barracks_pidfd_send_signal(int pidfd, int signal);

#endif
