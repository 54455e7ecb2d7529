/// One option a command accepts.
struct OptionSpec: Sendable {
    /// The long name without dashes: `root` for `--root`.
    let name: String
    /// A single-letter alias, if any: `q` for `-q`.
    let short: Character?
    /// The placeholder of the option's value (`DIR`), or `nil` for a flag.
    let value: String?
    /// May be given more than once (values accumulate).
    let repeatable: Bool
    let help: String

    static func flag(_ name: String, short: Character? = nil, _ help: String) -> OptionSpec {
        OptionSpec(name: name, short: short, value: nil, repeatable: false, help: help)
    }

    static func value(_ name: String, _ placeholder: String, short: Character? = nil,
                      repeatable: Bool = false, _ help: String) -> OptionSpec {
        OptionSpec(name: name, short: short, value: placeholder, repeatable: repeatable, help: help)
    }

    /// `-q, --quiet` or `    --root DIR`, as shown in help.
    var label: String {
        let long = "--\(name)" + (value.map { " \($0)" } ?? "")
        if let short { return "-\(short), \(long)" }
        return "    \(long)"
    }
}
