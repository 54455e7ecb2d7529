# Archive extraction: barracks' safe extractor vs bsdtar and unzip on a 20,000-file, ~200 MiB
# zip (built once into .fixtures/bench/). Targets: within 1.2x of bsdtar; peak memory that
# does not grow with file size (checked with a zip holding one 1 GiB file).
#
# Tools run interleaved, one run each per round, in a rotating order, each into a new empty
# directory. On disk nothing is deleted until all rounds are done: ext4 skips inodes freed in
# the last 30 seconds when it creates files, so every tool run after a mass deletion is slowed
# (measured here: each round of "delete 20,000 files, extract again" took 2.4, 10, 17, 23 s).
# That needs about 6 GiB of free disk for a while. The 20,000-file zip is also extracted into
# tmpfs (/dev/shm), where what is left is the tools' own work.
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
disk_work=$(mktemp -d "${TMPDIR:-/tmp}/barracks-bench-archive.XXXXXX")
memory_work=""
if [ -d /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -gt 2097152 ]; then
    memory_work=$(mktemp -d /dev/shm/barracks-bench-archive.XXXXXX)
fi
trap 'rm -rf "$disk_work" $memory_work' EXIT
work=$disk_work

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

# compare KEEP ARCHIVE TOOL…: a warm-up round, then 5 measured rounds; prints best time and
# peak memory per tool and sets best_<tool> and peak_<tool>. KEEP=keep deletes the runs'
# output only at the end, otherwise after each round.
compare() {
    keep=$1; archive=$2; shift 2
    rm -f "$work"/*.times
    for round in 0 1 2 3 4 5; do
        order=$*
        for _ in $(seq $((round % $#))); do order="${order#* } ${order%% *}"; done
        for tool in $order; do run_tool "$tool" "$archive"; done
        [ "$round" -eq 0 ] && rm -f "$work"/*.times
        [ "$keep" = keep ] || rm -rf "$work"/run.*
        sync
    done
    rm -rf "$work"/run.*
    for tool in "$@"; do
        best=$(sort -n "$work/$tool.times" | head -n 1 | cut -d' ' -f1)
        peak=$(sort -k2 -n "$work/$tool.times" | tail -n 1 | cut -d' ' -f2)
        eval "best_$tool=$best peak_$tool=$peak"
        printf '  %-44s %8.3f s %9d KiB\n' "$tool ($(basename "$archive"))" "$best" "$peak"
    done
}

echo "  input: $(du -m "$many" | cut -f1) MiB zip, $(unzip -Z1 "$many" | wc -l) entries, $(unzip -Zt "$many" | awk '{print int($3 / 1048576)}') MiB inflated"
compare keep "$many" barracks bsdtar unzip
ratio "$best_barracks" "$best_bsdtar" "barracks vs bsdtar (target <= 1.20)"
ratio "$best_barracks" "$best_unzip" "barracks vs unzip"
many_kib=$peak_barracks
if [ -n "$memory_work" ]; then
    work=$memory_work
    echo "  into tmpfs:"
    compare delete "$many" barracks bsdtar unzip
    ratio "$best_barracks" "$best_bsdtar" "barracks vs bsdtar, tmpfs (target <= 1.20)"
    ratio "$best_barracks" "$best_unzip" "barracks vs unzip, tmpfs"
    work=$disk_work
fi
compare delete "$huge" barracks bsdtar
ratio "$best_barracks" "$best_bsdtar" "barracks vs bsdtar, one 1 GiB file"
echo "  => barracks peak memory: ${many_kib} KiB for 20,000 files, ${peak_barracks} KiB for one 1 GiB file"
