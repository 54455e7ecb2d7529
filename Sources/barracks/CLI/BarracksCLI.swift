/// The command-line front end: picks the command, parses its arguments, runs it, and turns
/// what happened into an exit status.
enum BarracksCLI {
    static let version = "0.1.0"

    static func run(_ arguments: [String], console: Console = Console()) -> Int32 {
        defer { console.flush() }
        let commands = CommandTable.all
        guard let first = arguments.first else {
            console.error(HelpFormatter.topLevel(commands))
            return ExitCode.usage
        }
        switch first {
        case "--help", "-h":
            console.print(HelpFormatter.topLevel(commands))
            return ExitCode.success
        case "--version", "-V":
            console.print("barracks \(version)")
            return ExitCode.success
        case "help":
            guard let name = arguments.dropFirst().first else {
                console.print(HelpFormatter.topLevel(commands))
                return ExitCode.success
            }
            guard let command = commands.first(where: { $0.name == name }) else {
                return usageFailure(UsageError(message: "unknown command '\(name)'", command: nil), console)
            }
            console.print(HelpFormatter.commandHelp(command))
            return ExitCode.success
        default:
            break
        }
        guard let command = commands.first(where: { $0.name == first }) else {
            let message = first.hasPrefix("-") ? "unknown option \(first)" : "unknown command '\(first)'"
            return usageFailure(UsageError(message: message, command: nil), console)
        }
        do {
            let parsed = try ArgumentParser.parse(Array(arguments.dropFirst()), for: command)
            if parsed.has("help") {
                console.print(HelpFormatter.commandHelp(command))
                return ExitCode.success
            }
            if parsed.has("quiet") { console.quiet = true }
            return try command.run(parsed, console)
        } catch let error as UsageError {
            return usageFailure(error, console)
        } catch {
            console.fail(String(describing: error))
            return ExitCode.failure
        }
    }

    private static func usageFailure(_ error: UsageError, _ console: Console) -> Int32 {
        console.fail(error.message)
        if let command = error.command {
            console.error(HelpFormatter.usageLine(command))
            console.error("Run 'barracks help \(command.name)' for its options.")
        } else {
            console.error(HelpFormatter.topLevel(CommandTable.all))
        }
        return ExitCode.usage
    }
}
