/// Computes the packages to install for a list of world constraints (the manifest's
/// `packages`), from one or more parsed indexes, for one arch.
///
/// Semantics (apk-format.md §2.4, apk's solver as reference):
/// - a package name, or a **versioned** provide (`so:libc.musl-x86.so.1=1`, `cmd:sh=…`),
///   is met by the highest version that satisfies the constraint; a versioned provide makes
///   its package the single owner of that name;
/// - an **unversioned** provide (`/bin/sh`) is a virtual name: met by a package already
///   selected (named in the world, or pulled in otherwise), else by the provider with the
///   highest `provider_priority` (`k:`); none with a priority, or a tie, is an error asking
///   the user to name one;
/// - `!name` conflicts; `i:` install_if rules fire when all their conditions are installed;
/// - a package whose `A:` is neither the arch nor `noarch`, or that the index marks
///   uninstallable, is never chosen.
///
/// **Limits.** This is a greedy resolver, not apk's backtracking solver: choices are made
/// first come, first served (world sorted by name, then breadth-first) and preferring
/// what is already selected. When a later constraint clashes with an earlier choice
/// (`foo<2` after `foo-2.0` was taken), it re-runs with that constraint known up front
/// (up to 8 times), which handles the cases Alpine's repositories produce. It does not
/// search across alternative providers to escape a `!conflict`, does not remove or replace
/// anything (there is no installed state), and ignores repository tags and pinning.
///
/// Deterministic: the same indexes (in any record order) and the same world (in any
/// order) give the same packages in the same order.
public struct Resolver: Sendable {
    /// The primary arch (`x86`, `x86_64`, …).
    public let architecture: String
    let table: ProviderTable

    /// `indexes` in repository order (the first wins when two carry the same package).
    public init(indexes: [APKIndex], architecture: String) {
        self.architecture = architecture
        table = ProviderTable(indexes: indexes)
    }

    /// Every package the indexes offer (deduplicated, sorted by name then newest version).
    public var availablePackages: [AvailablePackage] { table.packages }

    /// Resolves world constraints given as text (`musl`, `busybox>=1.35`, `!foo`); a token
    /// that does not parse throws its ``DependencyError``.
    public func resolve(packages: [String]) throws -> Resolution {
        try resolve(packages.map { try Dependency(parsing: $0) })
    }

    /// Resolves `world` into the packages to install, in install order.
    public func resolve(_ world: [Dependency]) throws(ResolutionError) -> Resolution {
        var learned: [String: [Dependency]] = [:]
        var firstError: ResolutionError?
        for _ in 0..<8 {
            var pass = ResolutionPass(table: table, architecture: architecture, learned: learned)
            do throws(ResolutionPass.Failure) {
                try pass.run(world: world)
                return Resolution(packages: Resolution.installOrder(pass.selected, edges: pass.edges, table: table))
            } catch {
                firstError = firstError ?? error.error
                guard let constraint = error.learn, !(learned[constraint.name] ?? []).contains(constraint) else { break }
                learned[constraint.name, default: []].append(constraint)
            }
        }
        // The first pass's error describes the clash as the user's list produced it.
        throw firstError ?? ResolutionError(chain: ["world"], dependency: "", problem: .noProvider)
    }
}
