/// Will the program run on the root, and if not, what to do about it.
public struct Verdict: Sendable, Codable, Equatable {
    public enum Outcome: String, Sendable, Codable {
        /// Everything resolves.
        case runs
        /// Everything resolves, but some imports are ABI hazards on 32-bit.
        case runsWithWarnings = "runs-with-warnings"
        /// Everything resolves once the suggested loader link exists.
        case needsLoaderLink = "needs-loader-link"
        /// The loader would stop before `main`.
        case wontRun = "wont-run"
    }

    public var outcome: Outcome
    /// What to change, one instruction per line, most important first.
    public var remedies: [String]

    /// Whether the program starts on the root as it is.
    public var runsAsIs: Bool { outcome == .runs || outcome == .runsWithWarnings }
}
