/// Usage and help text, generated from the command table.
enum HelpFormatter {
    static func usageLine(_ command: CommandSpec) -> String {
        "usage: barracks \(command.name) \(command.synopsis)"
    }

    static func commandHelp(_ command: CommandSpec) -> String {
        var lines = [usageLine(command), "", command.summary]
        if !command.discussion.isEmpty { lines += ["", command.discussion] }
        let options = command.options
        if !options.isEmpty {
            lines += ["", "options:"]
            let width = options.map(\.label.count).max()! + 2
            for option in options {
                lines.append("  " + option.label.padded(to: width) + option.help)
            }
        }
        return lines.joined(separator: "\n")
    }

    static func topLevel(_ commands: [CommandSpec]) -> String {
        let width = commands.map(\.name.count).max()! + 2
        var lines = [
            "usage: barracks COMMAND [OPTIONS] [ARGUMENTS]",
            "",
            "Turns a legacy server program into a self-contained bundle that runs under",
            "bubblewrap with a learned seccomp allow-list.",
            "",
            "commands:",
        ]
        for command in commands {
            lines.append("  " + command.name.padded(to: width) + command.summary)
        }
        lines += [
            "",
            "Run 'barracks help COMMAND' or 'barracks COMMAND --help' for a command's options.",
            "Exit status: 0 done, 1 failed, 2 bad command line, 3 a check said no.",
        ]
        return lines.joined(separator: "\n")
    }
}
