import Foundation
import Learning
import POSIX
import Seccomp
import Testing
import TestSupport

/// Whose syscalls count, with a 64-bit program under the real bwrap: the arch cannot tell
/// bwrap's calls from the program's, the exec can.
@Suite struct RecordingScopeTests {
    static let program = """
        #include <sys/utsname.h>
        #include <unistd.h>
        int main(void) { struct utsname name; uname(&name); return getppid() > 0 ? 0 : 1; }
        """

    /// Learns `program` under `bwrap --unshare-all … --seccomp 9` with a learning filter that
    /// lacks bwrap's native needs, so bwrap's own calls after loading the filter stop too.
    func learn(scope: RecordingScope, in dir: String) throws -> LearningResult {
        let program = try CCompiler.build("hello64", source: Self.program, flags: ["-static", "-O1"], in: dir)
        let filter = try FilterCompiler.learningFilter(for: templatePolicy)
        let file = try LearningFilterFile(filter)
        let bwrap = ["bwrap", "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev",
                     "--seccomp", "9", program]
        let script = "exec " + bwrap.map(Subprocess.shellQuoted).joined(separator: " ") + " 9<" + Subprocess.shellQuoted(file.path)
        return try withExtendedLifetime(file) {
            try Learner.run(LearningCommand("/bin/sh", ["-c", script]), options: LearningOptions(scope: scope))
        }
    }

    @Test func theExecScopeKeepsTheProgramsCallsAndLeavesBwrapsOut() throws {
        try HostRequirement.require(.bwrap, .userNamespaces, .ptrace, .seccomp)
        try withScratch("scope") { dir in
            let result = try learn(scope: .afterFilteredExec, in: dir)
            #expect(result.exitStatus == .exited(0))
            let program = result.calls.names(arch: "x86_64")
            #expect(program.isSuperset(of: ["uname", "getppid", "exit_group"]), "\(program.sorted())")
            // bwrap's execve of the program and its reaper's wait4 stopped too, but are not the program's.
            #expect(program.isDisjoint(with: ["execve", "wait4"]), "\(program.sorted())")
            #expect(result.ignored.names(arch: "x86_64").isSuperset(of: ["execve", "wait4"]))
            #expect(result.calls.names(arch: "x86").isEmpty)

            // By arch alone, bwrap's calls would have been taken for the program's.
            let byArch = try learn(scope: .arch(.x86_64), in: dir)
            #expect(byArch.calls.names(arch: "x86_64").isSuperset(of: ["execve", "wait4", "uname", "getppid"]))
            #expect(byArch.ignored.isEmpty)
        }
    }
}
