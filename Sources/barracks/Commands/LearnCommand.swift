import Builder
import Foundation

/// `barracks learn BUNDLE [--duration S] [--exercise CMD] [--args] [--from-log FILE|-] [-- ARGS]`
enum LearnCommand {
    static let spec = CommandSpec(
        name: "learn",
        synopsis: "BUNDLE [--duration SECONDS] [--exercise CMD] [--args] [--from-log FILE|-] [--json] [-- ARGS]",
        summary: "Learn the seccomp allow-list by running the bundle (nothing lost), and install it",
        discussion: """
        Starts the bundle's own launcher with a learning filter (the policy's allow rules;
        everything else goes to a ptrace supervisor), so every syscall the program makes that
        the policy lacks is seen, with its arguments, while the program runs normally. Threads
        and children are followed. The run ends when the program exits, when --duration runs
        out, when the --exercise command finishes (it runs meanwhile, with BARRACKS_BUNDLE set
        to the bundle), or on Ctrl-C; the program gets SIGTERM, then SIGKILL after 5 s.

        What was seen is merged into seccomp/policy.json (learning only adds; counts add), the
        filter is recompiled and proven, and the bundle switches to it in one rename. Run it
        again to add what other workloads use. The learning filter is never written into the
        bundle. With --args, argument values seen become conditions where seccomp can enforce
        them (socket domains, ioctl requests, fcntl commands, prctl options, clone namespace
        flags), never for pointers.

        --from-log imports seccomp records from the kernel log (dmesg, journalctl -k),
        journald's audit lines or auditd's audit.log instead of running anything, and reports
        the records it can prove were lost (the kernel prints 10 per 5 s without auditd).
        """,
        options: [
            .value("duration", "SECONDS", "stop the program after this long"),
            .value("exercise", "CMD", "a shell command to run against the program while learning"),
            .flag("args", "learn argument conditions where seccomp can enforce them"),
            .value("from-log", "FILE", "import seccomp records from a log file (- for standard input)"),
            .flag("json", "print what was added as JSON"),
            .flag("quiet", short: "q", "print nothing but errors"),
        ],
        positionals: (1, nil),
        run: { arguments, console in try run(arguments, console) }
    )

    static func run(_ arguments: ParsedArguments, _ console: Console) throws -> Int32 {
        var options = BundleLearning.Options()
        let positionals = arguments.positionals.filter { !arguments.passthrough.contains($0) }
        guard positionals.count == 1 else {
            throw UsageError(message: "expected one BUNDLE; pass the program's arguments after --", command: spec)
        }
        options.arguments = arguments.passthrough
        if let text = arguments.value("duration") {
            guard let seconds = Double(text), seconds > 0 else {
                throw UsageError(message: "--duration needs a number of seconds, got \(text)", command: spec)
            }
            options.duration = seconds
        }
        options.exercise = arguments.value("exercise")
        options.conditions = arguments.has("args")
        options.fromLog = arguments.value("from-log")
        let layout = BundleLayout(directory: positionals[0])
        if options.fromLog == nil && options.exercise == nil && options.duration == nil {
            console.note("learning until the program exits; press Ctrl-C to stop it and keep what was learned")
        }
        let outcome = try BundleLearning(layout: layout, options: options, toolVersion: BarracksCLI.version)
            .run { console.note($0) }
        if arguments.has("json") {
            var object: [String: Any] = ["bundle": layout.directory, "added": outcome.added,
                                         "filter_instructions": outcome.record.seccomp.instructions ?? 0]
            if let status = outcome.exitStatus { object["exit_status"] = status.shellCode }
            if let loss = outcome.loss { object["lost_records"] = loss.provenLost; object["loss"] = loss.summary }
            if !outcome.unnamed.isEmpty { object["unnamed"] = outcome.unnamed }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            console.print(String(decoding: data, as: UTF8.self))
            return ExitCode.success
        }
        if let status = outcome.exitStatus {
            console.note("the program ended with \(status)" + (outcome.stopReason.map { " (\($0))" } ?? ""))
        }
        if let failure = outcome.exerciseFailure { console.warn(failure + "; what was learned until then is kept") }
        if let loss = outcome.loss {
            if loss.provenLost > 0 { console.warn(loss.summary) } else { console.note(loss.summary) }
            if outcome.malformedLines > 0 { console.note("\(outcome.malformedLines) lines were not seccomp records and were skipped") }
        }
        if outcome.added.isEmpty {
            console.print("nothing new: the policy already allows everything the program did")
        } else {
            for arch in outcome.added.keys.sorted() {
                let names = outcome.added[arch]!
                console.print(console.paint("+ \(arch):", .green) + " " + names.joined(separator: " ") + " (\(names.count) new)")
            }
        }
        if !outcome.unnamed.isEmpty { console.warn("numbers no syscall table names (not added): " + outcome.unnamed.joined(separator: ", ")) }
        console.print("installed: \(layout.directory)/seccomp/policy.json, filter of \(outcome.record.seccomp.instructions ?? 0) instructions")
        return ExitCode.success
    }
}
