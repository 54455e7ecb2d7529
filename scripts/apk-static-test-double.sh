#!/bin/sh
# TEST DOUBLE of apk.static (Alpine's apk-tools-static), packaged as sbin/apk.static in the
# barracks demo mirror by scripts/make-demo-mirror. It is NOT apk: the real apk.static cannot be
# obtained offline. It installs nothing. It only records how it was called, so tests can check the
# exact command line, working directory and environment the apk.static runner uses:
#
#   APK_STATIC_TEST_DOUBLE_LOG=FILE   append one record per call to FILE:
#                                       invocation
#                                       argc=N
#                                       argv[0]=...            (one line per argument)
#                                       cwd=/path
#                                       env=NAME=value         (one line per variable, in environ order)
#                                       end
#                                     (values containing newlines are written as they are)
#   APK_STATIC_TEST_DOUBLE_EXIT=N     exit with N instead of 0 (to test failure handling)
#
# `--version` also prints a version line shaped like apk's ("apk-tools X.Y.Z, compiled for ARCH.").
# Only shell built-ins and /usr/bin/env are used, so it works with an empty PATH.
log=${APK_STATIC_TEST_DOUBLE_LOG:-}
if [ -n "$log" ]; then
    {
        printf 'invocation\n'
        printf 'argc=%s\n' "$#"
        printf 'argv[0]=%s\n' "$0"
        i=1
        for arg in "$@"; do
            printf 'argv[%s]=%s\n' "$i" "$arg"
            i=$((i + 1))
        done
        printf 'cwd=%s\n' "$(pwd)"
        if [ -x /usr/bin/env ]; then
            /usr/bin/env | while IFS= read -r line; do printf 'env=%s\n' "$line"; done
        fi
        printf 'end\n'
    } >>"$log"
fi
for arg in "$@"; do
    if [ "$arg" = "--version" ]; then
        printf 'apk-tools @VERSION@, compiled for x86_64. (barracks test double)\n'
    fi
done
exit "${APK_STATIC_TEST_DOUBLE_EXIT:-0}"
