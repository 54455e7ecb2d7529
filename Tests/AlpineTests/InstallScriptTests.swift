import Alpine
import Foundation
import POSIX
import Testing
import TestSupport

/// Install scripts: listed and not run by default; with `runScripts`, run in install order
/// inside bwrap in the new root with the root's own /bin/sh (Debian's real i386 busybox),
/// their failure reported with what they printed.
@Suite struct InstallScriptTests {
    private func request(_ world: [String], runScripts: Bool) throws -> RootRequest {
        try ProvisionFixtures.customRequest(world, runScripts: runScripts)
    }

    @Test func scriptsAreListedAndNotRunByDefault() throws {
        try withScratch("scripts-listed") { dir in
            let root = try ProvisionFixtures.provisioner(cache: dir + "/cache").provision(request(["hello"], runScripts: false))
            #expect(root.packages.map(\.name) == ["busybox", "hello"])
            #expect(root.scripts == ["hello-1.0-r0.post-install"])
            #expect(!FileManager.default.fileExists(atPath: root.path + "/etc/hello-installed"))
        }
    }

    @Test func scriptsRunInsideBwrapInTheNewRootWhenAsked() throws {
        try HostRequirement.require(.bwrap, .userNamespaces)
        try withScratch("scripts-run") { dir in
            let events = ProvisionFixtures.Events()
            let root = try ProvisionFixtures.provisioner(cache: dir + "/cache").provision(request(["hello"], runScripts: true)) {
                events.record($0)
            }
            #expect(root.scripts.isEmpty)
            let ran = events.all.compactMap { event -> String? in
                if case .runningScript(let name) = event { return name } else { return nil }
            }
            #expect(ran == ["hello-1.0-r0.post-install"])
            #expect(try ProvisionFixtures.text(root.path, "etc/hello-installed") == "hello 1.0-r0 in /\n")
            // bwrap's mount points and apk's exec directory are not left in the root.
            for leftover in ["dev", "proc", "lib/apk/exec"] {
                #expect(!FileManager.default.fileExists(atPath: root.path + "/" + leftover), "\(leftover)")
            }
            #expect(FileManager.default.fileExists(atPath: root.path + "/lib/apk/db/installed"))
        }
    }

    @Test func aFailingScriptFailsTheBuildWithItsOutput() throws {
        try HostRequirement.require(.bwrap, .userNamespaces)
        try withScratch("scripts-fail") { dir in
            let error = try #require(throws: ProvisionError.self) {
                try ProvisionFixtures.provisioner(cache: dir + "/cache").provision(request(["broken"], runScripts: true))
            }
            #expect(error.problem == .scriptFailed(script: "broken-2.0-r1.post-install", status: "exit status 3",
                                                   output: "about to fail\nsomething broke\n"))
            #expect(error.description.contains("    something broke"))
            #expect(ProvisionFixtures.cachedRoots(dir + "/cache").isEmpty)
        }
    }
}
