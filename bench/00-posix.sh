# Process spawning: barracks' Subprocess vs the shell's own fork/exec, 500 runs of /bin/true.
. bench/lib.sh
measure "barracks Subprocess x500" "$BENCH" spawn 500; a=$last_seconds
measure "sh loop x500" sh -c 'i=0; while [ $i -lt 500 ]; do /bin/true; i=$((i+1)); done'; b=$last_seconds
ratio "$a" "$b" "Subprocess vs sh"
