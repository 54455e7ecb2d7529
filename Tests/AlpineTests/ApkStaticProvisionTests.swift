import Alpine
import Fetch
import Foundation
import POSIX
import Testing
import TestSupport

/// The apk.static installer. The real apk.static cannot be obtained here: the demo mirror's
/// `apk-tools-static` holds a TEST DOUBLE (scripts/apk-static-test-double.sh) that records
/// its command line, working directory and environment. Everything before running it is
/// real: the x86_64 index and package fetched over loopback HTTP and verified, the binary
/// extracted into the cache and its detached signature checked.
@Suite struct ApkStaticProvisionTests {
    /// One recorded call of the test double.
    struct Invocation {
        var arguments: [String] = []
        var workingDirectory = ""
        var environment: [String] = []
    }

    static func invocations(_ log: String) throws -> [Invocation] {
        var result: [Invocation] = []
        var current = Invocation()
        for line in try ProvisionFixtures.text("/", log).split(separator: "\n").map(String.init) {
            if line == "invocation" { current = Invocation() }
            else if line == "end" { result.append(current) }
            else if line.hasPrefix("argv["), !line.hasPrefix("argv[0]=") { current.arguments.append(String(line.drop { $0 != "=" }.dropFirst())) }
            else if line.hasPrefix("cwd=") { current.workingDirectory = String(line.dropFirst(4)) }
            else if line.hasPrefix("env=") { current.environment.append(String(line.dropFirst(4))) }
        }
        return result
    }

    private func provisioner(_ dir: String, log: String, exit: Int? = nil) -> Provisioner {
        var provisioner = ProvisionFixtures.provisioner(cache: dir + "/cache")
        provisioner.apkStaticEnvironment = ["APK_STATIC_TEST_DOUBLE_LOG": log]
        if let exit { provisioner.apkStaticEnvironment["APK_STATIC_TEST_DOUBLE_EXIT"] = String(exit) }
        return provisioner
    }

