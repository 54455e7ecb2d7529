/* learn-family: an i386 program (static glibc) whose syscalls come from everywhere a learner
 * must look: a signal handler, a thread, a forked child, and a child that execs the program
 * again. For Tests/LearningTests; built at test time with
 *
 *   gcc -m32 -static -pthread -O1 -o learn-family learn-family.c
 *
 *   learn-family              the family run: exits 7 if the signal handler ran, 1 otherwise
 *   learn-family exec-child   what the exec'd child runs (getpgid, exit 0)
 *   learn-family stop         stops itself (SIGSTOP), exits 5 once continued
 *   learn-family term         waits for SIGTERM, then exits 3
 *   learn-family stubborn     ignores SIGTERM and waits forever
 *
 * Each place makes one syscall nothing else makes, by number (syscall(2)), so a learned list
 * shows which places were traced: handler getsid (147), thread sched_get_priority_max (159),
 * forked child sched_get_priority_min (160), exec'd child getpgid (132). */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t handled;

static void on_signal(int number) {
    (void)number;
    syscall(SYS_getsid, 0);
    handled = 1;
}

static void *thread_main(void *argument) {
    (void)argument;
    syscall(SYS_sched_get_priority_max, 0);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "exec-child") == 0) {
        syscall(SYS_getpgid, 0);
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "stop") == 0) {
        kill(getpid(), SIGSTOP);
        return 5;
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    if (argc > 1 && strcmp(argv[1], "term") == 0) {
        sigaction(SIGTERM, &action, NULL);
        while (!handled) pause();
        return 3;
    }
    if (argc > 1 && strcmp(argv[1], "stubborn") == 0) {
        signal(SIGTERM, SIG_IGN);
        for (;;) pause();
    }
    sigaction(SIGUSR1, &action, NULL);
    raise(SIGUSR1);

    pthread_t thread;
    if (pthread_create(&thread, NULL, thread_main, NULL) != 0) return 1;
    pthread_join(thread, NULL);

    pid_t child = fork();
    if (child == 0) {
        syscall(SYS_sched_get_priority_min, 0);
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);

    child = fork();
    if (child == 0) {
        char *arguments[] = {argv[0], "exec-child", NULL};
        execv("/proc/self/exe", arguments);
        _exit(126);
    }
    waitpid(child, &status, 0);
    return handled && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 7 : 1;
}
