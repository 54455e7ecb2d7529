import Seccomp
import Testing

/// Every mistake in a policy file is reported with the file, the JSON path and what was
/// expected there, never with Foundation's generic messages.
@Suite struct PolicyErrorTests {
    /// The message for `text` read as `policy.json`.
    func message(_ text: String) -> String {
        do {
            _ = try PolicyFile.decode(Array(text.utf8), file: "policy.json")
            return "no error"
        } catch {
            return error.description
        }
    }

    func arch(_ syscalls: String, arch: String = "x86") -> String {
        #"{"version": 1, "arches": {"\#(arch)": {"syscalls": [\#(syscalls)]}}}"#
    }

    @Test func syntaxErrorNamesLineColumnPathAndWhatWasExpected() {
        let text = """
            {"version": 1,
             "arches": {"x86": {"syscalls": [
               {"name": "brk" "count": 1}
             ]}}}
            """
        #expect(message(text) == "policy.json: $.arches.x86.syscalls[0].name: line 3, column 19: "
            + "expected ',' or '}' after a member, found '\"'")
        #expect(message("") == "policy.json: $: line 1, column 1: expected a value (object, array, string, number, "
            + "true, false or null), found the end of the file")
        #expect(message(#"{"version": 1, "arches": {}} x"#) == "policy.json: $: line 1, column 30: expected the end of the document, found 'x'")
        #expect(message(#"{"version": 1, "version": 1}"#)
            == "policy.json: $.version: line 1, column 16: duplicate member \"version\"")
        #expect(throws: PolicyError(file: "p.json", path: "$", message: "line 1, column 1: the file is not UTF-8 text")) {
            try PolicyFile.decode([0x7b, 0xff, 0x7d], file: "p.json")
        }
        #expect(message("[" + String(repeating: "[", count: 100)).contains("nested more than 64 levels deep"))
    }

    @Test func unknownFieldIsAnError() {
        #expect(message(arch(#"{"name": "brk", "cout": 3}"#)) == "policy.json: $.arches.x86.syscalls[0].cout: "
            + #"unknown field "cout" (expected "name", "count", "first_seen", "conditions")"#)
        #expect(message(#"{"version": 1, "arches": {}, "learnt": true}"#).hasPrefix(#"policy.json: $.learnt: unknown field "learnt""#))
    }

    @Test func unknownSyscallNameNamesTheArch() {
        #expect(message(arch(#"{"name": "read"}, {"name": "brk"}, {"name": "write"}, {"name": "opne"}"#))
            == #"policy.json: $.arches.x86.syscalls[3].name: unknown syscall "opne" for x86"#)
        // mmap2 exists, but not on x86_64.
        #expect(message(arch(#"{"name": "mmap2"}"#, arch: "x86_64"))
            == #"policy.json: $.arches.x86_64.syscalls[0].name: unknown syscall "mmap2" for x86_64"#)
        #expect(message(arch(#"{"name": "brk"}, {"name": "brk"}"#))
            == #"policy.json: $.arches.x86.syscalls[1].name: duplicate syscall "brk" (also at $.arches.x86.syscalls[0])"#)
    }

    @Test func unknownArchListsTheKnownOnes() {
        #expect(message(arch("", arch: "x87")).hasPrefix(#"policy.json: $.arches.x87: unknown arch "x87" (expected one of x86, x86_64,"#))
    }

    @Test func badOperatorIndexAndTypesAreReportedAtTheirPath() {
        let prefix = "policy.json: $.arches.x86.syscalls[0].conditions[0][0]"
        #expect(message(arch(#"{"name": "dup", "conditions": [[{"index": 0, "op": "equals", "value": 1}]]}"#))
            == prefix + #".op: unknown op "equals" (expected one of eq, ne, lt, le, gt, ge, masked_eq)"#)
        #expect(message(arch(#"{"name": "dup", "conditions": [[{"index": 6, "op": "eq", "value": 1}]]}"#))
            == prefix + ".index: expected an argument index 0…5, found 6")
        #expect(message(arch(#"{"name": "dup", "count": "12"}"#))
            == "policy.json: $.arches.x86.syscalls[0].count: expected an unsigned integer, found a string")
        #expect(message(arch(#"{"name": 12}"#)) == "policy.json: $.arches.x86.syscalls[0].name: expected a string, found a number")
        #expect(message(#"{"version": 1, "arches": []}"#) == "policy.json: $.arches: expected an object, found an array")
        #expect(message(#"{"version": 1, "learned": "yes", "arches": {}}"#)
            == "policy.json: $.learned: expected true or false, found a string")
        #expect(message(arch(#"{"name": "dup", "count": -1}"#))
            == "policy.json: $.arches.x86.syscalls[0].count: expected an unsigned integer, found the negative number -1")
        #expect(message(arch(#"{"name": "dup", "first_seen": "yesterday"}"#)).hasSuffix(
            #"first_seen: expected a UTC time like "2025-01-31T23:59:59Z", found "yesterday""#))
    }

    @Test func conditionsThatLibseccompWouldRefuseOrMiscompileAreRefused() {
        let prefix = "policy.json: $.arches.x86.syscalls[0].conditions"
        // x86 compares 32 bits only: libseccomp would silently drop the high word.
        #expect(message(arch(#"{"name": "dup", "conditions": [[{"index": 0, "op": "eq", "value": 4294967296}]]}"#))
            == prefix + "[0][0].value: 4294967296 does not fit the 32-bit arguments of x86 "
            + "(libseccomp would silently compare only the low bits)")
        #expect(message(arch(#"{"name": "dup", "conditions": [[{"index": 0, "op": "eq", "value": 4294967296}]]}"#, arch: "x86_64"))
            == "no error")
        #expect(message(arch(#"{"name": "dup", "conditions": [[{"index": 0, "op": "eq", "value": 1}, {"index": 0, "op": "ne", "value": 2}]]}"#))
            .hasPrefix(prefix + "[0][1].index: argument 0 is compared twice in one alternative"))
        #expect(message(arch(#"{"name": "dup", "conditions": [[{"index": 0, "op": "masked_eq", "value": 1}]]}"#))
            == prefix + #"[0][0]: missing field "mask" (op masked_eq compares argument & mask with value)"#)
        #expect(message(arch(#"{"name": "dup", "conditions": [[{"index": 0, "op": "eq", "value": 1, "mask": 1}]]}"#))
            == prefix + #"[0][0].mask: "mask" is only for op masked_eq, not eq"#)
        #expect(message(arch(#"{"name": "dup", "conditions": [[{"index": 0, "op": "masked_eq", "value": 3, "mask": 1}]]}"#))
            .hasSuffix("value 0x3 has bits outside mask 0x1: the comparison could never hold"))
        #expect(message(arch(#"{"name": "dup", "conditions": []}"#)).hasPrefix(prefix + ": expected at least one alternative"))
        #expect(message(arch(#"{"name": "dup", "conditions": [[]]}"#)).hasPrefix(prefix + "[0]: expected at least one comparison"))
        // socket on x86 is reached through socketcall: its arguments cannot be checked.
        #expect(message(arch(#"{"name": "socket", "conditions": [[{"index": 0, "op": "eq", "value": 2}]]}"#))
            .hasPrefix(prefix + ": conditions on socket cannot be enforced on x86"))
    }

    @Test func defaultActionAndVersionAreChecked() {
        #expect(message(#"{"version": 2, "arches": {}}"#) == "policy.json: $.version: this barracks reads policy version 1, found 2")
        #expect(message(#"{"arches": {}}"#) == #"policy.json: $: missing field "version""#)
        #expect(message(#"{"version": 1, "arches": {}, "default_action": "kill"}"#)
            == #"policy.json: $.default_action: expected "kill_process", "errno" or "log", found "kill""#)
        #expect(message(#"{"version": 1, "arches": {}, "default_action": "errno"}"#)
            == #"policy.json: $: missing field "default_errno" (default_action errno needs an errno name or number)"#)
        #expect(message(#"{"version": 1, "arches": {}, "default_action": "errno", "default_errno": "EWHAT"}"#)
            .hasPrefix(#"policy.json: $.default_errno: unknown errno name "EWHAT""#))
        #expect(message(#"{"version": 1, "arches": {}, "default_action": "log", "default_errno": 1}"#)
            == #"policy.json: $.default_errno: "default_errno" is only for default_action errno"#)
        #expect(message(#"{"version": 1, "arches": {}, "default_action": "errno", "default_errno": 5000}"#)
            == "policy.json: $.default_errno: expected an errno 1…4095, found 5000")
    }

    /// Truncated, byte-flipped and spliced policies give errors with a path, never a crash.
    @Test func damagedPoliciesGiveErrorsNotCrashes() {
        let original = Array(PolicyFileTests.canonical.utf8)
        var random = SplitMix64(seed: 0x9011c7)
        var errors = 0
        for round in 0..<3000 {
            var bytes = original
            switch round % 3 {
            case 0: bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random)))
            case 1:
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            default:
                let from = Int.random(in: 0..<bytes.count, using: &random)
                let to = Int.random(in: 0..<bytes.count, using: &random)
                bytes.insert(contentsOf: original[min(from, to)..<max(from, to)], at: Int.random(in: 0..<bytes.count, using: &random))
            }
            do {
                _ = try PolicyFile.decode(bytes, file: "fuzz.json")
            } catch {
                errors += 1
                #expect(error.description.hasPrefix("fuzz.json: $"), "\(error)")
            }
        }
        #expect(errors > 2000)
    }
}
