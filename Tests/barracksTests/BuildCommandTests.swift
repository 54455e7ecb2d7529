#if canImport(Glibc)
import Glibc
#endif
import Foundation
import POSIX
import Testing
import TestSupport

/// `barracks build` end to end with the built binary: the stand-in from the demo mirror over
/// loopback HTTP, real bwrap and seccomp; the bundle started, talked to over UDP, stopped.
@Suite struct BuildCommandTests {
    @Test func buildsRunsAnswersAndKeepsStateAcrossRebuilds() throws {
        try withDemoBuild("build-e2e") { demo in
            let built = try demo.build()
            #expect(built.status == .exited(0), "\(built.errorOutput)")
            #expect(built.output.contains("built \(demo.bundle)"))
            let fetched = try demo.server.requests().map(\.path)
            #expect(fetched.contains("/mirror/v3.24/main/x86/APKINDEX.tar.gz"))
            #expect(fetched.contains { $0.hasPrefix("/mirror/v3.24/main/x86/musl-") && $0.hasSuffix(".apk") })
            #expect(fetched.contains("/standin/standin-1.0.zip"))
            // state/ of a new bundle is seeded from the archive: files as files, directories as directories.
            let seeded = try TreeSnapshot(demo.bundle + "/state")
            #expect(seeded.entries["banned.txt"] == .file(mode: 0o644, bytes: try readFile(demo.bundle + "/app/banned.txt")))
            #expect(seeded.entries["logs/kills"] == .directory(mode: 0o755))
            #expect(seeded.paths == [".", "anti-cheat", "banned.txt", "bannedhw.txt", "logs", "logs/kills"])

            let server = try demo.start(demo.bundle + "/run")
            defer { server.signal(SIGKILL); _ = try? server.wait() }
            let talk = try demo.query(["STATUS", "BAN 203.0.113.7 aimbot", "STATUS"])
            #expect(talk.status == .exited(0), "\(talk.output)\(talk.errorOutput)\(demo.output())")
            #expect(talk.output.contains("< STANDIN OK players=0 bans=0"))
            #expect(talk.output.contains("< BANNED 203.0.113.7"))
            #expect(talk.output.contains("< STANDIN OK players=0 bans=1"))
            let banned = String(decoding: try readFile(demo.bundle + "/state/banned.txt"), as: UTF8.self)
            #expect(banned.hasSuffix("203.0.113.7:-1:aimbot\n"), "state/banned.txt: \(banned)")
            let log = demo.bundle + "/state/logs/console.log"
            #expect(String(decoding: try readFile(log), as: UTF8.self).contains("query \"STATUS\" from 127.0.0.1:"))

            server.signal(SIGTERM)
            #expect(try server.wait() == .exited(0), "\(demo.output())")
            #expect(String(decoding: try readFile(log), as: UTF8.self).contains("shutdown: SIGTERM"))

            let state = try TreeSnapshot(demo.bundle + "/state")
            let record = try readFile(demo.bundle + "/bundle.json")
            let again = try demo.build()
            #expect(again.status == .exited(0), "\(again.errorOutput)")
            let stateAfter = try TreeSnapshot(demo.bundle + "/state")
            #expect(stateAfter.differences(from: state) == [], "the rebuild changed the paths listed in state/")
            #expect(try readFile(demo.bundle + "/bundle.json") == record, "same inputs, same bundle.json")
            let verified = try demo.barracks(["verify", demo.bundle])
            #expect(verified.status == .exited(0), "\(verified.output)\(verified.errorOutput)")
        }
    }

