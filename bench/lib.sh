# Helpers for bench/*.sh. Source it; it expects BENCH (the barracks-bench binary) and
# BARRACKS (the barracks binary), both release builds, in the environment.
set -eu

# measure NAME CMD… : runs CMD 5 times (BENCH_RUNS, for slow tools) after one warm-up, prints
# "NAME best_seconds peak_kib" and stores best seconds in $last_seconds and peak RSS (KiB) in $last_kib.
measure() {
    name=$1; shift
    "$@" >/dev/null 2>&1 || { echo "bench: '$*' failed" >&2; return 1; }
    best=""; peak=0
    for _ in $(seq "${BENCH_RUNS:-5}"); do
        # -o: time's own report must not go where the command's stderr is discarded.
        report=$(mktemp)
        /usr/bin/time -o "$report" -f "%e %M" "$@" >/dev/null 2>/dev/null || true
        out=$(tail -n 1 "$report"); rm -f "$report"
        s=${out% *}; k=${out#* }
        if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best=$s; fi
        [ "$k" -gt "$peak" ] && peak=$k
    done
    rm -f "$report"
    last_seconds=$best; last_kib=$peak
    printf '  %-44s %8.3f s %9d KiB\n' "$name" "$best" "$peak"
}

# ratio A B LABEL: prints "LABEL: A/B = x.xx"
ratio() {
    awk -v a="$1" -v b="$2" -v l="$3" 'BEGIN { if (b == 0) b = 0.001; printf "  => %s: %.2fx\n", l, a / b }'
}
