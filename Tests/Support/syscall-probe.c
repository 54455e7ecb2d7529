/* syscall-probe: issues one raw system call and reports what it returned. For the seccomp
 * tests (Tests/SeccompTests), built at test time for i386 (-m32) and x86_64:
 *
 *   gcc -m32 -static -nostdlib -ffreestanding -fno-stack-protector -fno-pic -no-pie -O1 \
 *       -o probe32 syscall-probe.c
 *
 *   syscall-probe NR [A0 … A5]     numbers in decimal (may be negative) or 0x hex
 *
 * Prints "result=N" (N < 0 is -errno) and exits 0 if the call returned at all. It has no C
 * library: the probed call, one write and exit_group are the only system calls it makes,
 * so a filter under test sees nothing else. i386 calls go through int $0x80. */

typedef unsigned long word; /* 32 bits on i386, 64 on x86_64: the width of a register */

#if defined(__i386__)
#define SYS_WRITE 4
#define SYS_EXIT_GROUP 252
__asm__(".globl _start\n_start:\n"
        "  xorl %ebp, %ebp\n"
        "  movl %esp, %eax\n"
        "  andl $-16, %esp\n"
        "  subl $12, %esp\n"
        "  pushl %eax\n"
        "  call probe_main\n"
        "  hlt\n");
/* raw_syscall(nr, a0 … a5): cdecl arguments to eax, ebx, ecx, edx, esi, edi, ebp. */
__asm__(".globl raw_syscall\nraw_syscall:\n"
        "  pushl %ebp\n  pushl %edi\n  pushl %esi\n  pushl %ebx\n"
        "  movl 20(%esp), %eax\n  movl 24(%esp), %ebx\n  movl 28(%esp), %ecx\n"
        "  movl 32(%esp), %edx\n  movl 36(%esp), %esi\n  movl 40(%esp), %edi\n"
        "  movl 44(%esp), %ebp\n"
        "  int $0x80\n"
        "  popl %ebx\n  popl %esi\n  popl %edi\n  popl %ebp\n"
        "  ret\n");
#elif defined(__x86_64__)
#define SYS_WRITE 1
#define SYS_EXIT_GROUP 231
__asm__(".globl _start\n_start:\n"
        "  xorl %ebp, %ebp\n"
        "  movq %rsp, %rdi\n"
        "  andq $-16, %rsp\n"
        "  call probe_main\n"
        "  hlt\n");
/* raw_syscall(nr, a0 … a5): SysV arguments to rax, rdi, rsi, rdx, r10, r8, r9. */
__asm__(".globl raw_syscall\nraw_syscall:\n"
        "  movq %rdi, %rax\n  movq %rsi, %rdi\n  movq %rdx, %rsi\n  movq %rcx, %rdx\n"
        "  movq %r8, %r10\n  movq %r9, %r8\n  movq 8(%rsp), %r9\n"
        "  syscall\n"
        "  ret\n");
#else
#error "syscall-probe supports i386 and x86_64"
#endif

long raw_syscall(word nr, word a0, word a1, word a2, word a3, word a4, word a5);

static word parse(const char *text) {
    int negative = 0;
    word value = 0;
    if (*text == '-') { negative = 1; text++; }
    if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        for (text += 2; *text; text++) {
            char c = *text;
            value = value * 16 + (word)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        }
    } else {
        for (; *text; text++) value = value * 10 + (word)(*text - '0');
    }
    return negative ? (word)0 - value : value;
}

static void finish(long result, int status) {
    char buffer[32];
    char digits[24];
    int length = 0, count = 0;
    const char *prefix = "result=";
    unsigned long magnitude = result < 0 ? (unsigned long)0 - (unsigned long)result : (unsigned long)result;
    while (*prefix) buffer[length++] = *prefix++;
    if (result < 0) buffer[length++] = '-';
    do { digits[count++] = (char)('0' + magnitude % 10); magnitude /= 10; } while (magnitude);
    while (count) buffer[length++] = digits[--count];
    buffer[length++] = '\n';
    raw_syscall(SYS_WRITE, 1, (word)buffer, (word)length, 0, 0, 0);
    raw_syscall(SYS_EXIT_GROUP, (word)status, 0, 0, 0, 0, 0);
}

void probe_main(word *stack) {
    int argc = (int)stack[0];
    char **argv = (char **)(stack + 1);
    word args[6] = {0, 0, 0, 0, 0, 0};
    int i;
    if (argc < 2) finish(0, 2);
    for (i = 0; i < 6 && i + 2 < argc; i++) args[i] = parse(argv[i + 2]);
    finish(raw_syscall(parse(argv[1]), args[0], args[1], args[2], args[3], args[4], args[5]), 0);
}
