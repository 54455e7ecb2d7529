/// The steps of `barracks build`, in the order a build runs them (the Alpine root is
/// provisioned once the program's ELF header has given its arch). Progress and errors name
/// the step, and fault-injection tests stop the build at each.
public enum BuildStep: String, Sendable, CaseIterable, CustomStringConvertible {
    case manifest
    case fetch
    case extract
    case inspect
    case provision
    case loaderLink = "loader-link"
    case closure
    case preflight
    case linkCheck = "link-check"
    case policy
    case launcher
    case record
    /// The new generation read back and checked against its `bundle.json` before the switch
    /// (also the step `barracks verify`'s errors name).
    case verify
    case commit

    public var description: String { rawValue }
}

/// A build that could not go on: which step, and what to do about it.
public struct BuildError: Error, CustomStringConvertible, Sendable {
    public var step: BuildStep
    public var message: String

    public init(step: BuildStep, _ message: String) {
        self.step = step
        self.message = message
    }

    public var description: String { "\(step): \(message)" }
}
