/// Parses one command's arguments against its ``CommandSpec``.
///
/// Accepts `--name value`, `--name=value`, `-x value`, bundled short flags (`-qj`), and `--`
/// to end options. Options may come before, between or after positionals.
enum ArgumentParser {
    static func parse(_ arguments: [String], for command: CommandSpec) throws -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        func fail(_ message: String) -> UsageError { UsageError(message: message, command: command) }

        func take(_ option: OptionSpec, inline: String?) throws {
            if option.value == nil {
                if inline != nil { throw fail("option --\(option.name) takes no value") }
                parsed.set(flag: option.name)
                return
            }
            let value: String
            if let inline {
                value = inline
            } else {
                index += 1
                guard index < arguments.count else {
                    throw fail("option --\(option.name) needs a value (\(option.value!))")
                }
                value = arguments[index]
            }
            if !option.repeatable && parsed.value(option.name) != nil {
                throw fail("option --\(option.name) given twice")
            }
            parsed.add(value: value, for: option.name)
        }

        while index < arguments.count {
            let argument = arguments[index]
            if parsed.sawSeparator {
                parsed.positionals.append(argument)
                parsed.passthrough.append(argument)
            } else if argument == "--" {
                parsed.sawSeparator = true
            } else if argument == "--help" || argument == "-h" {
                parsed.set(flag: "help")
            } else if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                let name = body.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
                let inline = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
                guard let option = command.option(named: name) else {
                    throw fail("unknown option \(argument.split(separator: "=").first ?? "")")
                }
                try take(option, inline: inline)
            } else if argument.hasPrefix("-") && argument.count > 1 {
                let letters = Array(argument.dropFirst())
                for (position, letter) in letters.enumerated() {
                    guard let option = command.option(short: letter) else {
                        throw fail("unknown option -\(letter)")
                    }
                    if option.value != nil {
                        let rest = String(letters[(position + 1)...])
                        try take(option, inline: rest.isEmpty ? nil : rest)
                        break
                    }
                    try take(option, inline: nil)
                }
            } else {
                parsed.positionals.append(argument)
            }
            index += 1
        }

        if parsed.has("help") { return parsed }
        let count = parsed.positionals.count
        if count < command.positionals.min {
            throw fail(command.positionals.min == 1 && count == 0
                ? "missing argument" : "expected at least \(command.positionals.min) arguments, got \(count)")
        }
        if let max = command.positionals.max, count > max {
            throw fail("unexpected argument \(parsed.positionals[max])")
        }
        return parsed
    }
}
