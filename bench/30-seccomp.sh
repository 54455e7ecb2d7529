# Seccomp: compiling a 300-syscall x86 policy (plus bwrap's 4 native syscalls) 50 times with
# barracks vs the same libseccomp calls from Python (python3-seccomp: what a user scripting it by hand
# would run), then barracks' full `policy compile` (read, compile, prove, write), and the
# evaluator's throughput.
. bench/lib.sh
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# The same 300 names for both sides, from libseccomp's own x86 table.
/usr/bin/python3 - "$dir" <<'PY'
import json, sys, seccomp
names = []
for nr in range(1024):
    try:
        names.append(seccomp.resolve_syscall(seccomp.Arch.X86, nr).decode())
    except Exception:
        pass
names = sorted(set(names))[:300]
open(sys.argv[1] + "/names.txt", "w").write("\n".join(names))
json.dump({"version": 1, "learned": False,
           "arches": {"x86": {"syscalls": [{"name": n, "count": 1} for n in names]}}},
          open(sys.argv[1] + "/policy.json", "w"))
PY
cat > "$dir/compile.py" <<'PY'
import sys, seccomp
d = sys.argv[1]
names = open(d + "/names.txt").read().split()
repeats = int(sys.argv[2])
def ctx(arch):
    f = seccomp.SyscallFilter(seccomp.KILL_PROCESS)
    if arch is not None:
        f.add_arch(arch); f.remove_arch(seccomp.Arch.NATIVE)
    f.set_attr(seccomp.Attr.ACT_BADARCH, seccomp.KILL_PROCESS)
    f.set_attr(seccomp.Attr.CTL_OPTIMIZE, 2)
    return f
for _ in range(repeats):
    native = ctx(None)
    for n in ["execve", "wait4", "write", "exit_group"]:
        native.add_rule(seccomp.ALLOW, n)
    x86 = ctx(seccomp.Arch.X86)
    for n in names:
        x86.add_rule(seccomp.ALLOW, n)
    native.merge(x86)
    with open(d + "/py.bpf", "wb") as out:
        native.export_bpf(out)
PY

measure "barracks compile 300 x50 (library)" "$BENCH" seccomp-compile 300 50; a=$last_seconds
measure "python3-seccomp compile 300 x50" /usr/bin/python3 "$dir/compile.py" "$dir" 50; b=$last_seconds
ratio "$a" "$b" "barracks compile vs python3-seccomp"
measure "barracks compile 300 + proof x50 (library)" "$BENCH" seccomp-compile 300 50 proven; c=$last_seconds
ratio "$c" "$a" "compile+proof vs compile alone"
measure "barracks policy compile (read, prove, write) x1" "$BARRACKS" policy compile "$dir/policy.json" --out "$dir/out"
cmp -s "$dir/py.bpf" "$dir/out/filter.bpf" && echo "  same BPF bytes as python3-seccomp" || echo "  BPF differs from python3-seccomp"
printf '  evaluator: %s\n' "$("$BENCH" seccomp-evaluate 300 2000000)"
