import POSIX

/// What a learning run starts: in practice a bundle's `run` script with
/// `BARRACKS_LEARNING_FILTER` in its environment, or a bwrap command line. Every process it
/// starts, and every thread, is traced.
public struct LearningCommand: Sendable {
    /// A path, or a bare name searched in the `PATH` of ``environment`` (or barracks' own).
    public var executable: String
    /// The arguments after `argv[0]` (which is ``executable``).
    public var arguments: [String]
    /// The whole environment; `nil` inherits barracks' own.
    public var environment: [String: String]?
    /// Where it starts; `nil` keeps barracks' working directory.
    public var workingDirectory: String?
    /// What becomes the command's descriptor 0; `nil` inherits barracks' own. Descriptors
    /// above 2 are never inherited.
    public var standardInput: FileDescriptor?
    /// What becomes descriptor 1; `nil` inherits barracks' own.
    public var standardOutput: FileDescriptor?
    /// What becomes descriptor 2; `nil` inherits barracks' own.
    public var standardError: FileDescriptor?

    /// A command; standard descriptors inherited unless set.
    public init(_ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
                workingDirectory: String? = nil) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
    }

    /// The command line as a user would type it, for messages.
    public var commandLine: String {
        ([executable] + arguments).map(Subprocess.shellQuoted).joined(separator: " ")
    }
}
