#define _GNU_SOURCE
#include "TracedSpawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <linux/close_range.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

unsigned long barracks_learning_ptrace_options(void) {
    return PTRACE_O_TRACESECCOMP | PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK
        | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;
}

// The child's side: async-signal-safe calls only (signal-safety(7)).
static void report_and_exit(int report_fd) {
    int error = errno;
    ssize_t written;
    do { written = write(report_fd, &error, sizeof error); } while (written < 0 && errno == EINTR);
    _exit(127);
}

static void run_child(int go_fd, int report_fd, const char *path, char *const argv[], char *const envp[],
                      const char *cwd, const int redirect[3]) {
    struct sigaction fallback = {0};
    fallback.sa_handler = SIG_DFL;
    for (int number = 1; number < NSIG; number++) {
        if (number != SIGKILL && number != SIGSTOP) sigaction(number, &fallback, NULL);  // EINVAL for glibc's own: fine
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    char go = 0;
    ssize_t got;
    do { got = read(go_fd, &go, 1); } while (got < 0 && errno == EINTR);
    if (got != 1) _exit(127);  // the tracer gave up or died: never run untraced

    // Move the sources out of 0…2 first, so one redirection cannot clobber another's source.
    int moved[3];
    for (int target = 0; target < 3; target++) {
        moved[target] = -1;
        if (redirect[target] >= 0 && (moved[target] = fcntl(redirect[target], F_DUPFD_CLOEXEC, 3)) < 0) report_and_exit(report_fd);
    }
    for (int target = 0; target < 3; target++) {
        if (moved[target] >= 0 && dup2(moved[target], target) < 0) report_and_exit(report_fd);
    }
    // Only 0, 1 and 2 reach the program: barracks' other descriptors, and any descriptor another
    // thread opened without O_CLOEXEC, would otherwise pass through bwrap into the sandbox.
    if (syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
        for (int fd = 3; fd < 65536; fd++) fcntl(fd, F_SETFD, FD_CLOEXEC);  // before Linux 5.11
    }
    if (cwd != NULL && chdir(cwd) != 0) report_and_exit(report_fd);
    execve(path, argv, envp != NULL ? envp : environ);
    report_and_exit(report_fd);
}

pid_t barracks_spawn_traced(const char *path, char *const argv[], char *const envp[], const char *cwd,
                            const int redirect[3], unsigned long options, int *exec_report_fd,
                            const char **failed_call) {
    // The go-ahead travels over a socket: send(MSG_NOSIGNAL) cannot raise SIGPIPE in the
    // tracer if the child is gone.
    int go[2], report[2];
    *failed_call = "socketpair";
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, go) != 0) return -1;
    *failed_call = "pipe2";
    if (pipe2(report, O_CLOEXEC) != 0) {
        int error = errno;
        close(go[0]);
        close(go[1]);
        errno = error;
        return -1;
    }
    // _Fork (glibc 2.34, async-signal-safe): fork without running the atfork handlers libraries
    // may have registered, which need not be safe in the child of a multithreaded process.
    *failed_call = "fork";
    pid_t pid = _Fork();
    if (pid == 0) {
        close(go[1]);
        close(report[0]);
        run_child(go[0], report[1], path, argv, envp, cwd, redirect);
    }
    int error = errno;
    close(go[0]);
    close(report[1]);
    if (pid > 0 && ptrace(PTRACE_SEIZE, pid, NULL, (void *)options) != 0) {
        error = errno;
        *failed_call = "PTRACE_SEIZE";
        kill(pid, SIGKILL);
        close(go[1]);
        while (waitpid(pid, NULL, __WALL) < 0 && errno == EINTR) {}
        pid = -1;
    }
    if (pid < 0) {
        close(report[0]);
        errno = error;
        return -1;
    }
    char go_ahead = 'g';
    ssize_t written;
    do { written = send(go[1], &go_ahead, 1, MSG_NOSIGNAL); } while (written < 0 && errno == EINTR);
    close(go[1]);
    *exec_report_fd = report[0];
    return pid;
}

pid_t barracks_wait_own_tracees(int *status) { return waitpid(-1, status, __WALL | __WNOTHREAD); }

int barracks_ptrace_event(int status) { return (status >> 16) & 0xffff; }

long barracks_ptrace_continue(pid_t pid, int signal) {
    return ptrace(PTRACE_CONT, pid, NULL, (void *)(long)signal);
}

long barracks_ptrace_listen(pid_t pid) { return ptrace(PTRACE_LISTEN, pid, NULL, NULL); }

long barracks_ptrace_event_message(pid_t pid, unsigned long *message) {
    return ptrace(PTRACE_GETEVENTMSG, pid, NULL, message);
}

int barracks_pidfd_open(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

int barracks_pidfd_send_signal(int pidfd, int signal) {
    return (int)syscall(SYS_pidfd_send_signal, pidfd, signal, NULL, 0);
}
