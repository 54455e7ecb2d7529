# Provisioning the demo root (musl + busybox for x86, from the offline demo mirror built by
# scripts/make-demo-mirror into .fixtures/bench/):
# - barracks' native install from a warm download cache (packages already downloaded, the
#   root cache cleared before every run): fetch (revalidate the index), verify the index
#   signature, resolve, verify every package (C:, datahash), extract, write apk's database;
#   side by side with `tar -xzf` of the same data members into a fresh directory, the
#   physical floor of the work. Target: within 1.3x.
# - re-provisioning unchanged inputs, which reuses the cached root, against the first
#   install, timed inside one process (best of 10). Target: at least 20x faster.
. bench/lib.sh
mirror=.fixtures/bench/demo-mirror
scripts/make-demo-mirror "$mirror" >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/barracks-bench-provision.XXXXXX")
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM

# The data members, cut out of the .apk files (the last of their three gzip members).
python3 - "$mirror/v3.24/main/x86" "$work" <<'PY'
import os, sys, zlib
folder, out = sys.argv[1], sys.argv[2]
for name in sorted(os.listdir(folder)):
    if not name.endswith(".apk"):
        continue
    data, position, members = open(os.path.join(folder, name), "rb").read(), 0, []
    while position < len(data):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        inflater.decompress(data[position:])
        used = len(data) - position - len(inflater.unused_data)
        members.append(data[position:position + used])
        position += used
    open(os.path.join(out, name[:-4] + ".data.tar.gz"), "wb").write(members[-1])
PY

python=python3; [ -x /usr/bin/python3 ] && python=/usr/bin/python3
"$python" -I -S Tests/Support/httpserver.py --root "$mirror" >"$work/ready" 2>"$work/server.log" &
server_pid=$!
i=0; while [ ! -s "$work/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(sed -n 's/.*"http": \([0-9]*\).*/\1/p' "$work/ready")
[ -n "$port" ] || { echo "bench: the loopback server did not start: $(cat "$work/server.log")" >&2; exit 1; }
url="http://127.0.0.1:$port"

echo "  input: $(ls "$work"/*.data.tar.gz | wc -l) data members, $(cat "$work"/*.data.tar.gz | wc -c) bytes compressed"
"$BENCH" provision-install "$url" "$mirror/keys" "$work/cache" >/dev/null  # warms the download cache
# Ten runs per measurement (each a whole process, as a user runs them): one run takes a few
# hundredths of a second, about the resolution of /usr/bin/time.
measure "barracks native install x10 (HTTP mirror, warm)" \
    sh -c "for i in 1 2 3 4 5 6 7 8 9 10; do '$BENCH' provision-install '$url' '$mirror/keys' '$work/cache' || exit 1; done"
a=$last_seconds
measure "barracks native install x10 (local mirror)" \
    sh -c "for i in 1 2 3 4 5 6 7 8 9 10; do '$BENCH' provision-install '$mirror' '$mirror/keys' '$work/cache-local' || exit 1; done"
b=$last_seconds
measure "tar -xzf of the same data members x10" \
    sh -c "for i in 1 2 3 4 5 6 7 8 9 10; do rm -rf '$work/out' && mkdir '$work/out' && for f in '$work'/*.data.tar.gz; do tar -xzf \"\$f\" -C '$work/out' 2>/dev/null; done; done"
c=$last_seconds
measure "barracks-bench doing nothing x10 (process start)" \
    sh -c "for i in 1 2 3 4 5 6 7 8 9 10; do '$BENCH' spawn 0; done"
d=$last_seconds
ratio "$a" "$c" "native install (HTTP, warm) vs tar -xzf (target <= 1.30)"
ratio "$b" "$c" "native install (local mirror) vs tar -xzf"
awk -v a="$b" -v c="$c" -v d="$d" 'BEGIN { printf "  => without barracks-bench'"'"'s own start-up (%.0f ms a run): local install %.0f ms vs tar -xzf %.0f ms a run\n", d * 100, (a - d) * 100, c * 100 }'

echo "  in-process, best of 10 (first install into an empty root cache; then the same inputs again):"
printf '  %-44s %s\n' "local mirror" "$("$BENCH" provision-timing "$mirror" "$mirror/keys" "$work/cache-local" 10)"
printf '  %-44s %s\n' "HTTP mirror (reuse revalidates the index)" "$("$BENCH" provision-timing "$url" "$mirror/keys" "$work/cache" 10)"
echo "  => reuse ratio target: >= 20x (the local-mirror figure is the provisioning work alone)"
