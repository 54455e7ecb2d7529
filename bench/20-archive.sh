# Archive extraction: barracks' safe extractor vs bsdtar and unzip on a 20,000-file, ~200 MiB
# zip (built once into .fixtures/bench/). Targets: within 1.2x of bsdtar; peak memory that
# does not grow with file size (checked with a zip holding one 1 GiB file).
#
# Tools run interleaved, one run each per round, in a rotating order, each into a new empty
# directory; a round's output is deleted after the round. (Run back to back, whichever tool
# follows a mass deletion pays for it: ext4 skips recently freed inodes when creating files.)
. bench/lib.sh
fixtures=.fixtures/bench
many=$fixtures/archive-20k.zip
huge=$fixtures/archive-1g-single.zip
mkdir -p "$fixtures"
if [ ! -f "$many" ]; then
    echo "  (building $many once)"
    python3 bench/make-zip-fixture.py "$many"
fi
if [ ! -f "$huge" ]; then
    python3 -c '
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1] + ".tmp", "w", zipfile.ZIP_DEFLATED) as z:
    with z.open("big.bin", "w", force_zip64=True) as f:
        block = bytes(1 << 20)
        for _ in range(1024): f.write(block)
os.rename(sys.argv[1] + ".tmp", sys.argv[1])' "$huge"
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/barracks-bench-archive.XXXXXX")
trap '[ -n "${KEEP_TIMES:-}" ] && cat "$work"/*.times; rm -rf "$work"' EXIT

# run_tool NAME ARCHIVE: one extraction into a new directory; appends "seconds kib" to $work/NAME.
run_tool() {
    out=$(mktemp -d "$work/run.XXXXXX")
    case $1 in
        barracks) set -- "$1" "$BENCH" extract "$2" "$out" ;;
        bsdtar) set -- "$1" bsdtar -xf "$2" -C "$out" ;;
        unzip) set -- "$1" unzip -q "$2" -d "$out" ;;
    esac
    name=$1; shift
    /usr/bin/time -o "$work/report" -f "%e %M" "$@" >/dev/null 2>&1 || { echo "bench: $name failed" >&2; exit 1; }
    tail -n 1 "$work/report" >>"$work/$name.times"
}

# compare ARCHIVE TOOL…: a warm-up round, then 5 measured rounds; prints best time and peak
# memory per tool and sets best_<tool> and peak_<tool>.
compare() {
    archive=$1; shift
    rm -f "$work"/*.times
    for round in 0 1 2 3 4 5; do
        order=$*
        for _ in $(seq $((round % $#))); do order="${order#* } ${order%% *}"; done
        for tool in $order; do run_tool "$tool" "$archive"; done
        [ "$round" -eq 0 ] && rm -f "$work"/*.times
        rm -rf "$work"/run.*
        sync
    done
    for tool in "$@"; do
        best=$(sort -n "$work/$tool.times" | head -n 1 | cut -d' ' -f1)
        peak=$(sort -k2 -n "$work/$tool.times" | tail -n 1 | cut -d' ' -f2)
        eval "best_$tool=$best peak_$tool=$peak"
        printf '  %-44s %8.3f s %9d KiB\n' "$tool ($(basename "$archive"))" "$best" "$peak"
    done
}

echo "  input: $(du -m "$many" | cut -f1) MiB zip, $(unzip -Z1 "$many" | wc -l) entries, $(unzip -Zt "$many" | awk '{print int($3 / 1048576)}') MiB inflated"
compare "$many" barracks bsdtar unzip
ratio "$best_barracks" "$best_bsdtar" "barracks vs bsdtar (target <= 1.20)"
ratio "$best_barracks" "$best_unzip" "barracks vs unzip"
many_kib=$peak_barracks
compare "$huge" barracks bsdtar
ratio "$best_barracks" "$best_bsdtar" "barracks vs bsdtar, one 1 GiB file"
echo "  => barracks peak memory: ${many_kib} KiB for 20,000 files, ${peak_barracks} KiB for one 1 GiB file"
