/// The bundle's `run` script: POSIX sh, relocatable, starting the program under bubblewrap.
///
/// What it does, in order, without forking where a builtin will do (start-up cost matters):
/// find its own directory; refuse to start when the policy was never learned, or when
/// `seccomp/filter.bpf` is not the file `bundle.json` records (both skipped in learning mode,
/// see ``learningFilterVariable``); add bwrap's newer hardening flags when the host's bwrap
/// has them (remembered per bwrap binary, only in the user's own `$XDG_RUNTIME_DIR` or
/// barracks' cache directory); then
/// run bwrap in the background, forward INT, TERM, HUP and QUIT to the program itself (bwrap
/// does not), and exit with the program's status.
///
/// bwrap itself starts with an empty environment (`env -i`): `--clearenv` clears only the
/// program's, and bwrap's PID-1 reaper, a fork of bwrap inside the sandbox, keeps bwrap's
/// initial environment in its memory, where the program can read it as `/proc/1/environ`
/// (the escape probes caught the user's whole environment there).
public struct LauncherScript: Sendable {
    public let command: BwrapCommand
    /// barracks' version, recorded in the script's header.
    public let toolVersion: String

    /// The status the launcher exits with when it refuses to start (like `env` and `chroot`).
    public static let refusalStatus = 125

    /// Learning mode: when this environment variable names a file, the launcher loads that
    /// filter (`barracks learn`'s TRACE filter) on fd 9 instead of `seccomp/filter.bpf`,
    /// whatever the bundle's seccomp mode, skips the digest check and the refusal of an
    /// unlearned policy, and says so on stderr. bwrap starts with an empty environment, so it
    /// never reaches the sandbox (see ``source``).
    public static let learningFilterVariable = "BARRACKS_LEARNING_FILTER"

    public init(_ command: BwrapCommand, toolVersion: String) {
        self.command = command
        self.toolVersion = toolVersion
    }

