/// Every subcommand, in the order `barracks --help` lists them.
enum CommandTable {
    static let all: [CommandSpec] = [
        BuildCommand.spec,
        InspectCommand.spec,
        LearnCommand.spec,
        PolicyCommand.spec,
        RootfsCommand.spec,
        VerifyCommand.spec,
        DoctorCommand.spec,
        VersionCommand.spec,
    ]
}
