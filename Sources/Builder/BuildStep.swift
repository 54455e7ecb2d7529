/// The steps of `barracks build`, in pipeline order (DESIGN.md). Progress and errors name
/// the step, and fault-injection tests stop the build at each.
public enum BuildStep: String, Sendable, CaseIterable, CustomStringConvertible {
    case manifest
    case fetch
    case provision
    case extract
    case inspect
    case loaderLink = "loader-link"
    case closure
    case preflight
    case linkCheck = "link-check"
    case policy
    case launcher
    case record
    case commit
    case verify

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
