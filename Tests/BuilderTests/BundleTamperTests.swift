import Builder
import Foundation
import POSIX
import Testing
import TestSupport

/// A bundle changed after its build: `verify` names the file, and the launcher will not load
/// a filter that is not the one `bundle.json` records.
@Suite struct BundleTamperTests {
    @Test func verifyNamesOneChangedByteInTheApp() throws {
        try withDemoBuild("tamper-app") { demo in
            try demo.buildInProcess()
            #expect(try demo.verify() == [])
            let target = demo.bundle + "/app/soldat.ini"
            var bytes = try readFile(target)
            bytes[bytes.count / 2] ^= 0x01
            try writeFile(target, bytes, mode: 0o644)

            let differences = try demo.verify()
            #expect(differences.count == 1)
            #expect(differences.first?.hasPrefix("changed: app/soldat.ini (content differs") == true, "\(differences)")
            let cli = try demo.barracks(["verify", demo.bundle])
            #expect(cli.status == .exited(3))
            #expect((cli.output + cli.errorOutput).contains("app/soldat.ini"), "\(cli.output)\(cli.errorOutput)")
        }
    }

    @Test func theLauncherRefusesAFilterThatIsNotTheRecordedOne() throws {
        try withDemoBuild("tamper-filter") { demo in
            try demo.buildInProcess()
            #expect(try demo.runsHelp())
            // The attack: a filter that allows everything (one `ret ALLOW`) in place of the real one.
            try writeFile(demo.bundle + "/seccomp/filter.bpf", [0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x7f])
            let log = demo.bundle + "/state/logs/console.log"
            let logBefore = (try? readFile(log)) ?? []

            let refused = try run(demo.bundle + "/run", [], environment: demo.environment)
            #expect(refused.status == .exited(125))
            #expect(refused.errorOutput.contains("seccomp/filter.bpf does not match bundle.json"), "\(refused.errorOutput)")
            #expect(refused.errorOutput.contains("barracks verify"), "the message says what to do next")
            #expect(refused.output.isEmpty, "the program printed something: it ran")
            #expect(((try? readFile(log)) ?? []) == logBefore, "the program ran and logged")
            #expect(try demo.verify().contains { $0.hasPrefix("changed: seccomp/filter.bpf") })
        }
    }
}
