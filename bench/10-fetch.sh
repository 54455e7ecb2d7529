# Downloads: barracks' Fetch (libcurl, SHA-256 while the bytes arrive, fsync, rename into the
# cache) against what a user would otherwise type: `curl -o file` then `sha256sum file`.
# A 256 MiB file from the loopback server over plain http (pinned digest), cache cleared
# between runs; then a 32 MiB file, to show peak memory does not grow with the file.
. bench/lib.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/barracks-bench-fetch.XXXXXX")
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM
mkdir -p "$work/www"
head -c $((256 << 20)) /dev/urandom >"$work/www/big.bin"
head -c $((32 << 20)) /dev/urandom >"$work/www/small.bin"
big=$(sha256sum "$work/www/big.bin" | cut -c1-64)
small=$(sha256sum "$work/www/small.bin" | cut -c1-64)

python=python3; [ -x /usr/bin/python3 ] && python=/usr/bin/python3
"$python" -I -S Tests/Support/httpserver.py --root "$work/www" >"$work/ready" 2>"$work/server.log" &
server_pid=$!
i=0; while [ ! -s "$work/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(sed -n 's/.*"http": \([0-9]*\).*/\1/p' "$work/ready")
[ -n "$port" ] || { echo "bench: the loopback server did not start: $(cat "$work/server.log")" >&2; exit 1; }
url="http://127.0.0.1:$port"

measure "barracks download 256 MiB (+sha256, fsync)" \
    sh -c "rm -rf '$work/cache'; '$BENCH' download '$url/big.bin' --sha256 $big --cache '$work/cache'"
a=$last_seconds; big_kib=$last_kib
measure "curl -o + sha256sum 256 MiB" \
    sh -c "rm -f '$work/out'; curl -sf -o '$work/out' '$url/big.bin' && sha256sum '$work/out'"
b=$last_seconds
# coreutils' sha256sum does not use the CPU's SHA instructions; openssl does, as Fetch does.
measure "curl -o + openssl dgst -sha256 256 MiB" \
    sh -c "rm -f '$work/out'; curl -sf -o '$work/out' '$url/big.bin' && openssl dgst -sha256 '$work/out'"
c=$last_seconds
measure "curl -o 256 MiB (no hash, for reference)" \
    sh -c "rm -f '$work/out'; curl -sf -o '$work/out' '$url/big.bin'"
d=$last_seconds
measure "barracks download 32 MiB (+sha256, fsync)" \
    sh -c "rm -rf '$work/cache'; '$BENCH' download '$url/small.bin' --sha256 $small --cache '$work/cache'"
small_kib=$last_kib
ratio "$a" "$b" "barracks download vs curl + sha256sum (target <= 1.00)"
ratio "$a" "$c" "barracks download vs curl + openssl dgst"
ratio "$a" "$d" "barracks download vs curl alone (no hash, no fsync)"
echo "  => peak RSS: $small_kib KiB for 32 MiB, $big_kib KiB for 256 MiB"
