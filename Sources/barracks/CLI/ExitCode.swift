/// The exit statuses barracks uses; documented in the README.
enum ExitCode {
    /// The command did what was asked.
    static let success: Int32 = 0
    /// The command failed (bad input, I/O, network, a sandbox that would not start).
    static let failure: Int32 = 1
    /// The command line was wrong: unknown option, missing argument. Usage is printed.
    static let usage: Int32 = 2
    /// A check ran and said no: `inspect --check` on a program that will not run,
    /// `verify` on a changed bundle, `doctor` on a host that cannot run bundles.
    static let checkFailed: Int32 = 3
}
