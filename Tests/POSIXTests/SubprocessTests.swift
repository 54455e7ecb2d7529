import Foundation
import POSIX
import Testing
import TestSupport

@Suite struct SubprocessTests {
    @Test func capturesOutputAndExitCode() throws {
        let result = try Subprocess("/bin/sh", ["-c", "echo out; echo err >&2; exit 7"]).run()
        #expect(result.output == "out\n")
        #expect(result.errorOutput == "err\n")
        #expect(result.status == .exited(7))
        #expect(result.status.shellCode == 7)
    }

    @Test func reportsTheKillingSignal() throws {
        let result = try Subprocess("/bin/sh", ["-c", "kill -TERM $$"]).run()
        #expect(result.status == .signalled(SIGTERM))
        #expect(result.status.shellCode == 128 + SIGTERM)
    }

    @Test func largeOutputOnBothStreamsDoesNotDeadlock() throws {
        // 1 MiB on each stream: far past a pipe's 64 KiB buffer.
        let script = "head -c 1048576 /dev/zero; head -c 1048576 /dev/zero >&2"
        let result = try Subprocess("/bin/sh", ["-c", script]).run()
        #expect(result.standardOutput.count == 1 << 20)
        #expect(result.standardError.count == 1 << 20)
    }

    @Test func feedsStandardInput() throws {
        var process = Subprocess("/bin/cat")
        let input = Array(repeating: UInt8(ascii: "x"), count: 300_000)
        process.standardInput = .bytes(input)
        let result = try process.run()
        #expect(result.standardOutput == input)
    }

    @Test func usesTheGivenEnvironmentAndDirectory() throws {
        try withScratch { dir in
            let result = try Subprocess("/bin/sh", ["-c", "echo $ONLY:$HOME; pwd"], environment: ["ONLY": "yes"],
                                        workingDirectory: dir).run()
            #expect(result.output == "yes:\n\(dir)\n")
        }
    }

    @Test func searchesPathForBareNames() throws {
        let result = try Subprocess("true").run()
        #expect(result.status.succeeded)
    }

    @Test func missingExecutableIsASystemErrorNamingIt() throws {
        #expect {
            try Subprocess("/nonexistent/tool").run()
        } throws: { error in
            let described = String(describing: error)
            return described.contains("posix_spawn /nonexistent/tool") && described.contains("No such file")
        }
    }

    @Test func childStartsWithDefaultSignalHandling() throws {
        // barracks ignores SIGPIPE; a child must not inherit that.
        signal(SIGPIPE, SIG_IGN)
        let result = try Subprocess("/bin/sh", ["-c", "grep SigIgn /proc/self/status"]).run()
        let hex = result.output.split(separator: "\t").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        let ignored = try #require(UInt64(hex, radix: 16))
        #expect(ignored & (1 << (UInt64(SIGPIPE) - 1)) == 0)
    }

    @Test func quotesWordsForTheShell() {
        #expect(Subprocess.shellQuoted("plain-word") == "plain-word")
        #expect(Subprocess.shellQuoted("two words") == "'two words'")
        #expect(Subprocess.shellQuoted("it's") == "'it'\\''s'")
        #expect(Subprocess.shellQuoted("") == "''")
    }
}