    @Test func runsApkStaticWithTheExactCommandLineAndACleanEnvironment() throws {
        let mirror = try ProvisionFixtures.demoMirror.get()
        try withScratch("apk-static") { dir in
            try withLoopbackServer(serving: mirror.root, tls: false) { server in
                let log = dir + "/double.log"
                let request = ProvisionFixtures.request(mirror: server.url(""), keys: mirror.keys, installer: .apkStatic)
                let root = try provisioner(dir, log: log).provision(request)

                let calls = try Self.invocations(log)
                try #require(calls.count == 1)
                let call = calls[0]
                let building = call.arguments.count > 1 ? call.arguments[1] : ""
                #expect(building.hasPrefix(dir + "/cache/roots/.building-") && building.hasSuffix("/root"),
                        "apk.static works on the build directory, renamed into place afterwards")
                #expect(call.arguments == ["--root", building, "--initdb", "--arch", "x86", "--keys-dir", "etc/apk/keys",
                                           "--repository", server.url("/v3.24/main"), "--update-cache", "--no-cache",
                                           "add", "musl", "busybox"])
                #expect(!call.arguments.contains("--allow-untrusted"))
                #expect(call.workingDirectory == building)
                #expect(call.environment.filter { !$0.hasPrefix("PWD=") }.sorted()
                        == ["APK_STATIC_TEST_DOUBLE_LOG=\(log)", "PATH=/usr/sbin:/usr/bin:/sbin:/bin"])

                // The keys apk will trust, inside the root (--keys-dir is relative to --root).
                let keys = try FileManager.default.contentsOfDirectory(atPath: root.path + "/etc/apk/keys").sorted()
                #expect(keys == (AlpinePublicKeys.keyNames(for: "x86") + [mirror.summary.key]).sorted())
                #expect(root.path.hasPrefix(dir + "/cache/roots/") && !root.path.contains(".building-"))

                // The x86_64 index supplied apk-tools-static; the package was verified and fetched once.
                #expect(root.indexes.map(\.url) == [server.url("/v3.24/main/x86/APKINDEX.tar.gz"),
                                                    server.url("/v3.24/main/x86_64/APKINDEX.tar.gz")])
                #expect(root.indexes.allSatisfy { $0.key == mirror.summary.key })
                let fetched = try server.requests().map(\.path).filter { $0.hasSuffix(".apk") }
                #expect(fetched == ["/v3.24/main/x86_64/apk-tools-static-3.0.8-r0.apk"], "apk.static fetches the packages itself")
                #expect(root.packages.map(\.name) == ["busybox", "musl"] && root.packages.allSatisfy { $0.sha256 == nil })
                // The test double installs nothing, which is said.
                #expect(root.warnings.contains { $0.contains("apk.static left no lib/apk/db/installed") })

                let staticPackage = try mirror.package("apk-tools-static", arch: "x86_64")
                let cached = try #require(try FileManager.default.contentsOfDirectory(atPath: dir + "/cache/apk-static").first)
                #expect("Q1" + Data(try #require(Data(hexString: cached))).base64EncodedString() == staticPackage.checksum)
            }
        }
    }

    @Test func allowUntrustedIsPassedOnlyWhenTheRequestSaysSo() throws {
        let mirror = try ProvisionFixtures.demoMirror.get()
        try withScratch("apk-static-untrusted") { dir in
            let log = dir + "/double.log"
            var request = ProvisionFixtures.request(mirror: mirror.root, keys: mirror.keys, installer: .apkStatic)
            request.allowUntrusted = true
            let root = try provisioner(dir, log: log).provision(request)
            let call = try #require(try Self.invocations(log).first)
            #expect(Array(call.arguments.suffix(5)) == ["--no-cache", "--allow-untrusted", "add", "musl", "busybox"])
            #expect(call.arguments.contains("--repository") && call.arguments.contains(mirror.root + "/v3.24/main"))
            #expect(root.warnings.first?.hasPrefix("allow_untrusted is set") == true)
        }
    }

    @Test func aTamperedApkStaticIsRefused() throws {
        let mirror = try ProvisionFixtures.demoMirror.get()
        try withScratch("apk-static-tampered") { dir in
            let log = dir + "/double.log"
            let provisioner = provisioner(dir, log: log)
            _ = try provisioner.provision(ProvisionFixtures.request(mirror: mirror.root, keys: mirror.keys, installer: .apkStatic))
            let cached = try #require(try FileManager.default.contentsOfDirectory(atPath: dir + "/cache/apk-static").first)
            let binary = dir + "/cache/apk-static/" + cached + "/sbin/apk.static"
            var bytes = try readFile(binary)
            bytes += Array("touch /tmp/owned\n".utf8)
            try writeFile(binary, bytes, mode: 0o755)

            let error = try #require(throws: ProvisionError.self) {
                try provisioner.provision(ProvisionFixtures.request(mirror: mirror.root, keys: mirror.keys, world: ["musl"], installer: .apkStatic))
            }
            #expect(error.description.contains("apk.static refused") && error.description.contains("BAD signature"), "\(error)")
            #expect(try Self.invocations(log).count == 1, "the tampered binary never ran")
            #expect(ProvisionFixtures.cachedRoots(dir + "/cache").count == 1)
        }
    }

    @Test func aFailingApkStaticIsReportedWithItsCommandLine() throws {
        let mirror = try ProvisionFixtures.demoMirror.get()
        try withScratch("apk-static-fails") { dir in
            let error = try #require(throws: ProvisionError.self) {
                try provisioner(dir, log: dir + "/double.log", exit: 3).provision(
                    ProvisionFixtures.request(mirror: mirror.root, keys: mirror.keys, installer: .apkStatic))
            }
            guard case .apkStaticFailed(let commandLine, let status, _) = error.problem else {
                Issue.record("expected apk.static to fail, got \(error)")
                return
            }
            #expect(status == "exit status 3")
            #expect(commandLine.contains("sbin/apk.static --root ") && commandLine.hasSuffix(" add musl busybox"))
            #expect(ProvisionFixtures.cachedRoots(dir + "/cache").isEmpty)
        }
    }
}

extension Data {
    /// Bytes from lowercase or uppercase hex; nil when it is not hex.
    init?(hexString: String) {
        var bytes: [UInt8] = []
        var iterator = hexString.utf8.makeIterator()
        while let high = iterator.next() {
            guard let low = iterator.next(), let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(value)
        }
        self.init(bytes)
    }
}
