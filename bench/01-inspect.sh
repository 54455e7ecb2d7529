# inspect: every ELF file under /usr/lib/x86_64-linux-gnu and /usr/bin in one process,
# against scanelf (pax-utils, C; reads interpreter and needed only) and a readelf loop.
# Target: barracks at least as fast as scanelf while also reading the symbol tables, with
# peak memory under 64 MiB.
. bench/lib.sh
list=$(mktemp)
find /usr/lib/x86_64-linux-gnu /usr/bin -type f -size +51c -exec sh -c \
    'for f; do [ "$(head -c 4 "$f" | od -An -c | tr -d " ")" = "177ELF" ] && echo "$f"; done' _ {} + | sort >"$list"
count=$(wc -l <"$list")
echo "  $count ELF files"
measure "barracks inspect (symbols read)" sh -c "xargs '$BARRACKS' inspect <'$list'"; bk=$last_kib
measure "scanelf -n -i" sh -c "xargs scanelf -n -i <'$list'"
measure "readelf -d -l loop" sh -c "while read -r f; do readelf -d -l \"\$f\"; done <'$list'"; r=$last_seconds
# /usr/bin/time counts in 10 ms steps: the two fast ones again, timed by hyperfine, taking turns.
times=$(mktemp)
hyperfine -N -w 3 -r "${INSPECT_BENCH_RUNS:-30}" --export-json "$times" \
    "xargs -a $list $BARRACKS inspect" "xargs -a $list scanelf -n -i" >/dev/null
b=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][0]['median'])" "$times")
s=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][1]['median'])" "$times")
rm -f "$times"
printf '  hyperfine medians: barracks %.1f ms, scanelf %.1f ms\n' "$(awk "BEGIN{print $b*1000}")" "$(awk "BEGIN{print $s*1000}")"
awk -v n="$count" -v b="$b" -v s="$s" -v r="$r" 'BEGIN {
    printf "  files/s: barracks %.0f, scanelf %.0f, readelf loop %.0f\n", n / b, n / s, n / r }'
ratio "$b" "$s" "barracks time / scanelf time (target <= 1.00)"
ratio "$b" "$r" "barracks time / readelf loop time"
echo "  peak memory: barracks $((bk / 1024)) MiB (target < 64 MiB)"
rm -f "$list"