    public var source: String {
        let spec = command.spec
        var lines = [
            "#!/bin/sh",
            "# \(spec.name): start \(spec.programPath) under bubblewrap.",
            "# Written by barracks \(toolVersion); rebuild with `barracks build` rather than editing it.",
            "# Arguments are passed to the program; the exit status is the program's.",
            "set -u",
            "case $0 in",
            "    */*) here=${0%/*} ;;",
            "    *) here=$(command -v -- \"$0\") && here=${here%/*} || here=. ;;",
            "esac",
            "refuse() { printf 'run: %s\\n' \"$*\" >&2; exit \(Self.refusalStatus); }",
            "",
            "bwrap=",
            "IFS_SAVED=$IFS; IFS=:",
            "for dir in ${PATH:-/usr/bin:/bin}; do",
            "    if [ -x \"$dir/bwrap\" ]; then bwrap=$dir/bwrap; break; fi",
            "done",
            "IFS=$IFS_SAVED",
            "[ -n \"$bwrap\" ] || refuse \"bwrap is not installed: install bubblewrap (e.g. apt-get install bubblewrap); 'barracks doctor' checks the rest\"",
            "",
        ]
        // The filter goes to bwrap on fd 9; with no filter, fd 9 is /dev/null and unused.
        let seccompOption = BwrapCommand.seccompOption.map(\.shellSource).joined(separator: " ")
        let variable = Self.learningFilterVariable
        lines += [
            "filter=/dev/null seccomp=",
            "if [ -n \"${\(variable):-}\" ]; then",
            "    filter=$\(variable) seccomp=\"\(seccompOption)\"",
            "    [ -r \"$filter\" ] || refuse \"cannot read the learning filter $filter (\(variable))\"",
            "    printf 'run: learning mode: filter %s\\n' \"$filter\" >&2",
            "else",
        ]
        switch spec.seccomp {
        case .unlearned:
            lines.append("    refuse \"no seccomp policy has been learned for this bundle yet: run 'barracks learn $here' first (or rebuild with --no-seccomp to run without a filter)\"")
        case .disabled:
            lines.append("    printf 'run: warning: no seccomp filter (this bundle was built with --no-seccomp)\\n' >&2")
        case .filter(let sha256):
            lines += [
                "    filter=$here/seccomp/filter.bpf seccomp=\"\(seccompOption)\"",
                "    sum=$(sha256sum \"$filter\" 2>/dev/null) || refuse \"cannot read $filter (sha256sum is needed to check it)\"",
                "    [ \"${sum%% *}\" = \(sha256) ] || refuse \"$filter does not match bundle.json (changed after the build?): run 'barracks verify $here'\"",
            ]
        }
        lines.append("fi")
        lines += [
            "",
            "# bwrap >= 0.8 can forbid user namespaces inside the sandbox: ask it once per binary,",
            "# remembering the answer only in a directory that is ours alone ($XDG_RUNTIME_DIR, else",
            "# barracks' cache): a file another user can plant, as in /tmp, must never decide.",
            "features= cache=",
            "for dir in \"${XDG_RUNTIME_DIR:-}\" \"${XDG_CACHE_HOME:-${HOME:+$HOME/.cache}}\"; do",
            "    if [ -n \"$dir\" ] && [ -d \"$dir\" ] && [ -O \"$dir\" ]; then",
            "        [ \"$dir\" = \"${XDG_RUNTIME_DIR:-}\" ] || { dir=$dir/barracks; [ -d \"$dir\" ] || mkdir -m 700 \"$dir\" 2>/dev/null; }",
            "        [ -d \"$dir\" ] && [ -O \"$dir\" ] && { cache=$dir/barracks-bwrap-features; break; }",
            "    fi",
            "done",
            "if [ -n \"$cache\" ] && [ -f \"$cache\" ] && [ -O \"$cache\" ] && ! [ \"$bwrap\" -nt \"$cache\" ]; then",
            "    read -r features answered <\"$cache\" && [ \"$answered\" = \"$bwrap\" ] || features=",
            "fi",
            "case $features in",
            "    hardened | basic) ;;",
            "    *)",
            "        case $(\"$bwrap\" --help 2>&1) in *--disable-userns*) features=hardened ;; *) features=basic ;; esac",
            "        [ -z \"$cache\" ] || echo \"$features $bwrap\" >\"$cache\" 2>/dev/null",
            "        ;;",
            "esac",
            "hardening=",
            "[ \"$features\" = hardened ] && hardening=\"" + BwrapCommand.userNamespaceHardening.map(\.shellSource).joined(separator: " ") + "\"",
            "",
            "forwarded=0",
            "forward() {",
            "    forwarded=1",
            "    # The program is the child of bwrap's init, which is the child of bwrap.",
            "    # (The children files end without a newline, so read's status is not used.)",
            "    init= program=",
            "    read -r init _ </proc/$pid/task/$pid/children 2>/dev/null",
            "    [ -n \"$init\" ] && read -r program _ </proc/$init/task/$init/children 2>/dev/null",
            "    kill -s \"$1\" \"${program:-$pid}\" 2>/dev/null",
            "}",
            "pid=",
            "trap '[ -n \"$pid\" ] && forward INT' INT",
            "trap '[ -n \"$pid\" ] && forward TERM' TERM",
            "trap '[ -n \"$pid\" ] && forward HUP' HUP",
            "trap '[ -n \"$pid\" ] && forward QUIT' QUIT",
            "",
            "# An asynchronous command's standard input is /dev/null unless passed on another fd.",
            "exec 3<&0",
        ]
        let words = command.isolation.map(\.shellSource) + ["$hardening"] + command.mounts.map(\.shellSource)
            + ["$seccomp"] + command.program.map(\.shellSource) + ["\"$@\""]
        let invocation = "env -i \"$bwrap\" " + words.joined(separator: " ")
            + " \(BwrapCommand.filterDescriptor)<\"$filter\" <&3 3<&- &"
        lines += [
            "# bwrap's environment stays readable inside as /proc/1/environ: give it none.",
            "# shellcheck disable=SC2086 # $hardening and $seccomp are split on purpose",
            Self.wrap(invocation),
            "pid=$!",
            "exec 3<&-",
            "while :; do",
            "    wait \"$pid\"; status=$?",
            "    if [ \"$forwarded\" = 1 ]; then forwarded=0; continue; fi",
            "    break",
            "done",
            "exit \"$status\"",
            "",
        ]
        return lines.joined(separator: "\n")
    }

    /// Breaks a long command line at option boundaries with backslash-newlines, for reading.
    static func wrap(_ line: String) -> String {
        var result = ""
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if word.hasPrefix("--") && current.count > 40 {
                result += current + " \\\n"
                current = "    "
            } else if !current.isEmpty && current != "    " {
                current += " "
            }
            current += word
        }
        return result + current
    }
}
