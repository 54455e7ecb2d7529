import Foundation

/// A seccomp allow-list: for each arch (by libseccomp name), the syscalls the program may
/// make, by name. The source of truth of a bundle's filter (`seccomp/policy.json`); it is
/// human-editable, and learning only ever adds to it.
///
/// Read and written by ``PolicyFile`` (which checks every field and names the JSON path of
/// any mistake); compiled by ``FilterCompiler``.
public struct Policy: Equatable, Sendable {
    /// The `version` a policy file carries; files of other versions are refused.
    public static let formatVersion = 1

    /// Whether learning has run on this policy. A never-learned policy is a template: the
    /// bundle launcher refuses to start with one, and compiling it adds no safety margin.
    public var learned: Bool
    /// What the filter does with everything not allowed.
    public var defaultAction: DefaultAction
    /// Arch name (`x86`, `x86_64`, …) → its allowed syscalls.
    public var arches: [String: ArchPolicy]

    /// A policy; by default an empty, never-learned template that kills on anything.
    public init(learned: Bool = false, defaultAction: DefaultAction = .killProcess, arches: [String: ArchPolicy] = [:]) {
        self.learned = learned
        self.defaultAction = defaultAction
        self.arches = arches
    }

    /// Adds everything `other` allows: new arches and syscalls appear, counts add, conditions
    /// widen; nothing is removed. The result is learned if either side was. The default
    /// action stays this policy's (the bundle's choice, not the learning run's).
    public mutating func merge(_ other: Policy) {
        learned = learned || other.learned
        for (arch, policy) in other.arches {
            arches[arch, default: ArchPolicy()].merge(policy)
        }
    }

    /// This policy with `other` merged in (see ``merge(_:)``).
    public func merging(_ other: Policy) -> Policy {
        var copy = self
        copy.merge(other)
        return copy
    }

    /// Records `count` sightings of `syscall` on `arch` (what a learner calls per syscall it
    /// saw), checking the name against libseccomp's table for that arch.
    public mutating func record(
        _ syscall: String, arch: String, count: UInt64 = 1, at time: Date? = nil,
        conditions: [[ArgumentComparison]]? = nil
    ) throws {
        guard let seccompArch = SeccompArch(name: arch) else {
            throw PolicyError(message: "unknown arch \"\(arch)\" (expected one of \(SeccompArch.knownNames.joined(separator: ", ")))")
        }
        let entry = SyscallEntry(count: count, firstSeen: time.map(Self.timestamp), conditions: conditions)
        if let problem = PolicyRules.problem(with: syscall, conditions: conditions, table: SyscallTable(arch: seccompArch)) {
            throw PolicyError(message: problem.message)
        }
        merge(Policy(arches: [arch: ArchPolicy(syscalls: [syscall: entry])]))
    }

    /// `date` as a policy's `first_seen`: UTC, to the second, `2025-01-31T23:59:59Z`.
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// Every arch's syscall names, union over arches, sorted.
    public var allSyscallNames: [String] {
        Set(arches.values.flatMap { $0.syscalls.keys }).sorted()
    }
}
