import Seccomp
import Testing

/// Learning merges runs into the policy; diff shows what a run (or an edit) changed.
@Suite struct PolicyMergeDiffTests {
    @Test func mergeAddsCountsAndNamesAndNeverRemoves() throws {
        var base = Fixtures.policy(["x86": ["brk", "read"]], learned: false)
        base.arches["x86"]?.syscalls["brk"]?.firstSeen = "2025-02-01T00:00:00Z"
        var run = Fixtures.policy(["x86": ["brk", "write"], "x86_64": ["execve"]])
        run.arches["x86"]?.syscalls["brk"] = SyscallEntry(count: 10, firstSeen: "2025-01-01T00:00:00Z")

        let merged = base.merging(run)
        #expect(merged.learned)
        #expect(merged.arches["x86"]?.syscalls.keys.sorted() == ["brk", "read", "write"])
        #expect(merged.arches["x86"]?.syscalls["brk"]?.count == 11)
        #expect(merged.arches["x86"]?.syscalls["brk"]?.firstSeen == "2025-01-01T00:00:00Z")
        #expect(merged.arches["x86_64"]?.syscalls.keys.sorted() == ["execve"])
        // Merging a run that saw less removes nothing.
        #expect(merged.merging(Fixtures.policy(["x86": []])).arches["x86"]?.syscalls.count == 3)
        #expect(merged.merging(Policy()).arches == merged.arches)
    }

    @Test func mergeWidensConditionsAndAnUnconditionalSideWins() {
        let eq0 = [ArgumentComparison(index: 0, op: .eq, value: 0)]
        let eq1 = [ArgumentComparison(index: 0, op: .eq, value: 1)]
        var entry = SyscallEntry(count: 1, conditions: [eq1])
        entry.merge(SyscallEntry(count: 2, conditions: [eq0, eq1]))
        #expect(entry.conditions == [eq0, eq1])
        #expect(entry.count == 3)
        entry.merge(SyscallEntry(count: 1))
        #expect(entry.conditions == nil)
        entry.merge(SyscallEntry(count: UInt64.max))
        #expect(entry.count == UInt64.max)
    }

    @Test func recordChecksTheNameAndTheConditions() throws {
        var policy = Policy()
        try policy.record("socketcall", arch: "x86", count: 2)
        try policy.record("socketcall", arch: "x86")
        #expect(policy.arches["x86"]?.syscalls["socketcall"]?.count == 3)
        #expect(throws: PolicyError(message: "unknown syscall \"opne\" for x86")) {
            try policy.record("opne", arch: "x86")
        }
        #expect(throws: PolicyError.self) {
            try policy.record("dup", arch: "x86", conditions: [[ArgumentComparison(index: 7, op: .eq, value: 0)]])
        }
        #expect(throws: PolicyError.self) { try policy.record("brk", arch: "i386") }
    }

    @Test func diffListsAddedRemovedChangedPerArch() {
        let old = Fixtures.policy(["x86": ["brk", "read", "dup", "open"], "x86_64": ["execve"]])
        var new = Fixtures.policy(["x86": ["brk", "read", "dup", "write"], "x86_64": ["execve", "wait4"], "arm": ["brk"]])
        new.arches["x86"]?.syscalls["dup"] = SyscallEntry(count: 1, conditions: [[ArgumentComparison(index: 0, op: .eq, value: 0)]])
        new.arches["x86"]?.syscalls["read"]?.count = 9
        new.defaultAction = .errno(38)

        let diff = PolicyDiff(from: old, to: new)
        #expect(diff.arches.map(\.arch) == ["arm", "x86", "x86_64"])
        #expect(diff.arches[0].added == ["brk"])
        #expect(diff.arches[1].added == ["write"])
        #expect(diff.arches[1].removed == ["open"])
        #expect(diff.arches[1].changed.map(\.name) == ["dup"])
        #expect(diff.arches[1].recounted.map(\.name) == ["read"])
        #expect(diff.arches[2].added == ["wait4"])
        #expect(diff.defaultAction?.after == .errno(38))
        #expect(!diff.allowsTheSame)

        #expect(PolicyDiff(from: old, to: old).arches.isEmpty)
        var recounted = old
        recounted.arches["x86"]?.syscalls["brk"]?.count = 100
        #expect(PolicyDiff(from: old, to: recounted).allowsTheSame)
    }
}
