/// Every subcommand, in the order `barracks --help` lists them.
enum CommandTable {
    static let all: [CommandSpec] = [
        InspectCommand.spec,
        PolicyCommand.spec,
        RootfsCommand.spec,
        VerifyCommand.spec,
        VersionCommand.spec,
    ]
}