    @Test func sameManifestSameBytesWhateverTheDirectoryTimeUmaskAndTimeZone() throws {
        try withDemoBuild("build-repro") { demo in
            let first = demo.scratch + "/one", second = demo.scratch + "/elsewhere/two"
            for directory in [first, second] { try demo.write(demo.defaultManifest, to: directory + "/demo.json") }
            let built = try demo.build(["--tar"], manifest: first + "/demo.json", out: first + "/bundles/demo", cache: first + "/cache",
                                       environment: ["TZ": "UTC"])
            #expect(built.status == .exited(0), "\(built.errorOutput)")
            usleep(1_100_000)  // another second: nothing may depend on the time of the build
            let arguments = ["build", second + "/demo.json", "--tar", "--cache", second + "/cache", "--out", second + "/bundles/demo"]
            var environment = demo.environment
            environment["TZ"] = "Pacific/Kiritimati"
            environment["SOURCE_DATE_EPOCH"] = nil
            let other = try run("/bin/sh", ["-c", "umask 077; exec \"$0\" \"$@\"", Repository.barracks] + arguments, environment: environment)
            #expect(other.status == .exited(0), "\(other.errorOutput)")
            var st = stat()
            #expect(stat(second + "/bundles/demo", &st) == 0 && st.st_mode & 0o777 == 0o700, "the umask was in effect")

            #expect(try readFile(first + "/bundles/demo/bundle.json") == readFile(second + "/bundles/demo/bundle.json"))
            let tarballs = (try readFile(first + "/bundles/demo.tar.gz"), try readFile(second + "/bundles/demo.tar.gz"))
            #expect(!tarballs.0.isEmpty && tarballs.0 == tarballs.1, "the two tarballs differ")
            #expect(try readFile(first + "/demo.lock.json") == readFile(second + "/demo.lock.json"))
        }
    }

    @Test func lockedRefusesAChangedZipAndLeavesTheBundleAndTheLockAlone() throws {
        try withDemoBuild("build-locked") { demo in
            let zip = demo.scratch + "/standin-1.0.zip"
            try copyExecutable(from: demo.inputs.zip, to: zip)
            var manifest = demo.defaultManifest
            manifest.appURL = "standin-1.0.zip"
            manifest.sha256 = nil
            try demo.write(manifest, to: demo.manifest)
            let first = try demo.build()
            #expect(first.status == .exited(0), "\(first.errorOutput)")
            let lockPath = demo.scratch + "/demo.lock.json"
            let lock = try readFile(lockPath)
            #expect(String(decoding: lock, as: UTF8.self).contains(demo.inputs.zipSHA256))
            let lockIdentity = try identity(lockPath)

            let locked = try demo.build(["--locked"])
            #expect(locked.status == .exited(0), "\(locked.errorOutput)")
            #expect(try readFile(lockPath) == lock && identity(lockPath) == lockIdentity, "--locked rewrote the lock file")

            try ZipFixture.append("one more line\n", toMember: "/README.txt", in: zip)
            let changed = String(try run("sha256sum", [zip]).output.prefix(64))
            let bundle = try TreeSnapshot(demo.bundle)
            let refused = try demo.build(["--locked"])
            #expect(refused.status == .exited(1))
            for needed in ["standin-1.0.zip", changed, demo.inputs.zipSHA256, "lock"] {
                #expect(refused.errorOutput.contains(needed), "the message lacks \(needed): \(refused.errorOutput)")
            }
            let after = try TreeSnapshot(demo.bundle)
            #expect(after.differences(from: bundle) == [], "the refused build changed the paths listed")
            #expect(try readFile(lockPath) == lock && identity(lockPath) == lockIdentity, "a refused --locked build touched the lock file")

            // Without --locked the new zip is taken, and the lock follows it.
            let unlocked = try demo.build()
            #expect(unlocked.status == .exited(0), "\(unlocked.errorOutput)")
            #expect(String(decoding: try readFile(lockPath), as: UTF8.self).contains(changed))
        }
    }

