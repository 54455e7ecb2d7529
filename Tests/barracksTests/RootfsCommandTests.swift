import Foundation
import POSIX
import Testing
import TestSupport

/// `barracks rootfs` end to end, with the built binary, from the demo mirror as a local
/// directory (the HTTP path is covered by the Alpine tests), caching in a scratch
/// XDG_CACHE_HOME.
@Suite struct RootfsCommandTests {
    static let mirror: Result<String, MirrorMissing> = {
        let root = Repository.root + "/.build/provision-demo-mirror-cli"
        guard let made = try? run(Repository.root + "/scripts/make-demo-mirror", [root]), made.status.succeeded else {
            return .failure(MirrorMissing())
        }
        return .success(root)
    }()

    struct MirrorMissing: Error, CustomStringConvertible {
        var description: String { "make-demo-mirror failed (run scripts/install-deps)" }
    }

    /// Writes a manifest in `dir` whose mirror and keys are relative to it.
    private func manifest(in dir: String, name: String = "manifest.json", packages: [String] = ["musl", "busybox"],
                          arch: String = "x86") throws -> String {
        let mirror = try Self.mirror.get()
        if !FileTree.exists(dir + "/mirror") {
            try FileManager.default.createSymbolicLink(atPath: dir + "/mirror", withDestinationPath: mirror)
        }
        let path = dir + "/" + name
        let list = packages.map { "\"\($0)\"" }.joined(separator: ", ")
        try writeFile(path, """
            {"name": "t", "alpine": {"mirror": "mirror", "branch": "v3.24", "arch": "\(arch)", "packages": [\(list)], "keys": "mirror/keys"},
             "app": {"url": "app.zip", "entry": "app"}}
            """)
        return path
    }

    private func barracks(_ arguments: [String], _ dir: String) throws -> ProcessResult {
        try runBarracks(arguments, environment: ["XDG_CACHE_HOME": dir + "/cache", "PATH": "/usr/bin:/bin"])
    }

    /// libcurl and libarchive are opened on first use, not at start-up: with neither
    /// loadable, `inspect` and a root from a local mirror still work, and a download or an
    /// app to unpack fails saying what to install.
    @Test func withoutLoadableLibcurlAndLibarchiveOnlyWhatNeedsThemFails() throws {
        try withScratch("nocurl") { dir in
            let local = try manifest(in: dir)
            try FileManager.default.createDirectory(atPath: dir + "/lib", withIntermediateDirectories: true)
            try writeFile(dir + "/lib/libcurl.so.4", "")  // found first, and not a library
            try writeFile(dir + "/lib/libarchive.so.13", "")
            let environment = ["XDG_CACHE_HOME": dir + "/cache", "PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": dir + "/lib"]
            let inspect = try runBarracks(["inspect", "/bin/true"], environment: environment)
            #expect(inspect.status == .exited(0), "\(inspect.errorOutput)")
            let root = try runBarracks(["rootfs", local, "--out", dir + "/local-root"], environment: environment)
            #expect(root.status == .exited(0), "\(root.errorOutput)")
            #expect(FileTree.exists(dir + "/local-root/lib/ld-musl-i386.so.1"))

            try writeFile(dir + "/http.json", """
                {"name": "t", "alpine": {"mirror": "http://127.0.0.1:9/alpine", "branch": "v3.24", "arch": "x86", "packages": ["musl"], "keys": "mirror/keys"},
                 "app": {"url": "app.zip", "entry": "app"}}
                """)
            let result = try runBarracks(["rootfs", dir + "/http.json", "--out", dir + "/out"], environment: environment)
            #expect(result.status == .exited(1))
            #expect(result.errorOutput.contains("libcurl could not be loaded (\(dir)/lib/libcurl.so.4: file too short)"), "\(result.errorOutput)")
            #expect(result.errorOutput.contains("(Debian: apt-get install libcurl4), then try again"))
            #expect(!result.errorOutput.contains("check the network"))
            #expect(!FileTree.exists(dir + "/out"))

            let zip = try run("/usr/bin/python3", ["-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1], 'w').writestr('app/app', 'x')", dir + "/app.zip"])
            try #require(zip.status.succeeded)
            let build = try runBarracks(["build", local, "--out", dir + "/bundle", "-q"], environment: environment)
            #expect(build.status == .exited(1))
            #expect(build.errorOutput.contains("app.zip: libarchive could not be loaded (\(dir)/lib/libarchive.so.13: file too short)"), "\(build.errorOutput)")
            #expect(build.errorOutput.contains("(Debian: apt-get install libarchive13), then try again"))
            #expect(!FileTree.exists(dir + "/bundle/run"))
        }
    }

