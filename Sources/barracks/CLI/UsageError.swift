/// A command line barracks cannot act on. Answered with the usage and exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    /// The command whose usage to print, or `nil` for the top-level usage.
    let command: CommandSpec?

    var description: String { message }
}
