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
measure "barracks inspect (symbols read)" sh -c "xargs '$BARRACKS' inspect <'$list'"; b=$last_seconds; bk=$last_kib
measure "scanelf -n -i" sh -c "xargs scanelf -n -i <'$list'"; s=$last_seconds
measure "readelf -d -l loop" sh -c "while read -r f; do readelf -d -l \"\$f\"; done <'$list'"; r=$last_seconds
awk -v n="$count" -v b="$b" -v s="$s" -v r="$r" 'BEGIN {
    printf "  files/s: barracks %.0f, scanelf %.0f, readelf loop %.0f\n", n / b, n / s, n / r }'
ratio "$b" "$s" "barracks time / scanelf time (target <= 1.00)"
ratio "$b" "$r" "barracks time / readelf loop time"
echo "  peak memory: barracks $((bk / 1024)) MiB (target < 64 MiB)"
rm -f "$list"
