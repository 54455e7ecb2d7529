# Bundles (issue 5), side by side in one run, each command run without a shell, the commands
# of a comparison taking turns (see `alternate`):
# (a) start-up of the demo bundle's launcher for a program that exits at once
#     (`run --help`: the stand-in prints its usage and exits 0) vs the same bwrap command line
#     typed by hand in a shell (the launcher's flags, `--seccomp 9 9<filter.bpf`). Target <= 1.1x.
# (b) a syscall-heavy i386 loop (Tests/Support/syscall-loop.c: N getppid + N one-byte reads)
#     as a bundle app, its policy written from an `strace -f` run of it (no argument conditions,
#     so the kernel's action cache lets every call skip the filter), vs the loop unsandboxed.
#     Target <= 1.05x.
# (c) `barracks build` with nothing changed vs the first build from a warm download cache (the
#     bundle and the cached roots removed before every run). Target: >= 10x faster.
# And the bundle's size against the demo mirror's full root (musl + busybox).
. bench/lib.sh
mirror=$(pwd)/.fixtures/bench/demo-mirror
standin=$(pwd)/.fixtures/bench/standin
scripts/make-demo-mirror "$mirror" >/dev/null
scripts/build-standin "$standin" >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/barracks-bench-bundle.XXXXXX")
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM
runs_start=${BUNDLE_BENCH_STARTS:-200}
loops=${BUNDLE_BENCH_LOOPS:-1000000}

