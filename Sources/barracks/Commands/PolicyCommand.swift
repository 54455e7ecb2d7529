import Foundation
import Seccomp

/// `barracks policy show|diff|compile …`: read a seccomp policy, compare two, compile one.
///
/// The CLI takes one command name; the action is the first positional argument, checked
/// here so a missing or unknown action is a usage error (exit 2) that names the actions.
enum PolicyCommand {
    static let actions = ["show", "diff", "compile"]

    static let spec = CommandSpec(
        name: "policy",
        synopsis: "show FILE [--json] | diff OLD NEW [--json] | compile FILE --out DIR",
        summary: "Show, compare or compile a seccomp policy",
        discussion: """
            show FILE       every arch's allowed syscalls with their counts, first sightings and
                            argument conditions; the compiled filter's size in BPF instructions,
                            the instructions run per syscall (weighted by the learned counts),
                            whether the kernel's action cache covers every allowed syscall, and
                            the entries compiling adds (marked [bwrap] and [safety margin]).
            diff OLD NEW    per arch, the syscalls NEW adds, removes, or allows under other
                            conditions (and count changes).
            compile FILE    compiles with libseccomp, proves with the BPF evaluator that the
                            filter does exactly what the policy says, and only then writes
                            DIR/filter.bpf (for bwrap --seccomp), DIR/filter.pfc (readable)
                            and DIR/profile.json (OCI/Docker; the union over arches).

            Compiling adds the native syscalls bubblewrap itself makes after loading the filter
            (execve; with the PID-1 reaper of --unshare-all also wait4, write, exit_group), and
            to a learned policy's x86 side the safety margin: rt_sigreturn, sigreturn, exit,
            exit_group, restart_syscall and the vDSO clock calls. Neither is written into FILE.

            Exit status: 0 done; 1 unreadable or invalid policy, or a filter that disagrees
            with its policy (nothing is written); 2 bad command line.
            """,
        options: [
            .flag("json", "print JSON (show, diff)"),
            .value("out", "DIR", "where compile writes filter.bpf, filter.pfc and profile.json"),
            .flag("as-pid-1", "bwrap runs the program as PID 1 (no reaper: native side is execve only)"),
            .flag("json-status-fd", "bwrap runs with --json-status-fd (native side also needs write)"),
            .flag("no-bwrap", "the filter is not loaded by bwrap: add no native syscalls"),
            .flag("no-margin", "leave out the x86 safety margin"),
        ],
        positionals: (0, 3),
        run: { arguments, console in try run(arguments, console) }
    )

    static func run(_ arguments: ParsedArguments, _ console: Console) throws -> Int32 {
        func usage(_ message: String) -> UsageError { UsageError(message: message, command: spec) }
        guard let action = arguments.positionals.first else {
            throw usage("missing action: expected show, diff or compile")
        }
        let files = Array(arguments.positionals.dropFirst())
        let expected = ["show": 1, "diff": 2, "compile": 1]
        guard let count = expected[action] else {
            throw usage("unknown action '\(action)': expected show, diff or compile")
        }
        guard files.count == count else {
            throw usage("policy \(action) takes \(count == 1 ? "one policy file" : "two policy files"), got \(files.count)")
        }
        if action != "compile" && arguments.value("out") != nil { throw usage("--out is only for policy compile") }
        if action == "compile" && arguments.has("json") { throw usage("--json is only for policy show and diff") }
        if arguments.has("no-bwrap") && (arguments.has("as-pid-1") || arguments.has("json-status-fd")) {
            throw usage("--no-bwrap cannot be combined with --as-pid-1 or --json-status-fd")
        }
        switch action {
        case "show":
            let effective = try effectivePolicy(files[0], arguments)
            var filter: CompiledFilter?
            do {
                filter = try FilterCompiler.compile(effective)
            } catch SeccompError.nothingToCompile {
                filter = nil
            }
            let report = try PolicyShowReport(file: files[0], effective: effective, filter: filter, bwrap: bwrapNeeds(arguments))
            report.print(to: console, json: arguments.has("json"))
        case "diff":
            let diff = PolicyDiff(from: try PolicyFile.read(files[0]), to: try PolicyFile.read(files[1]))
            PolicyDiffReport(old: files[0], new: files[1], diff: diff).print(to: console, json: arguments.has("json"))
        default:
            guard let directory = arguments.value("out") else { throw usage("policy compile needs --out DIR") }
            let filter = try FilterCompiler.compile(effectivePolicy(files[0], arguments))
            let proof = try filter.verify()
            try filter.write(to: directory)
            console.print("compiled \(files[0]): \(filter.program.count) BPF instructions, "
                + "proven over \(proof.evaluations) evaluations")
            console.print("wrote " + filter.files.map { directory + "/" + $0.name }.joined(separator: ", "))
        }
        return ExitCode.success
    }

    /// What bwrap needs for the flags given, or `nil` with `--no-bwrap`.
    static func bwrapNeeds(_ arguments: ParsedArguments) -> BwrapNativeNeeds? {
        if arguments.has("no-bwrap") { return nil }
        var flags: BwrapLaunchFlags = [.unsharePID]
        if arguments.has("as-pid-1") { flags.insert(.asPID1) }
        if arguments.has("json-status-fd") { flags.insert(.jsonStatusFD) }
        return BwrapNativeNeeds(flags)
    }

    /// The policy in `file` with what compiling adds for these options.
    static func effectivePolicy(_ file: String, _ arguments: ParsedArguments) throws -> EffectivePolicy {
        try EffectivePolicy(PolicyFile.read(file), file: file, additions: bwrapNeeds(arguments).map { [$0.addition] } ?? [],
                            safetyMargin: !arguments.has("no-margin"))
    }
}
