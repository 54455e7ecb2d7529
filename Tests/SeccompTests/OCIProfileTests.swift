import Foundation
import Seccomp
import Testing

/// The OCI/Docker profile export: valid JSON, the expected fields, the union of the names.
@Suite struct OCIProfileTests {
    func json(_ profile: OCIProfile) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(profile.bytes)) as? [String: Any])
    }

    @Test func profileHasTheOCIFieldsAndTheUnionOfNames() throws {
        let effective = try Fixtures.serverUnderBwrap
        let object = try json(OCIProfile(effective.policy))
        #expect(object["defaultAction"] as? String == "SCMP_ACT_KILL_PROCESS")
        #expect(object["architectures"] as? [String] == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"])
        let groups = try #require(object["syscalls"] as? [[String: Any]])
        #expect(groups.allSatisfy { $0["action"] as? String == "SCMP_ACT_ALLOW" && !(($0["names"] as? [String]) ?? []).isEmpty })
        let names = Set(groups.flatMap { $0["names"] as? [String] ?? [] })
        #expect(names == Set(effective.policy.allSyscallNames))
        #expect(names.contains("wait4") && names.contains("brk"))
        #expect((groups.first?["comment"] as? String)?.contains("OCI cannot restrict a name to one arch") == true)
    }

    @Test func conditionsBecomeArgsWithOCIOperatorsAndMaskedEqualsUsesValueTwo() throws {
        let object = try json(OCIProfile(Fixtures.server))
        let groups = try #require(object["syscalls"] as? [[String: Any]])
        let fcntl = groups.filter { ($0["names"] as? [String]) == ["fcntl64"] }
        #expect(fcntl.count == 2)
        let masked = try #require(fcntl.compactMap { $0["args"] as? [[String: Any]] }.first { $0.count == 1 })
        #expect(masked[0]["op"] as? String == "SCMP_CMP_MASKED_EQ")
        #expect(masked[0]["index"] as? Int == 1)
        #expect(masked[0]["value"] as? Int == 0xf)     // the mask
        #expect(masked[0]["valueTwo"] as? Int == 0x2)  // the compared value
        #expect(groups.contains { ($0["names"] as? [String]) == ["getpriority"] })
        // A name conditional on one arch and unconditional on another is unconditional in the union.
        var policy = Fixtures.server
        policy.arches["x86_64"] = ArchPolicy(syscalls: ["dup": SyscallEntry()])
        let union = try json(OCIProfile(policy))["syscalls"] as? [[String: Any]] ?? []
        #expect(!union.contains { ($0["names"] as? [String]) == ["dup"] })
        #expect(union.first.map { ($0["names"] as? [String] ?? []).contains("dup") } == true)
    }

    @Test func errnoDefaultCarriesItsErrno() throws {
        let object = try json(OCIProfile(Fixtures.policy(["x86": ["brk"]], defaultAction: .errno(38))))
        #expect(object["defaultAction"] as? String == "SCMP_ACT_ERRNO")
        #expect(object["defaultErrnoRet"] as? Int == 38)
        #expect(try json(OCIProfile(Fixtures.policy(["x86": ["brk"]], defaultAction: .log)))["defaultAction"] as? String == "SCMP_ACT_LOG")
    }
}
