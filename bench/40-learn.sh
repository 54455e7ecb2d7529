# Learning: a syscall-heavy i386 program (Tests/Support/syscall-loop.c: N times getppid and a
# one-byte read from /dev/zero, 2N syscalls) run plain; under its compiled kill_process filter;
# under barracks' ptrace learner once a first pass has learned its calls (the learning filter
# then allows them all, so the kernel never stops the program); and under
# `strace -f -qq -o /dev/null`. Target: learning <= 1.2x plain once warm; strace beside it.
# Also: the cost of one seccomp stop, from a cold learning run where every call stops.
. bench/lib.sh
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
iterations=${LEARN_BENCH_ITERATIONS:-500000}
cold=$((iterations / 10))
gcc -m32 -static -nostdlib -ffreestanding -fno-stack-protector -fno-pic -no-pie -O1 \
    -o "$dir/syscall-loop" Tests/Support/syscall-loop.c
gcc -O1 -o "$dir/seccomp-loader" Tests/Support/seccomp-loader.c
loop="$dir/syscall-loop"
"$BENCH" learn-policy "$dir/learned" "$dir/seccomp-loader" "$loop" 10 2>/dev/null
echo "  workload: $((2 * iterations)) syscalls (getppid + read, i386 int \$0x80)"

measure "plain" "$loop" "$iterations"; plain=$last_seconds
measure "under the learned filter (kill_process)" "$dir/seccomp-loader" "$dir/learned/filter.bpf" "$loop" "$iterations"
filtered=$last_seconds
measure "barracks learner, warm (0 stops)" "$BENCH" learn-run "$dir/learned/policy.json" "$dir/seccomp-loader" "$loop" "$iterations"
warm=$last_seconds
BENCH_RUNS=1 measure "strace -f -qq -o /dev/null" strace -f -qq -o /dev/null "$loop" "$iterations"; strace=$last_seconds
ratio "$warm" "$plain" "learning (warm) / plain (target <= 1.20)"
ratio "$filtered" "$plain" "filter alone / plain"
ratio "$strace" "$plain" "strace / plain"
ratio "$strace" "$warm" "strace / learning (warm)"

# Cold minus warm on the same small run: what the stops cost, start-up costs cancelled out.
measure "barracks learner, warm, $((2 * cold)) syscalls" "$BENCH" learn-run "$dir/learned/policy.json" "$dir/seccomp-loader" "$loop" "$cold"
small=$last_seconds
measure "barracks learner, cold ($((2 * cold)) stops)" "$BENCH" learn-policy "$dir/cold" "$dir/seccomp-loader" "$loop" "$cold"
awk -v c="$last_seconds" -v w="$small" -v n="$((2 * cold))" 'BEGIN {
    printf "  one seccomp stop (stop, record, continue): %.1f us\n", (c - w) / n * 1e6 }'
