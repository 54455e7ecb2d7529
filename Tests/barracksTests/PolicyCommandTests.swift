import Foundation
import POSIX
import Testing
import TestSupport

/// `barracks policy show|diff|compile`: outputs, files written, exit statuses, usage errors.
/// Runs the built binary.
@Suite struct PolicyCommandTests {
    static let learned = """
        {"version": 1, "learned": true, "arches": {"x86": {"syscalls": [
          {"name": "read", "count": 1204, "first_seen": "2025-01-02T03:04:05Z"},
          {"name": "write", "count": 800}, {"name": "socket", "count": 2},
          {"name": "dup", "count": 5, "conditions": [[{"index": 0, "op": "eq", "value": 0}]]}]}}}
        """

    /// Two alternatives on different arguments: Debian 12's libseccomp 2.5.4 miscompiles them.
    static let miscompiled = """
        {"version": 1, "arches": {"x86": {"syscalls": [{"name": "fcntl64", "conditions": [
          [{"index": 1, "op": "masked_eq", "mask": 15, "value": 2}],
          [{"index": 1, "op": "ne", "value": 4}, {"index": 2, "op": "le", "value": 2048}]]}]}}}
        """

    @Test func showListsArchesCountsMarginAndCost() throws {
        try withScratch("policy") { dir in
            try writeFile(dir + "/p.json", Self.learned)
            let result = try runBarracks(["policy", "show", dir + "/p.json"])
            #expect(result.status == .exited(0), "\(result.errorOutput)")
            let lines = result.output.split(separator: "\n").map(String.init)
            #expect(lines.first == "\(dir)/p.json: learned, default action kill_process")
            #expect(lines.contains { $0.hasPrefix("filter: ") && $0.contains("BPF instructions") && $0.contains("weighted by learned counts") })
            #expect(lines.contains { $0.hasPrefix("proof: the filter does exactly what the policy says") })
            #expect(lines.contains("bwrap's native side (x86_64): execve, exit_group, wait4, write"))
            #expect(lines.contains { $0.hasPrefix("x86: 13 syscalls; action cache: not for dup, socketcall") })
            #expect(lines.contains { $0.hasSuffix("  rt_sigreturn  [safety margin]") })
            #expect(lines.contains { $0.hasSuffix("  execve  [bwrap]") })
            #expect(lines.contains { $0.contains("1204  2025-01-02T03:04:05Z  read") })
            #expect(lines.contains { $0.hasSuffix("dup  if a0 == 0") })

            let pid1 = try runBarracks(["policy", "show", dir + "/p.json", "--as-pid-1", "--no-margin"])
            #expect(pid1.output.contains("bwrap's native side (x86_64): execve\n"))
            #expect(!pid1.output.contains("[safety margin]"))
        }
    }

    @Test func showJSONCarriesTheSameFacts() throws {
        try withScratch("policy") { dir in
            try writeFile(dir + "/p.json", Self.learned)
            let result = try runBarracks(["policy", "show", dir + "/p.json", "--json"])
            #expect(result.status == .exited(0))
            let object = try #require(JSONSerialization.jsonObject(with: Data(result.standardOutput)) as? [String: Any])
            #expect(object["learned"] as? Bool == true)
            let filter = try #require(object["filter"] as? [String: Any])
            #expect((filter["instructions"] as? Int ?? 0) > 10)
            #expect(filter["proven"] as? Bool == true)
            #expect(filter["action_cache_eligible"] as? Bool == false)
            #expect(filter["weighted_average_instructions"] is Double)
            let arches = try #require(object["arches"] as? [[String: Any]])
            #expect(arches.map { $0["arch"] as? String } == ["x86", "x86_64"])
            let x86 = try #require(arches.first?["syscalls"] as? [[String: Any]])
            #expect(x86.first { $0["name"] as? String == "sigreturn" }?["origin"] as? String == "safety_margin")
            #expect(x86.first { $0["name"] as? String == "read" }?["count"] as? Int == 1204)
        }
    }

