import Foundation
import POSIX
import Testing
import TestSupport

/// The command-line contract: help, version, usage errors and their exit statuses,
/// and colour only where it belongs. Runs the built binary.
@Suite struct CommandLineTests {
    @Test func versionFlagPrintsTheVersion() throws {
        let result = try runBarracks(["--version"])
        #expect(result.status == .exited(0))
        #expect(result.output.hasPrefix("barracks "))
    }

    @Test func helpListsEveryCommandAndEachHasItsOwnHelp() throws {
        let top = try runBarracks(["--help"])
        #expect(top.status == .exited(0))
        let names = top.output.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { $0 != "commands:" }.dropFirst()
            .prefix { !$0.isEmpty }
            .map { String($0.split(separator: " ").first!) }
        #expect(!names.isEmpty)
        for name in names {
            let help = try runBarracks([name, "--help"])
            #expect(help.status == .exited(0), "\(name) --help")
            #expect(help.output.hasPrefix("usage: barracks \(name)"), "\(name) --help")
            let viaHelp = try runBarracks(["help", name])
            #expect(viaHelp.output == help.output)
        }
    }

    @Test func noArgumentsIsAUsageError() throws {
        let result = try runBarracks([])
        #expect(result.status == .exited(2))
        #expect(result.errorOutput.contains("usage: barracks COMMAND"))
    }

    @Test func unknownCommandAndUnknownOptionExitWithStatus2AndUsage() throws {
        let command = try runBarracks(["frobnicate"])
        #expect(command.status == .exited(2))
        #expect(command.errorOutput.contains("unknown command 'frobnicate'"))

        let option = try runBarracks(["version", "--frob"])
        #expect(option.status == .exited(2))
        #expect(option.errorOutput.contains("unknown option --frob"))
        #expect(option.errorOutput.contains("usage: barracks version"))
        #expect(option.output.isEmpty)
    }

    @Test func extraArgumentIsAUsageError() throws {
        let result = try runBarracks(["version", "extra"])
        #expect(result.status == .exited(2))
        #expect(result.errorOutput.contains("unexpected argument extra"))
    }

    @Test func noColourWhenNotATerminal() throws {
        let result = try runBarracks(["frobnicate"])
        #expect(!result.errorOutput.contains("\u{1b}["))
    }

    @Test func colourOnATerminalUnlessNoColorIsSet() throws {
        // script(1) gives barracks a real pseudo-terminal.
        let withColour = try run("/usr/bin/script", ["-qec", "\(Repository.barracks) frobnicate", "/dev/null"],
                                 environment: ["TERM": "xterm", "PATH": "/usr/bin:/bin"])
        #expect(withColour.output.contains("\u{1b}[31;1mbarracks: error:"))
        let without = try run("/usr/bin/script", ["-qec", "\(Repository.barracks) frobnicate", "/dev/null"],
                              environment: ["TERM": "xterm", "NO_COLOR": "1", "PATH": "/usr/bin:/bin"])
        #expect(without.output.contains("barracks: error:"))
        #expect(!without.output.contains("\u{1b}["))
    }
}
