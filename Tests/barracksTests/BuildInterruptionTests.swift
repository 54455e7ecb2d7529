#if canImport(Glibc)
import Glibc
#endif
import Builder
import Foundation
import POSIX
import Testing
import TestSupport

/// `barracks build` killed with SIGKILL at each step of the pipeline (it waits there when
/// `BARRACKS_TEST_PAUSE_AT` names the step): the previous bundle stays whole and usable, and
/// the next build succeeds and leaves no debris in the bundle, in `bundles/` or in the cache.
@Suite struct BuildInterruptionTests {
    @Test(arguments: BuildStep.allCases)
    func killedAtAnyStepTheNextBuildCleansUp(step: BuildStep) throws {
        try withDemoBuild("kill-\(step)") { demo in
            let first = try demo.build()
            try #require(first.status == .exited(0), "\(first.errorOutput)")
            let record = try readFile(demo.bundle + "/bundle.json")
            let before = try TreeSnapshot(demo.bundle)

            var command = demo.buildCommand(["--force"], environment: ["BARRACKS_TEST_PAUSE_AT": step.rawValue])
            let errors = demo.scratch + "/killed.err"
            command.standardOutput = .discard
            command.standardError = .descriptor(try FileDescriptor.open(errors, O_WRONLY | O_CREAT | O_CLOEXEC))
            let build = try command.launch()
            defer { build.signal(SIGKILL); _ = try? build.wait() }
            var ended: POSIX.ExitStatus?
            let paused = try eventually(within: 60) {
                ended = try build.poll()
                return ended != nil || ((try? String(contentsOfFile: errors, encoding: .utf8)) ?? "").contains("paused at \(step) (test hook)")
            }
            try #require(paused && ended == nil,
                         "the build never stopped at \(step): \(ended.map(String.init(describing:)) ?? "still running"); \((try? String(contentsOfFile: errors, encoding: .utf8)) ?? "")")
            build.signal(SIGKILL)
            #expect(try build.wait() == .signalled(SIGKILL))

            // The previous bundle, as it was (debris of the killed build aside) and usable.
            let afterKill = try TreeSnapshot(demo.bundle)
            let changed = afterKill.differences(from: before).filter { !Self.isDebris($0) }
            #expect(changed.isEmpty, "the killed build changed \(changed)")
            #expect(try readFile(demo.bundle + "/bundle.json") == record)
            let verified = try demo.barracks(["verify", demo.bundle])
            #expect(verified.status == .exited(0), "\(verified.output)\(verified.errorOutput)")
            let help = try run(demo.bundle + "/run", ["--help"], environment: demo.environment)
            #expect(help.status == .exited(0) && help.output.contains("usage: standin"), "\(help.errorOutput)")

            // The next build succeeds and leaves nothing behind.
            let next = try demo.build()
            #expect(next.status == .exited(0), "\(next.errorOutput)")
            let names = try FileManager.default.contentsOfDirectory(atPath: demo.bundle).sorted()
            #expect(names == [".current", ".generations", ".lock", "app", "bundle.json", "rootfs", "run", "seccomp", "state"])
            let generations = try FileManager.default.contentsOfDirectory(atPath: demo.bundle + "/.generations")
            let current = FileTree.lastComponent(of: try FileManager.default.destinationOfSymbolicLink(atPath: demo.bundle + "/.current"))
            #expect(generations == [current])
            let state = try FileManager.default.contentsOfDirectory(atPath: demo.bundle + "/state").sorted()
            #expect(state == ["anti-cheat", "banned.txt", "bannedhw.txt", "logs"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: demo.bundles) == ["demo"])
            let roots = try FileManager.default.contentsOfDirectory(atPath: demo.cache + "/roots")
            #expect(!roots.contains { $0.hasPrefix(".") || $0.contains("partial") }, "roots/: \(roots)")
            #expect(try demo.barracks(["verify", demo.bundle]).status == .exited(0))
        }
    }

    /// What a killed build may leave until the next one: its staging generation.
    static func isDebris(_ path: String) -> Bool {
        path.hasPrefix(".generations/") && path.split(separator: "/")[1].hasSuffix(".partial")
    }
}
