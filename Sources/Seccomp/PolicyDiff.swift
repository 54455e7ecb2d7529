/// What changed from one policy to another, per arch: syscalls added, removed, and those
/// whose conditions changed (count changes are listed apart: they widen nothing).
public struct PolicyDiff: Equatable, Sendable {
    /// One arch's changes. Names are sorted.
    public struct ArchChanges: Equatable, Sendable {
        /// The arch's libseccomp name.
        public var arch: String
        /// Allowed in the new policy only (a whole new arch lists every syscall here).
        public var added: [String] = []
        /// Allowed in the old policy only.
        public var removed: [String] = []
        /// Allowed in both, under different conditions.
        public var changed: [Change] = []
        /// Allowed in both with the same conditions, seen a different number of times.
        public var recounted: [Change] = []

        /// Whether nothing changed on this arch.
        public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty && recounted.isEmpty }
    }

    /// A syscall in both policies, before and after.
    public struct Change: Equatable, Sendable {
        /// The syscall.
        public var name: String
        /// The entry in the old policy.
        public var before: SyscallEntry
        /// The entry in the new policy.
        public var after: SyscallEntry
    }

    /// Arches with changes, sorted by name.
    public var arches: [ArchChanges]
    /// The default action, when it changed.
    public var defaultAction: (before: DefaultAction, after: DefaultAction)?
    /// The learned marker, when it changed.
    public var learned: (before: Bool, after: Bool)?

    /// The changes from `old` to `new`.
    public init(from old: Policy, to new: Policy) {
        defaultAction = old.defaultAction == new.defaultAction ? nil : (old.defaultAction, new.defaultAction)
        learned = old.learned == new.learned ? nil : (old.learned, new.learned)
        arches = Set(old.arches.keys).union(new.arches.keys).sorted().compactMap { arch in
            let before = old.arches[arch]?.syscalls ?? [:]
            let after = new.arches[arch]?.syscalls ?? [:]
            var changes = ArchChanges(arch: arch)
            changes.added = after.keys.filter { before[$0] == nil }.sorted()
            changes.removed = before.keys.filter { after[$0] == nil }.sorted()
            for name in before.keys.sorted() {
                guard let a = before[name], let b = after[name] else { continue }
                if a.conditions != b.conditions {
                    changes.changed.append(Change(name: name, before: a, after: b))
                } else if a.count != b.count {
                    changes.recounted.append(Change(name: name, before: a, after: b))
                }
            }
            return changes.isEmpty ? nil : changes
        }
    }

    /// Whether the two policies allow the same syscalls under the same default action
    /// (counts and first sightings may differ).
    public var allowsTheSame: Bool {
        defaultAction == nil && arches.allSatisfy { $0.added.isEmpty && $0.removed.isEmpty && $0.changed.isEmpty }
    }

    public static func == (a: PolicyDiff, b: PolicyDiff) -> Bool {
        a.arches == b.arches && a.defaultAction?.before == b.defaultAction?.before
            && a.defaultAction?.after == b.defaultAction?.after && a.learned?.before == b.learned?.before
            && a.learned?.after == b.learned?.after
    }
}
