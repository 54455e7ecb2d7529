# Helpers for bench/*.sh. Source it; it expects BENCH (the barracks-bench binary) and
# BARRACKS (the barracks binary), both release builds, in the environment.
set -eu

# measure NAME CMD… : runs CMD 5 times (BENCH_RUNS, for slow tools) after one warm-up, prints
# "NAME best_seconds peak_kib" and stores best seconds in $last_seconds and peak RSS (KiB) in $last_kib.
measure() {
    # Its variables start with _m_: sh has no locals, and callers keep results in short names.
    _m_name=$1; shift
    "$@" >/dev/null 2>&1 || { echo "bench: '$*' failed" >&2; return 1; }
    _m_best=""; _m_peak=0
    for _ in $(seq "${BENCH_RUNS:-5}"); do
        # -o: time's own report must not go where the command's stderr is discarded.
        _m_report=$(mktemp)
        /usr/bin/time -o "$_m_report" -f "%e %M" "$@" >/dev/null 2>/dev/null || true
        _m_out=$(tail -n 1 "$_m_report"); rm -f "$_m_report"
        _m_s=${_m_out% *}; _m_k=${_m_out#* }
        if [ -z "$_m_best" ] || awk "BEGIN{exit !($_m_s < $_m_best)}"; then _m_best=$_m_s; fi
        [ "$_m_k" -gt "$_m_peak" ] && _m_peak=$_m_k
    done
    last_seconds=$_m_best; last_kib=$_m_peak
    printf '  %-44s %8.3f s %9d KiB\n' "$_m_name" "$_m_best" "$_m_peak"
}

# ratio A B LABEL: prints "LABEL: A/B = x.xx"
ratio() {
    awk -v a="$1" -v b="$2" -v l="$3" 'BEGIN { if (b == 0) b = 0.001; printf "  => %s: %.2fx\n", l, a / b }'
}
