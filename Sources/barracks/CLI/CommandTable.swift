/// Every subcommand, in the order `barracks --help` lists them.
enum CommandTable {
    static let all: [CommandSpec] = [
        VersionCommand.spec,
        PolicyCommand.spec,
    ]
}