    @Test func buildsTheRootAndPrintsThePackages() throws {
        try withScratch("rootfs") { dir in
            let manifest = try manifest(in: dir)
            let result = try barracks(["rootfs", manifest, "--out", dir + "/out"], dir)
            #expect(result.status == .exited(0), "\(result.errorOutput)")
            let lines = result.output.split(separator: "\n").map(String.init)
            #expect(lines.first?.split(separator: " ") == ["PACKAGE", "VERSION", "ARCH", "SIZE", "INSTALLED"])
            #expect(lines.contains { $0.hasPrefix("busybox") && $0.contains("1.35.0-r0") && $0.contains("x86") && $0.contains("MiB") })
            #expect(lines.contains { $0.hasPrefix("musl") && $0.contains("1.2.3-r0") && $0.contains("KiB") })
            #expect(lines.last?.hasPrefix("wrote \(dir)/out: 2 packages") == true)
            #expect(try readFile(dir + "/out/lib/ld-musl-i386.so.1") == readFile(MuslRoot.loaderSource))
            #expect(result.errorOutput.isEmpty, "not a terminal: no progress; no warnings")

            let again = try barracks(["rootfs", manifest, "--out", dir + "/again", "--json"], dir)
            #expect(again.status == .exited(0), "\(again.errorOutput)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(again.output.utf8)) as? [String: Any])
            #expect(object["reused"] as? Bool == true && object["root"] as? String == dir + "/again")
            #expect(object["arch"] as? String == "x86" && object["installer"] as? String == "native")
            let packages = try #require(object["packages"] as? [[String: Any]])
            #expect(packages.compactMap { $0["name"] as? String } == ["busybox", "musl"])
            #expect(packages.allSatisfy { ($0["checksum"] as? String)?.hasPrefix("Q1") == true && ($0["sha256"] as? String)?.count == 64 })
            #expect((object["indexes"] as? [[String: Any]])?.count == 1)
            #expect(FileManager.default.fileExists(atPath: dir + "/again/bin/busybox"))
        }
    }

    @Test func leavesTheDestinationUntouchedOnFailure() throws {
        try withScratch("rootfs-fail") { dir in
            let manifest = try manifest(in: dir, packages: ["musl", "no-such-package"])
            let missing = try barracks(["rootfs", manifest, "--out", dir + "/out"], dir)
            #expect(missing.status == .exited(1))
            #expect(missing.errorOutput.contains("world → no-such-package: no package provides it"), "\(missing.errorOutput)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/out"))

            try FileTree.makeDirectories(dir + "/empty")
            let intoEmpty = try barracks(["rootfs", manifest, "--out", dir + "/empty"], dir)
            #expect(intoEmpty.status == .exited(1))
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/empty").isEmpty)

            try writeFile(dir + "/full/mine", "keep")
            let good = try self.manifest(in: dir, name: "good.json", packages: ["musl"])
            let intoFull = try barracks(["rootfs", good, "--out", dir + "/full"], dir)
            #expect(intoFull.status == .exited(1))
            #expect(intoFull.errorOutput.contains("exists and is not an empty directory"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/full") == ["mine"])
            #expect(!(try FileManager.default.contentsOfDirectory(atPath: dir)).contains { $0.contains(".partial-") })
        }
    }

    @Test func usageErrors() throws {
        try withScratch("rootfs-usage") { dir in
            let auto = try manifest(in: dir, arch: "auto")
            let noArch = try barracks(["rootfs", auto, "--out", dir + "/out"], dir)
            #expect(noArch.status == .exited(2))
            #expect(noArch.errorOutput.contains("alpine.arch is \"auto\""))
            #expect(noArch.errorOutput.contains("usage: barracks rootfs MANIFEST --out DIR"))

            let withArch = try barracks(["rootfs", auto, "--out", dir + "/out", "--arch", "x86", "--quiet"], dir)
            #expect(withArch.status == .exited(0), "\(withArch.errorOutput)")

            let noOut = try barracks(["rootfs", auto], dir)
            #expect(noOut.status == .exited(2) && noOut.errorOutput.contains("rootfs needs --out DIR"))
            let noManifest = try barracks(["rootfs", "--out", dir + "/x"], dir)
            #expect(noManifest.status == .exited(2) && noManifest.errorOutput.contains("missing argument"))
            let help = try barracks(["rootfs", "--help"], dir)
            #expect(help.status == .exited(0))
            for option in ["--out DIR", "--arch ARCH", "--offline", "--run-scripts", "--json", "--quiet"] {
                #expect(help.output.contains(option), "\(option)")
            }
        }
    }
}
