import Builder
import Foundation
import POSIX
import Testing
import TestSupport

/// A build that fails — at any step, or because a disk filled up — leaves the previous bundle
/// exactly as it was, and the next build leaves nothing of it behind. Real builds of the
/// stand-in from the demo mirror over loopback HTTP, real bwrap for the link check.
@Suite struct BuildFailureTests {
    @Test(arguments: BuildStep.allCases)
    func aFailureAtAnyStepLeavesThePreviousBundleAsItWas(step: BuildStep) throws {
        try withDemoBuild("fail-\(step)") { demo in
            try demo.buildInProcess()
            let before = try TreeSnapshot(demo.bundle)
            let record = try readFile(demo.bundle + "/bundle.json")

            #expect {
                try demo.buildInProcess { $0.failAt = step; $0.force = true }
            } throws: { error in
                (error as? BuildError)?.step == step && "\(error)".contains("injected failure")
            }
            let after = try TreeSnapshot(demo.bundle)
            #expect(after.differences(from: before) == [], "the failed build changed the paths listed")
            #expect(try readFile(demo.bundle + "/bundle.json") == record)
            #expect(try demo.verify() == [])
            #expect(try demo.runsHelp(), "the previous bundle no longer starts")

            try demo.buildInProcess()
            let generations = try FileManager.default.contentsOfDirectory(atPath: demo.bundle + "/.generations")
            #expect(generations == [try #require(demo.currentGeneration())])
        }
    }

    /// Every step the build announces is one a test can stop it at, and the other way round.
    @Test func everyStepIsAnnouncedInOrder() throws {
        try withDemoBuild("steps") { demo in
            let steps = StepLog()
            var options = BuildOptions()
            options.bundleDirectory = demo.bundle
            options.cacheDirectory = demo.cache
            _ = try Build(manifest: try ManifestReader.read(demo.manifest), options: options, toolVersion: "test") { event in
                if case .step(let step, _) = event { steps.append(step) }
            }.run()
            #expect(steps.all == BuildStep.allCases)
        }
    }

    /// What SIGKILL leaves after the switch, where no test hook can stop a build: a state path
    /// being seeded, the tarball and the lock file being written (each beside its final name,
    /// with the writer's process ID). The next build removes them, and only them.
    @Test func leftoversOfAKilledBuildAreRemovedByTheNext() throws {
        try withDemoBuild("leftovers") { demo in
            try demo.buildInProcess { $0.tarball = true }
            let finished = try Subprocess("/bin/true").launch()
            let dead = finished.pid
            _ = try finished.wait()
            let running = try Subprocess("/bin/sleep", ["60"]).launch()
            defer { running.signal(SIGKILL); _ = try? running.wait() }
            try FileManager.default.removeItem(atPath: demo.scratch + "/demo.lock.json")  // killed before its first rename
            let leftovers = [demo.bundles + "/demo.tar.gz.tmp-\(dead)", demo.bundle + "/state/banned.txt.partial-\(dead)",
                             demo.bundle + "/state/logs.partial-\(dead)/console.log", demo.scratch + "/demo.lock.json.tmp-\(dead)"]
            let anotherBuilds = demo.bundles + "/demo.tar.gz.tmp-\(running.pid)"
            for path in leftovers + [anotherBuilds] { try writeFile(path, "half written") }

            try demo.buildInProcess { $0.tarball = true }
            for path in leftovers {
                #expect(!FileTree.exists(path), "\(path) is still there")
            }
            #expect(!FileTree.exists(demo.bundle + "/state/logs.partial-\(dead)"))
            #expect(FileTree.exists(anotherBuilds), "the file of a process that still runs was removed")
            #expect(FileTree.exists(demo.scratch + "/demo.lock.json"))
        }
    }

    @Test func aFullBundleDiskFailsCleanly() throws {
        try withDemoBuild("disk-bundle") { demo in
            try withSmallDisk(at: demo.bundles, size: "4m") { disk in
                try demo.buildInProcess()
                let before = try TreeSnapshot(demo.bundle)
                try disk.fill(leaving: 64 * 1024)

                // The message says what happened, and where: the bundle's directory.
                #expect {
                    try demo.buildInProcess { $0.force = true }
                } throws: { error in
                    "\(error)".contains("No space left on device") && "\(error)".contains(demo.bundle + "/")
                }
                let after = try TreeSnapshot(demo.bundle)
                #expect(after.differences(from: before) == [], "the failed build changed the paths listed")
                #expect(try demo.verify() == [])
                #expect(try demo.runsHelp())

                try FileManager.default.removeItem(atPath: demo.bundles + "/.filler")
                try demo.buildInProcess { $0.force = true }
                let generations = try FileManager.default.contentsOfDirectory(atPath: demo.bundle + "/.generations")
                #expect(generations == [try #require(demo.currentGeneration())])
            }
        }
    }

    /// A cache on a disk too small for the downloads (256 KiB: the musl package does not fit)
    /// or for the root (1 MiB: the downloads fit, the unpacked root does not).
    @Test(arguments: ["256k", "1m"])
    func aFullCacheDiskFailsCleanly(size: String) throws {
        try withDemoBuild("disk-cache-\(size)") { demo in
            try demo.buildInProcess()
            let before = try TreeSnapshot(demo.bundle)
            let cache = demo.scratch + "/small-cache"
            try withSmallDisk(at: cache, size: size) { _ in
                #expect {
                    try demo.buildInProcess { $0.cacheDirectory = cache }
                } throws: { error in
                    "\(error)".contains("No space left on device") && "\(error)".contains(cache + "/")
                }
                let after = try TreeSnapshot(demo.bundle)
                #expect(after.differences(from: before) == [], "the failed build changed the paths listed")
                #expect(try demo.verify() == [])
                try expectNoPartialEntries(in: cache)
            }
        }
    }

    /// `blobs/sha256/` holds only complete files named by their digest, and `roots/` only
    /// finished roots (with their record) and lock files.
    func expectNoPartialEntries(in cache: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let blobs = cache + "/blobs/sha256"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: blobs)) ?? [] {
            let digest = try run("sha256sum", [blobs + "/" + name]).output.prefix(64)
            #expect(String(digest) == name, "blobs/sha256/\(name) is not a complete blob", sourceLocation: sourceLocation)
        }
        let roots = cache + "/roots"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: roots)) ?? [] where !name.hasSuffix(".lock") {
            #expect(!name.hasPrefix("."), "roots/\(name) is a build left behind", sourceLocation: sourceLocation)
            #expect(FileTree.exists(roots + "/" + name + "/record.json"), "roots/\(name) has no record", sourceLocation: sourceLocation)
        }
    }
}

/// Steps as a build announces them (from its observer, on the build's thread).
final class StepLog: @unchecked Sendable {
    private let lock = NSLock()
    private var steps: [BuildStep] = []
    func append(_ step: BuildStep) { lock.withLock { steps.append(step) } }
    var all: [BuildStep] { lock.withLock { steps } }
}
