# Helpers for bench/*.sh. Source it; it expects BENCH (the barracks-bench binary) and
# BARRACKS (the barracks binary), both release builds, in the environment.
set -eu

# measure NAME CMD… : runs CMD 5 times (after one warm-up), prints "NAME best_seconds peak_kib"
# and stores best seconds in $last_seconds and peak RSS (KiB) in $last_kib.
measure() {
    name=$1; shift
    "$@" >/dev/null 2>&1 || { echo "bench: '$*' failed" >&2; return 1; }
    best=""; peak=0
    report=$(mktemp)
    for _ in 1 2 3 4 5; do
        # -o: the command's own stderr goes to /dev/null, time's report must not.
        /usr/bin/time -o "$report" -f "%e %M" "$@" >/dev/null 2>&1
        out=$(tail -n 1 "$report")
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
