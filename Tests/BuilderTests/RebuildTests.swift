import Builder
import Foundation
import POSIX
import Seccomp
import Testing
import TestSupport

/// Rebuilding a bundle: with nothing changed, the same bytes; what the bundle learned since
/// its build is kept, and not counted twice.
@Suite struct RebuildTests {
    @Test func rebuildingWithNothingChangedGivesTheSameBytes() throws {
        try withDemoBuild("rebuild-same") { demo in
            try demo.buildInProcess()
            let record = try readFile(demo.bundle + "/bundle.json")
            let policy = try readFile(demo.bundle + "/seccomp/policy.json")
            for _ in 0..<2 {
                try demo.buildInProcess()
                #expect(try readFile(demo.bundle + "/seccomp/policy.json") == policy, "policy.json changed on a rebuild")
                #expect(try readFile(demo.bundle + "/bundle.json") == record, "bundle.json changed on a rebuild")
            }
        }
    }

    /// State paths the archive lacks: `scores.txt` becomes an empty file (a program opens it
    /// to append), `replays/` an empty directory; both writable in `state/`, both kept.
    @Test func stateTheArchiveLacksIsMadeAsTheManifestSays() throws {
        try withDemoBuild("state-missing") { demo in
            var manifest = demo.defaultManifest
            manifest.state += ["scores.txt", "replays/", "data/ranks.txt"]
            try demo.write(manifest, to: demo.manifest)
            try demo.buildInProcess()
            var st = stat()
            #expect(lstat(demo.bundle + "/state/scores.txt", &st) == 0 && st.st_mode & S_IFMT == S_IFREG && st.st_size == 0)
            #expect(lstat(demo.bundle + "/state/data/ranks.txt", &st) == 0 && st.st_mode & S_IFMT == S_IFREG)
            #expect(FileTree.isDirectory(demo.bundle + "/state/replays"))
            #expect(FileTree.isDirectory(demo.bundle + "/state/logs"), "what the archive has keeps its kind")
            try writeFile(demo.bundle + "/state/scores.txt", "alice 3\n")
            try demo.buildInProcess { $0.force = true }
            #expect(try String(contentsOfFile: demo.bundle + "/state/scores.txt", encoding: .utf8) == "alice 3\n")
            #expect(try demo.runsHelp())
        }
    }

    @Test func aRebuildKeepsWhatTheBundleLearnedWithoutCountingTwice() throws {
        try withDemoBuild("rebuild-learned") { demo in
            try demo.buildInProcess()
            let startingPoint = try PolicyFile.read(Repository.root + "/Tests/Support/standin.policy.json")
            // As `barracks learn` would leave it: a new syscall, and more sightings of one.
            var learned = try PolicyFile.read(demo.bundle + "/seccomp/policy.json")
            try learned.record("getppid", arch: "x86", count: 7)
            try learned.record("read", arch: "x86", count: 39)
            try writeFile(demo.bundle + "/seccomp/policy.json", PolicyFile.encode(learned))

            try demo.buildInProcess()
            let rebuilt = try PolicyFile.read(demo.bundle + "/seccomp/policy.json")
            let x86 = try #require(rebuilt.arches["x86"]?.syscalls)
            #expect(x86["getppid"]?.count == 7)
            #expect(x86["read"]?.count == 40)
            #expect(x86["bind"]?.count == startingPoint.arches["x86"]?.syscalls["bind"]?.count)
            #expect(Set(x86.keys) == Set(try #require(startingPoint.arches["x86"]).syscalls.keys).union(["getppid"]))
            // And the filter allows what was learned.
            let program = try BPFProgram(bytes: try readFile(demo.bundle + "/seccomp/filter.bpf"))
            let getppid = try #require(SyscallTable(arch: .x86).number(of: "getppid"))
            #expect(try BPFEvaluator.run(program, SeccompData(nr: getppid, arch: SeccompArch.x86.token)).action == .allow)
        }
    }
}