python=python3; [ -x /usr/bin/python3 ] && python=/usr/bin/python3
"$python" -I -S Tests/Support/httpserver.py --root "$mirror" >"$work/ready" 2>"$work/server.log" &
server_pid=$!
i=0; while [ ! -s "$work/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(sed -n 's/.*"http": \([0-9]*\).*/\1/p' "$work/ready")
[ -n "$port" ] || { echo "bench: the loopback server did not start: $(cat "$work/server.log")" >&2; exit 1; }

# manifest NAME ZIP ENTRY MOUNT ARGS STATE NETWORK PACKAGES: writes $work/NAME.json.
manifest() {
    cat >"$work/$1.json" <<EOF
{"name": "$1",
 "alpine": {"mirror": "http://127.0.0.1:$port", "branch": "v3.24", "arch": "x86", "packages": $8, "keys": "$mirror/keys"},
 "app": {"url": "$2", "entry": "$3", "mount": "$4", "args": $5, "state": $6},
 "sandbox": {"network": "$7", "resolv_conf": false, "env": {}},
 "seccomp": {"policy": "$1.policy.json", "default_action": "kill_process"}}
EOF
}
build() { "$BARRACKS" build "$work/$1.json" --cache "$work/cache" --out "$work/bundles/$1" -q; }

# alternate NAME RUNS [--prepare SHELL] CMD [--prepare SHELL] CMD …: runs the commands in turn,
# RUNS rounds after one warm-up round, each without a shell (as hyperfine -N does), the optional
# preparation untimed before it. Taking turns matters on a shared machine: load from elsewhere
# then falls on every command alike, where hyperfine's one-command-after-the-other does not.
# Prints median, mean and fastest per command; `median NAME I` / `fastest NAME I` give seconds.
alternate() {
    name=$1; rounds=$2; shift 2
    "$python" - "$work/$name.times" "$rounds" "$@" <<'PY'
import json, shlex, statistics, subprocess, sys, time
out, rounds, rest = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
commands, prepare = [], None
while rest:
    if rest[0] == "--prepare":
        prepare, rest = rest[1], rest[2:]
        continue
    commands.append((rest[0], prepare)); prepare, rest = None, rest[1:]
times = [[] for _ in commands]
for round in range(rounds + 1):
    for index, (command, prepare) in enumerate(commands):
        if prepare:
            subprocess.run(prepare, shell=True, check=True)
        start = time.perf_counter()
        result = subprocess.run(shlex.split(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit(f"bench: {command} failed ({result.returncode})")
        if round > 0:
            times[index].append(elapsed)
for (command, _), samples in zip(commands, times):
    shown = command if len(command) < 110 else command[:107] + "..."
    print(f"  {shown}\n      median {statistics.median(samples) * 1000:9.1f} ms   mean {statistics.mean(samples) * 1000:9.1f} ms"
          f"   fastest {min(samples) * 1000:9.1f} ms   ({len(samples)} runs)")
json.dump([{"median": statistics.median(s), "min": min(s)} for s in times], open(out, "w"))
PY
}
median() { "$python" -c "import json,sys; print(json.load(open(sys.argv[1]))[int(sys.argv[2])]['median'])" "$work/$1.times" "$2"; }
fastest() { "$python" -c "import json,sys; print(json.load(open(sys.argv[1]))[int(sys.argv[2])]['min'])" "$work/$1.times" "$2"; }

# --- (a) start-up ---------------------------------------------------------------------------
cp Tests/Support/standin.policy.json "$work/demo.policy.json"
manifest demo "$standin/standin-1.0.zip" standin /standin '["-p", "23999"]' '["logs/", "anti-cheat/", "banned.txt", "bannedhw.txt"]' host '["musl"]'
build demo
by_hand=$("$BENCH" bundle-bwrap-command "$work/bundles/demo" --help)
"$work/bundles/demo/run" --help >/dev/null && sh -c "$by_hand" >/dev/null \
    || { echo "bench: the demo bundle does not start" >&2; exit 1; }
echo "  (a) start-up, $runs_start runs each: the launcher vs its bwrap command typed in sh;"
echo "      third, what the launcher execs besides bwrap (sha256sum of the filter; env -i, here before true)"
alternate start "$runs_start" "$work/bundles/demo/run --help" "sh -c '$by_hand'" \
    "sh -c 'sha256sum $work/bundles/demo/seccomp/filter.bpf >/dev/null; exec env -i true'"
ratio "$(median start 0)" "$(median start 1)" "launcher / bwrap by hand, medians (target <= 1.10)"
ratio "$(fastest start 0)" "$(fastest start 1)" "launcher / bwrap by hand, fastest runs"

# --- (b) a syscall-heavy loop --------------------------------------------------------------
mkdir -p "$work/loop-app"
gcc -m32 -static -nostdlib -ffreestanding -fno-stack-protector -fno-pic -no-pie -O1 \
    -o "$work/loop-app/loop" Tests/Support/syscall-loop.c
"$python" - "$work/loop-app" "$work/loop-1.0.zip" <<'PY'
import os, sys, zipfile
source, out = sys.argv[1:3]
with zipfile.ZipFile(out, "w") as z:
    info = zipfile.ZipInfo("loop-1.0/loop", date_time=(2020, 1, 1, 0, 0, 0))
    info.create_system, info.external_attr = 3, 0o100755 << 16
    z.writestr(info, open(os.path.join(source, "loop"), "rb").read())
PY
# The policy: every syscall the loop makes, from strace -f (its own execve is bwrap's, native).
strace -f -qq -o "$work/loop.strace" "$work/loop-app/loop" 3
names=$(sed -n 's/^[0-9]* *\([a-z_0-9]*\)(.*/\1/p' "$work/loop.strace" | sort -u | grep -vx execve)
{
    printf '{"arches": {"x86": {"syscalls": ['
    first=1
    for n in $names; do [ $first = 1 ] || printf ', '; first=0; printf '{"name": "%s", "count": 1}' "$n"; done
    printf ']}}, "default_action": "kill_process", "learned": true, "version": 1}\n'
} >"$work/loop.policy.json"
manifest loop "$work/loop-1.0.zip" loop /loop '[]' '[]' none '["musl"]'
build loop
"$work/bundles/loop/run" 10 || { echo "bench: the loop bundle failed (policy: $names)" >&2; exit 1; }
echo "  (b) $((2 * loops)) syscalls (getppid + read, i386), policy from strace: $(echo $names)"
alternate loop "${BUNDLE_BENCH_LOOP_RUNS:-10}" "$work/loop-app/loop $loops" "$work/bundles/loop/run $loops"
ratio "$(median loop 1)" "$(median loop 0)" "in the bundle / unsandboxed, medians (target <= 1.05)"
ratio "$(fastest loop 1)" "$(fastest loop 0)" "in the bundle / unsandboxed, fastest runs"

# --- (c) rebuild with nothing changed ------------------------------------------------------
echo "  (c) barracks build: first build from a warm download cache vs a rebuild with nothing changed"
alternate rebuild "${BUNDLE_BENCH_BUILDS:-10}" \
    --prepare "rm -rf $work/bundles/demo $work/cache/roots" "$BARRACKS build $work/demo.json --cache $work/cache --out $work/bundles/demo -q" \
    "$BARRACKS build $work/demo.json --cache $work/cache --out $work/bundles/demo -q"
ratio "$(median rebuild 0)" "$(median rebuild 1)" "first build / rebuild, medians (target >= 10)"

# --- size ----------------------------------------------------------------------------------
manifest full "$standin/standin-1.0.zip" standin /standin '[]' '[]' host '["musl", "busybox"]'
XDG_CACHE_HOME="$work/xdg-cache" "$BARRACKS" rootfs "$work/full.json" --arch x86 --out "$work/full-root" -q >/dev/null
bundle=$(du -sbL "$work/bundles/demo/rootfs" "$work/bundles/demo/app" "$work/bundles/demo/seccomp" "$work/bundles/demo/run" | awk '{ s += $1 } END { print s }')
full=$(du -sb "$work/full-root" | awk '{ print $1 }')
printf '  bundle (rootfs + app + seccomp + run): %d bytes; the mirror'\''s full root (musl + busybox): %d bytes\n' "$bundle" "$full"
ratio "$bundle" "$full" "bundle / full root"