    @Test func diffShowsAddedRemovedAndChanged() throws {
        try withScratch("policy") { dir in
            try writeFile(dir + "/a.json", Self.learned)
            try writeFile(dir + "/b.json", Self.learned.replacingOccurrences(of: "\"socket\"", with: "\"bind\"")
                .replacingOccurrences(of: "\"value\": 0}", with: "\"value\": 1}"))
            let result = try runBarracks(["policy", "diff", dir + "/a.json", dir + "/b.json"])
            #expect(result.status == .exited(0))
            #expect(result.output == """
                --- \(dir)/a.json
                +++ \(dir)/b.json
                x86:
                  + bind
                  - socket
                  ~ dup: a0 == 0 -> a0 == 1

                """)
            let same = try runBarracks(["policy", "diff", dir + "/a.json", dir + "/a.json", "--json"])
            let object = try #require(JSONSerialization.jsonObject(with: Data(same.standardOutput)) as? [String: Any])
            #expect(object["allows_the_same"] as? Bool == true)
            #expect((object["arches"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func compileWritesTheThreeFilesAfterTheProof() throws {
        try withScratch("policy") { dir in
            try writeFile(dir + "/p.json", Self.learned)
            let result = try runBarracks(["policy", "compile", dir + "/p.json", "--out", dir + "/out"])
            #expect(result.status == .exited(0), "\(result.errorOutput)")
            #expect(result.output.contains("proven over"))
            let bpf = try readFile(dir + "/out/filter.bpf")
            #expect(bpf.count % 8 == 0 && bpf.count > 0)
            #expect(String(decoding: try readFile(dir + "/out/filter.pfc"), as: UTF8.self).contains("filter for arch x86"))
            let profile = try JSONSerialization.jsonObject(with: Data(try readFile(dir + "/out/profile.json"))) as? [String: Any]
            #expect(profile?["architectures"] as? [String] == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"])
        }
    }

    @Test func compileRefusesAFilterThatDisagreesAndWritesNothing() throws {
        try withScratch("policy") { dir in
            try writeFile(dir + "/m.json", Self.miscompiled)
            let result = try runBarracks(["policy", "compile", dir + "/m.json", "--out", dir + "/out"])
            #expect(result.status == .exited(1))
            #expect(result.errorOutput.contains("m.json: the compiled filter disagrees with the policy"))
            #expect(result.errorOutput.contains("(fcntl64)"))
            #expect(!FileTree.exists(dir + "/out"))
        }
    }

    @Test func invalidPolicyIsExit1WithFileAndPath() throws {
        try withScratch("policy") { dir in
            try writeFile(dir + "/bad.json", #"{"version": 1, "arches": {"x86": {"syscalls": [{"name": "opne"}]}}}"#)
            let result = try runBarracks(["policy", "show", dir + "/bad.json"])
            #expect(result.status == .exited(1))
            #expect(result.errorOutput == "barracks: error: \(dir)/bad.json: $.arches.x86.syscalls[0].name: unknown syscall \"opne\" for x86\n")
        }
    }

    @Test func missingOrUnknownActionAndWrongArgumentsAreUsageErrors() throws {
        let cases: [([String], String)] = [
            (["policy"], "missing action: expected show, diff or compile"),
            (["policy", "frob"], "unknown action 'frob': expected show, diff or compile"),
            (["policy", "show"], "policy show takes one policy file, got 0"),
            (["policy", "diff", "a.json"], "policy diff takes two policy files, got 1"),
            (["policy", "compile", "a.json"], "policy compile needs --out DIR"),
            (["policy", "show", "a.json", "--out", "x"], "--out is only for policy compile"),
            (["policy", "show", "a.json", "--no-bwrap", "--as-pid-1"], "--no-bwrap cannot be combined with --as-pid-1 or --json-status-fd"),
        ]
        for (arguments, message) in cases {
            let result = try runBarracks(arguments)
            #expect(result.status == .exited(2), "\(arguments)")
            #expect(result.errorOutput.contains("barracks: error: \(message)"), "\(arguments): \(result.errorOutput)")
            #expect(result.errorOutput.contains("usage: barracks policy show FILE"), "\(arguments)")
        }
        let help = try runBarracks(["policy", "--help"])
        #expect(help.status == .exited(0))
        #expect(help.output.contains("compile FILE    compiles with libseccomp, proves"))
    }
}
