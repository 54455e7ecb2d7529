/// Why a package list cannot be installed, with the chain of requirements that led there.
///
/// Descriptions read `world → busybox → so:libc.musl-x86.so.1: no package provides it` or
/// `conflict: foo-1.0-r0 (required by world) and !foo (from world → bar)`.
public struct ResolutionError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        /// No package has or provides the name.
        case noProvider
        /// Packages have the name, but no version meets the constraint (`name-version` of each).
        case noMatchingVersion(available: [String])
        /// Every matching package is refused (`name-version: reason` each).
        case notInstallable([String])
        /// Only unversioned providers, none with `provider_priority` (their `name-version`).
        case virtualWithoutPriority(providers: [String])
        /// Several providers share the highest `provider_priority`.
        case ambiguousProviders(providers: [String], priority: UInt64)
        /// The name is already held by a selected package that does not meet the constraint.
        case selectedVersionMismatch(selected: String, selectedFor: [String])
        /// A package and a `!conflict` on it: the package, why it was selected, and the chain
        /// that carries the conflict (ending with the package that declares it).
        case conflict(package: String, requiredBy: [String], conflict: String, from: [String])
        /// Two packages would both own `name` (a package name or a versioned provide).
        case sameNameProvided(name: String, selected: String, selectedFor: [String], candidate: String)
        /// `name@tag` in the world: tagged repositories are not supported.
        case taggedRepository(String)
    }

    /// Who asked: `["world"]`, `["world", "busybox"]`, …
    public var chain: [String]
    /// The dependency that could not be met, as written (`so:libc.musl-x86.so.1`, `foo>=2`).
    public var dependency: String
    public var problem: Problem

    public var description: String {
        let path = (chain + [dependency]).joined(separator: " → ")
        func list(_ items: [String]) -> String { items.joined(separator: ", ") }
        func by(_ chain: [String]) -> String { chain.isEmpty ? "world" : chain.joined(separator: " → ") }
        switch problem {
        case .noProvider:
            return "\(path): no package provides it"
        case .noMatchingVersion(let available):
            return "\(path): no version satisfies it (available: \(list(available)))"
        case .notInstallable(let refusals):
            return "\(path): no installable package: \(refusals.joined(separator: "; "))"
        case .virtualWithoutPriority(let providers):
            return "\(path): a virtual name that none of its providers (\(list(providers))) selects by provider_priority; add the one you want to the manifest's packages"
        case .ambiguousProviders(let providers, let priority):
            return "\(path): provided by \(list(providers)) with the same provider_priority \(priority); add the one you want to the manifest's packages"
        case .selectedVersionMismatch(let selected, let selectedFor):
            return "\(path): conflicts with \(selected), already selected (required by \(by(selectedFor)))"
        case .conflict(let package, let requiredBy, let conflict, let from):
            return "conflict: \(package) (required by \(by(requiredBy))) and \(conflict) (from \(by(from)))"
        case .sameNameProvided(let name, let selected, let selectedFor, let candidate):
            return "\(path): conflict: \(name) would be provided by both \(selected) (required by \(by(selectedFor))) and \(candidate)"
        case .taggedRepository(let tag):
            return "\(path): repository tags (@\(tag)) are not supported; list the repository in the manifest instead"
        }
    }
}
