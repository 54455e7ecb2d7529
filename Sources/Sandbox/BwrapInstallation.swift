import Foundation
import POSIX

/// The host's bubblewrap: where it is, its version, and which of the flags barracks uses
/// it understands.
public struct BwrapInstallation: Sendable {
    public var path: String
    /// `0.8.0` from `bwrap --version`.
    public var version: String
    /// Whether it has `--disable-userns` (0.8.0 and later).
    public var supportsDisableUserns: Bool

    /// Finds bwrap on `PATH` and asks it what it supports; `nil` when it is not installed.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> BwrapInstallation? {
        let searchPath = environment["PATH"] ?? "/usr/bin:/bin"
        let candidates = searchPath.split(separator: ":").map { String($0) + "/bwrap" }
        guard let path = candidates.first(where: { access($0, X_OK) == 0 }) else {
            return nil
        }
        let version = try Subprocess(path, ["--version"]).run()
        let help = try Subprocess(path, ["--help"]).run()
        let number = version.output.split(separator: " ").last.map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "unknown"
        return BwrapInstallation(path: path, version: number,
                                 supportsDisableUserns: (help.output + help.errorOutput).contains("--disable-userns"))
    }
}
