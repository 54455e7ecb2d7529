/* syscall-loop: a syscall-heavy i386 workload for bench/40-learn.sh. No C library: int $0x80.
 *
 *   gcc -m32 -static -nostdlib -ffreestanding -fno-stack-protector -fno-pic -no-pie -O1 \
 *       -o syscall-loop syscall-loop.c
 *   syscall-loop N     N times: getppid, then read one byte from /dev/zero; exit 0
 */
typedef unsigned long word;

__asm__(".globl _start\n_start:\n"
        "  xorl %ebp, %ebp\n"
        "  movl %esp, %eax\n"
        "  andl $-16, %esp\n"
        "  subl $12, %esp\n"
        "  pushl %eax\n"
        "  call loop_main\n"
        "  hlt\n");
__asm__(".globl raw_syscall\nraw_syscall:\n"
        "  pushl %ebx\n"
        "  movl 8(%esp), %eax\n  movl 12(%esp), %ebx\n  movl 16(%esp), %ecx\n  movl 20(%esp), %edx\n"
        "  int $0x80\n"
        "  popl %ebx\n"
        "  ret\n");
long raw_syscall(word nr, word a0, word a1, word a2);

void loop_main(word *stack) {
    int argc = (int)stack[0];
    char **argv = (char **)(stack + 1);
    word count = 0;
    const char *text = argc > 1 ? argv[1] : "1000";
    char byte;
    while (*text >= '0' && *text <= '9') count = count * 10 + (word)(*text++ - '0');
    long fd = raw_syscall(5, (word)"/dev/zero", 0, 0); /* open(O_RDONLY) */
    if (fd < 0) raw_syscall(252, 1, 0, 0);
    for (word index = 0; index < count; index++) {
        raw_syscall(64, 0, 0, 0);               /* getppid */
        raw_syscall(3, (word)fd, (word)&byte, 1); /* read */
    }
    raw_syscall(252, 0, 0, 0); /* exit_group */
}
