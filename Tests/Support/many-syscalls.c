/* many-syscalls: makes each of about fifty distinct, harmless i386 system calls once, quickly.
 * For the learning tests (Tests/LearningTests): under a LOG filter it floods the kernel log
 * past printk's rate limit (10 records per 5 s), so records are really lost; under the ptrace
 * learner every one of them must be seen. Built at test time:
 *
 *   gcc -m32 -static -nostdlib -ffreestanding -fno-stack-protector -fno-pic -no-pie -O1 \
 *       -o many-syscalls many-syscalls.c
 *
 *   many-syscalls          make every call in CALLS once (bad descriptors and null pointers:
 *                          they fail harmlessly, but seccomp sees each before it runs), exit 0
 *   many-syscalls list     print the numbers of CALLS, one per line
 *   many-syscalls one      make only exit_group (one more record, to end a rate-limit interval)
 *
 * No C library: the program makes no other system call (write for `list`, exit_group). No
 * socketcall/ipc either: a log names them without their sub-call. */

typedef unsigned long word;

__asm__(".globl _start\n_start:\n"
        "  xorl %ebp, %ebp\n"
        "  movl %esp, %eax\n"
        "  andl $-16, %esp\n"
        "  subl $12, %esp\n"
        "  pushl %eax\n"
        "  call many_main\n"
        "  hlt\n");
__asm__(".globl raw_syscall\nraw_syscall:\n"
        "  pushl %ebp\n  pushl %edi\n  pushl %esi\n  pushl %ebx\n"
        "  movl 20(%esp), %eax\n  movl 24(%esp), %ebx\n  movl 28(%esp), %ecx\n"
        "  movl 32(%esp), %edx\n  movl 36(%esp), %esi\n  movl 40(%esp), %edi\n"
        "  movl 44(%esp), %ebp\n"
        "  int $0x80\n"
        "  popl %ebx\n  popl %esi\n  popl %edi\n  popl %ebp\n"
        "  ret\n");
long raw_syscall(word nr, word a0, word a1, word a2, word a3, word a4, word a5);

#define BAD ((word)-1)
static const word CALLS[][4] = {
    {20, 0, 0, 0},        /* getpid */
    {64, 0, 0, 0},        /* getppid */
    {199, 0, 0, 0},       /* getuid32 */
    {200, 0, 0, 0},       /* getgid32 */
    {201, 0, 0, 0},       /* geteuid32 */
    {202, 0, 0, 0},       /* getegid32 */
    {224, 0, 0, 0},       /* gettid */
    {65, 0, 0, 0},        /* getpgrp */
    {147, 0, 0, 0},       /* getsid(0) */
    {158, 0, 0, 0},       /* sched_yield */
    {41, BAD, 0, 0},      /* dup(-1) */
    {6, BAD, 0, 0},       /* close(-1) */
    {118, BAD, 0, 0},     /* fsync(-1) */
    {148, BAD, 0, 0},     /* fdatasync(-1) */
    {133, BAD, 0, 0},     /* fchdir(-1) */
    {183, 0, 0, 0},       /* getcwd(NULL, 0) */
    {122, 0, 0, 0},       /* uname(NULL) */
    {116, 0, 0, 0},       /* sysinfo(NULL) */
    {43, 0, 0, 0},        /* times(NULL) */
    {27, 0, 0, 0},        /* alarm(0) */
    {77, 0, 0, 0},        /* getrusage(0, NULL) */
    {191, 0, 0, 0},       /* ugetrlimit(0, NULL) */
    {96, 0, 0, 0},        /* getpriority(0, 0) */
    {157, 0, 0, 0},       /* sched_getscheduler(0) */
    {105, 0, 0, 0},       /* getitimer(0, NULL) */
    {176, 0, 8, 0},       /* rt_sigpending(NULL, 8) */
    {184, 0, 0, 0},       /* capget(NULL, NULL) */
    {136, BAD, 0, 0},     /* personality(0xffffffff): query */
    {219, 0, 0, 0},       /* madvise(0, 0, 0) */
    {125, 0, 0, 0},       /* mprotect(0, 0, 0) */
    {91, 0, 0, 0},        /* munmap(0, 0) */
    {45, 0, 0, 0},        /* brk(0) */
    {33, 0, 0, 0},        /* access(NULL, 0) */
    {12, 0, 0, 0},        /* chdir(NULL) */
    {39, 0, 0, 0},        /* mkdir(NULL, 0) */
    {40, 0, 0, 0},        /* rmdir(NULL) */
    {10, 0, 0, 0},        /* unlink(NULL) */
    {38, 0, 0, 0},        /* rename(NULL, NULL) */
    {205, 0, 0, 0},       /* getgroups32(0, NULL) */
    {19, BAD, 0, 0},      /* lseek(-1, 0, 0) */
    {3, BAD, 0, 0},       /* read(-1, NULL, 0) */
    {197, BAD, 0, 0},     /* fstat64(-1, NULL) */
    {143, BAD, 0, 0},     /* flock(-1, 0) */
    {93, BAD, 0, 0},      /* ftruncate(-1, 0) */
    {54, BAD, 0x5401, 0}, /* ioctl(-1, TCGETS, NULL) */
    {221, BAD, 1, 0},     /* fcntl64(-1, F_GETFD) */
    {100, BAD, 0, 0},     /* fstatfs(-1, NULL) */
    {145, BAD, 0, 0},     /* readv(-1, NULL, 0) */
    {146, BAD, 0, 0},     /* writev(-1, NULL, 0) */
    {162, 0, 0, 0},       /* nanosleep(NULL, NULL) */
    {172, 3, 0, 0},       /* prctl(PR_GET_DUMPABLE) */
};
#define COUNT (sizeof CALLS / sizeof CALLS[0])

static void print_number(word value) {
    char digits[16];
    char line[17];
    int count = 0, length = 0;
    do { digits[count++] = (char)('0' + value % 10); value /= 10; } while (value);
    while (count) line[length++] = digits[--count];
    line[length++] = '\n';
    raw_syscall(4, 1, (word)line, (word)length, 0, 0, 0);
}

void many_main(word *stack) {
    int argc = (int)stack[0];
    char **argv = (char **)(stack + 1);
    unsigned index;
    if (argc > 1 && argv[1][0] == 'l') {
        for (index = 0; index < COUNT; index++) print_number(CALLS[index][0]);
    } else if (argc <= 1) {
        for (index = 0; index < COUNT; index++) raw_syscall(CALLS[index][0], CALLS[index][1], CALLS[index][2], CALLS[index][3], 0, 0, 0);
    }
    raw_syscall(252, 0, 0, 0, 0, 0, 0);
}