    @Test func aFortifiedProgramIsRefusedAtPreflight() throws {
        try withDemoBuild("build-fortified") { demo in
            let good = try demo.build()
            #expect(good.status == .exited(0), "\(good.errorOutput)")
            let before = try TreeSnapshot(demo.bundle)
            var manifest = demo.defaultManifest
            manifest.appURL = demo.server.url("/standin/standin-fortified-1.0.zip")
            manifest.sha256 = String(try run("sha256sum", [demo.inputs.fortifiedZip]).output.prefix(64))
            try demo.write(manifest, to: demo.manifest)

            let refused = try demo.build()
            #expect(refused.status == .exited(1))
            for needed in ["preflight", "__printf_chk", "gcompat"] {
                #expect(refused.errorOutput.contains(needed), "the message lacks \(needed): \(refused.errorOutput)")
            }
            let after = try TreeSnapshot(demo.bundle)
            #expect(after.differences(from: before) == [], "the refused build changed the paths listed")

            // Into a new bundle directory: nothing that looks like a bundle is left.
            let fresh = demo.bundles + "/fresh"
            let alsoRefused = try demo.build(out: fresh)
            #expect(alsoRefused.status == .exited(1))
            for name in ["run", "bundle.json", "app", "rootfs", "seccomp", ".current"] {
                #expect(!FileTree.exists(fresh + "/" + name), "\(name) left in a bundle that was never built")
            }
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: fresh + "/.generations")) ?? []).isEmpty)
        }
    }

    @Test func twoBuildsOfOneManifestAtOnceBothSucceed() throws {
        try withDemoBuild("build-concurrent") { demo in
            let builds = try (0..<2).map { index in
                var command = demo.buildCommand()
                command.standardOutput = .discard
                command.standardError = .descriptor(try FileDescriptor.open(demo.scratch + "/build\(index).err", O_WRONLY | O_CREAT | O_CLOEXEC))
                return try command.launch()
            }
            for (index, build) in builds.enumerated() {
                let status = try build.wait()
                let errors = (try? String(contentsOfFile: demo.scratch + "/build\(index).err", encoding: .utf8)) ?? ""
                #expect(status == .exited(0), "build \(index): \(errors)")
            }
            let verified = try demo.barracks(["verify", demo.bundle])
            #expect(verified.status == .exited(0), "\(verified.output)\(verified.errorOutput)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: demo.bundle + "/.generations").count == 1)
        }
    }

    @Test func aSecondBuildWaitsForTheFirst() throws {
        try withDemoBuild("build-lock") { demo in
            #expect(try demo.build().status == .exited(0))
            // The first build holds the bundle lock while it sits at the record step.
            var holder = demo.buildCommand(["--force"], environment: ["BARRACKS_TEST_PAUSE_AT": "record"])
            holder.standardOutput = .discard
            holder.standardError = .descriptor(try FileDescriptor.open(demo.scratch + "/holder.err", O_WRONLY | O_CREAT | O_CLOEXEC))
            let first = try holder.launch()
            defer { first.signal(SIGKILL); _ = try? first.wait() }
            let paused = eventually(within: 30) {
                ((try? String(contentsOfFile: demo.scratch + "/holder.err", encoding: .utf8)) ?? "").contains("paused at record")
            }
            try #require(paused, "the first build never reached the record step")

            var waiter = demo.buildCommand()
            waiter.standardOutput = .discard
            waiter.standardError = .descriptor(try FileDescriptor.open(demo.scratch + "/waiter.err", O_WRONLY | O_CREAT | O_CLOEXEC))
            let second = try waiter.launch()
            defer { second.signal(SIGKILL); _ = try? second.wait() }
            let waiting = eventually(within: 30) {
                ((try? String(contentsOfFile: demo.scratch + "/waiter.err", encoding: .utf8)) ?? "").contains("waiting for another build")
            }
            #expect(waiting, "the second build did not wait for the bundle lock")
            #expect(try second.poll() == nil, "the second build finished while the first held the lock")

            first.signal(SIGKILL)
            _ = try first.wait()
            let status = try second.wait()
            #expect(status == .exited(0), "\((try? String(contentsOfFile: demo.scratch + "/waiter.err", encoding: .utf8)) ?? "")")
            #expect(try demo.barracks(["verify", demo.bundle]).status == .exited(0))
        }
    }

    /// Device, inode and modification time: whether a file was rewritten, not just its bytes.
    func identity(_ path: String) throws -> [Int] {
        var st = stat()
        try #require(stat(path, &st) == 0)
        return [Int(st.st_dev), Int(st.st_ino), st.st_mtim.tv_sec, st.st_mtim.tv_nsec]
    }
}
