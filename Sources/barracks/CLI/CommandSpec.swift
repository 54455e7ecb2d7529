/// A subcommand: what it is called, what it takes, and what runs it. The whole CLI is a
/// table of these (``CommandTable``); parsing and help are generic over them.
struct CommandSpec: Sendable {
    let name: String
    /// The argument part of the usage line: `FILE… [--root DIR] [--json]`.
    let synopsis: String
    /// One line for the command list.
    let summary: String
    /// Paragraphs shown by `barracks help NAME` after the usage line.
    let discussion: String
    let options: [OptionSpec]
    /// How many positional arguments it needs, at least and at most (`nil`: no limit).
    let positionals: (min: Int, max: Int?)
    let run: @Sendable (ParsedArguments, Console) throws -> Int32

    func option(named name: String) -> OptionSpec? { options.first { $0.name == name } }
    func option(short: Character) -> OptionSpec? { options.first { $0.short == short } }
}
