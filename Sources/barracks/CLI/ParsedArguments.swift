/// The result of parsing one command's arguments.
struct ParsedArguments {
    /// Positional arguments, in order (everything after `--` included).
    var positionals: [String] = []
    /// Arguments after `--`, kept apart for commands that pass them on to a program.
    var passthrough: [String] = []
    /// Whether `--` appeared.
    var sawSeparator = false
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []

    mutating func set(flag name: String) { flags.insert(name) }
    mutating func add(value: String, for name: String) { values[name, default: []].append(value) }

    func has(_ flag: String) -> Bool { flags.contains(flag) }
    /// The last value given for an option.
    func value(_ name: String) -> String? { values[name]?.last }
    /// Every value given for a repeatable option.
    func values(_ name: String) -> [String] { values[name] ?? [] }
}
