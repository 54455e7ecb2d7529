import Foundation
import Seccomp
import Testing
import TestSupport

/// The policy file's canonical form: what a user reads, edits and diffs.
@Suite struct PolicyFileTests {
    static let canonical = """
        {
          "arches": {
            "x86": {
              "syscalls": [
                {"name": "brk", "count": 12, "first_seen": "2025-01-02T03:04:05Z"},
                {"name": "dup", "conditions": [[{"index": 0, "op": "eq", "value": 0}], [{"index": 0, "op": "ge", "value": 10}, {"index": 1, "mask": 65280, "op": "masked_eq", "value": 4608}]], "count": 3},
                {"name": "socket", "count": 1},
                {"name": "write", "count": 40}
              ]
            },
            "x86_64": {
              "syscalls": [
                {"name": "execve", "count": 0}
              ]
            }
          },
          "default_action": "errno",
          "default_errno": "ENOSYS",
          "learned": true,
          "version": 1
        }

        """

    @Test func canonicalTextRoundTripsByteForByte() throws {
        let policy = try PolicyFile.decode(Array(Self.canonical.utf8), file: "policy.json")
        #expect(String(decoding: PolicyFile.encode(policy), as: UTF8.self) == Self.canonical)
        #expect(policy.learned)
        #expect(policy.defaultAction == .errno(ENOSYS))
        #expect(policy.arches["x86"]?.syscalls["brk"]?.count == 12)
        #expect(policy.arches["x86"]?.syscalls["dup"]?.conditions?.count == 2)
        #expect(policy.arches["x86_64"]?.syscalls.keys.sorted() == ["execve"])
    }

    @Test func outputIsSortedWhateverTheInputOrder() throws {
        let shuffled = """
            {"version": 1, "learned": true, "default_errno": 38, "default_action": "errno",
             "arches": {"x86_64": {"syscalls": [{"count": 0, "name": "execve"}]},
                        "x86": {"syscalls": [
                          {"name": "write", "count": 40}, {"count": 1, "name": "socket"},
                          {"name": "dup", "count": 3, "conditions": [
                             [{"value": 4608, "op": "masked_eq", "mask": "0xff00", "index": 1}, {"op": "ge", "value": 10, "index": 0}],
                             [{"index": 0, "op": "eq", "value": 0}], [{"index": 0, "op": "eq", "value": 0}]]},
                          {"first_seen": "2025-01-02T03:04:05Z", "name": "brk", "count": 12}]}}}
            """
        let policy = try PolicyFile.decode(Array(shuffled.utf8), file: "shuffled.json")
        #expect(String(decoding: PolicyFile.encode(policy), as: UTF8.self) == Self.canonical)
    }

    @Test func minimalTemplateIsNotLearnedAndKillsByDefault() throws {
        let policy = try PolicyFile.decode(Array(#"{"version": 1, "arches": {}}"#.utf8), file: "t.json")
        #expect(policy.learned == false)
        #expect(policy.defaultAction == .killProcess)
        #expect(policy.arches.isEmpty)
    }

    @Test func readAndWriteGoThroughTheFile() throws {
        try withScratch { dir in
            let path = dir + "/policy.json"
            let policy = try PolicyFile.decode(Array(Self.canonical.utf8), file: nil)
            try PolicyFile.write(policy, to: path)
            #expect(try PolicyFile.read(path) == policy)
            #expect(String(decoding: try readFile(path), as: UTF8.self) == Self.canonical)
        }
    }

    @Test func missingFileNamesTheFile() {
        #expect {
            try PolicyFile.read("/nonexistent/policy.json")
        } throws: { error in
            String(describing: error).contains("/nonexistent/policy.json")
        }
    }

    @Test func codableGoesThroughTheSameChecks() throws {
        let policy = try PolicyFile.decode(Array(Self.canonical.utf8), file: nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(policy)
        #expect(try JSONDecoder().decode(Policy.self, from: data) == policy)

        let bad = Data(#"{"version": 1, "arches": {"x86": {"syscalls": [{"name": "opne"}]}}}"#.utf8)
        #expect(throws: PolicyError(path: "$.arches.x86.syscalls[0].name", message: "unknown syscall \"opne\" for x86")) {
            try JSONDecoder().decode(Policy.self, from: bad)
        }
    }
}
