import Builder
import Foundation
import POSIX
import Testing
import TestSupport

/// Generations: built beside, switched with one rename, debris cleaned, state untouched.
@Suite struct GenerationStoreTests {
    /// Fills a staging directory the way a build would.
    func fill(_ staging: String, marker: String) throws {
        try writeFile(staging + "/run", "#!/bin/sh\necho \(marker)\n", mode: 0o755)
        try writeFile(staging + "/rootfs/lib/marker", marker)
        try writeFile(staging + "/app/prog", marker)
        try writeFile(staging + "/seccomp/policy.json", "{}")
        try writeFile(staging + "/bundle.json", "{\"marker\": \"\(marker)\"}")
    }

    @Test func commitSwitchesEverythingAtOnceAndKeepsState() throws {
        try withScratch { dir in
            let store = GenerationStore(layout: BundleLayout(directory: dir + "/bundles/demo"))
            let first = try store.prepare()
            try fill(first, marker: "one")
            try store.commit(first)
            let layout = store.layout
            #expect(try String(contentsOfFile: layout.rootfs + "/lib/marker", encoding: .utf8) == "one")
            try writeFile(layout.state + "/logs/log.txt", "kept")

            let second = try store.prepare()
            try fill(second, marker: "two")
            // Until commit, the bundle is the first generation, whole.
            #expect(try String(contentsOfFile: layout.app + "/prog", encoding: .utf8) == "one")
            try store.commit(second)
            for path in [layout.rootfs + "/lib/marker", layout.app + "/prog"] {
                #expect(try String(contentsOfFile: path, encoding: .utf8) == "two")
            }
            #expect(try String(contentsOfFile: layout.state + "/logs/log.txt", encoding: .utf8) == "kept")
            // The first generation is gone; only the current one remains.
            #expect(try FileManager.default.contentsOfDirectory(atPath: layout.generations).count == 1)
            let run = try TestSupport.run(layout.launcher, [])
            #expect(run.output == "two\n")
        }
    }

    @Test func abandonedAndInterruptedBuildsLeaveThePreviousBundleAndAreCleanedUp() throws {
        try withScratch { dir in
            let store = GenerationStore(layout: BundleLayout(directory: dir + "/b"))
            let first = try store.prepare()
            try fill(first, marker: "one")
            try store.commit(first)
            // A failed build…
            let failed = try store.prepare()
            try fill(failed, marker: "broken")
            store.abandon(failed)
            // …and one killed mid-way (its staging directory stays behind).
            let killed = try store.prepare()
            try fill(killed, marker: "killed")
            #expect(try String(contentsOfFile: store.layout.app + "/prog", encoding: .utf8) == "one")
            // The next build removes the debris.
            let next = try store.prepare()
            let names = try FileManager.default.contentsOfDirectory(atPath: store.layout.generations).sorted()
            #expect(names.count == 2)
            #expect(names.contains(store.currentGeneration()!))
            #expect(names.contains(FileTree.lastComponent(of: next)))
        }
    }

    @Test func refusesADirectoryThatIsNotABundle() throws {
        try withScratch { dir in
            try writeFile(dir + "/home/notes.txt", "mine")
            let store = GenerationStore(layout: BundleLayout(directory: dir + "/home"))
            #expect { try store.prepare() } throws: { String(describing: $0).contains("notes.txt, which no barracks bundle has") }
            #expect(try readFile(dir + "/home/notes.txt") == Array("mine".utf8))
        }
    }
}
