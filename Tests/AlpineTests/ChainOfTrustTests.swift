import Alpine
import Fetch
import Foundation
import POSIX
import Testing
import TestSupport

/// Every broken link of the chain of trust, made by scripts/make-apk-repo `--break` (an
/// independent Python writer), served over loopback HTTP, caught and named by the
/// provisioner; and in each case nothing is left where a root would have gone: no output
/// directory, no cached root, no build directory.
@Suite struct ChainOfTrustTests {
    /// The variants, by name: make-apk-repo arguments.
    static let variants: [String: [String]] = [
        "good": [], "index-unknown-key": ["--break", "index-unknown-key"],
        "index-bad-signature": ["--break", "index-bad-signature"], "control-mismatch": ["--break", "control-mismatch=musl"],
        "datahash-mismatch": ["--break", "datahash-mismatch=busybox"], "missing-file": ["--break", "missing-file=musl"],
        "missing-from-index": ["--break", "missing-from-index=musl"], "other-arch": ["--break", "other-arch=busybox"],
        "zero-installed-size": ["--break", "zero-installed-size=busybox"],
    ]

    /// Every variant of the musl + busybox repository, written by one Python process into
    /// `.build/` (Python's start-up is most of the cost) and kept there, named by the digest
    /// of the generator and the spec so a change to either makes a new set:
    /// `<dir>/<variant>/v3.24/main/x86/`, `<dir>/trusted/<key>.rsa.pub`.
    static let repositories: Result<String, ProvisionFixtures.FixtureFailure> = {
        let scripts = TestSupport.Repository.root + "/scripts"
        let spec = (try? JSONSerialization.data(withJSONObject: ["packages": Fixtures.muslAndBusybox], options: [.sortedKeys])) ?? Data()
        let hasher = SHA256()
        for file in ["make_apk_repo.py", "apkv2.py"] { _ = try? hasher.update(contentsOf: scripts + "/" + file) }
        hasher.update(Array(spec))
        hasher.update(Array(variants.sorted { $0.key < $1.key }.description.utf8))
        let final = TestSupport.Repository.root + "/.build/provision-trust-repos-" + hasher.finalize().hex.prefix(12)
        if FileManager.default.fileExists(atPath: final + "/trusted") { return .success(final) }
        let staging = final + ".\(getpid())"
        do {
            FileTree.removeTree(staging)
            let key = try Fixtures.sharedKey.get()
            for file in ["test@example.org-00000001.rsa", "test@example.org-00000001.rsa.pub"] {
                try writeFile(staging + "/keys/" + file, try readFile(key + "/" + file), mode: 0o600)
            }
            try writeFile(staging + "/trusted/test@example.org-00000001.rsa.pub", try readFile(key + "/test@example.org-00000001.rsa.pub"))
            try writeFile(staging + "/spec.json", Array(spec))
            let jobs = try JSONSerialization.data(withJSONObject: variants.mapValues { arguments in
                ["--arch", "x86", "--key-dir", staging + "/keys"] + arguments + [staging + "/spec.json"]
            })
            let script = """
                import json, sys
                sys.path.insert(0, sys.argv[1])
                import make_apk_repo
                for name, arguments in json.loads(sys.argv[3]).items():
                    if make_apk_repo.main(["--out", sys.argv[2] + "/" + name + "/v3.24/main/x86"] + arguments):
                        sys.exit("make-apk-repo failed for " + name)
                """
            let result = try run("python3", ["-c", script, scripts, staging, String(decoding: jobs, as: UTF8.self)])
            guard result.status.succeeded else { throw ProvisionFixtures.FixtureFailure(message: result.errorOutput) }
        } catch {
            FileTree.removeTree(staging)
            return .failure(.init(message: "cannot build the trust repositories: \(error)"))
        }
        if rename(staging, final) != 0 { FileTree.removeTree(staging) }
        return .success(final)
    }()

    /// Provisions `musl busybox` for x86 from the repository `variant`; exports the root to
    /// `<scratch>/out` when it succeeds. Checks that a failure leaves nothing behind.
    private func provision(_ variant: String, world: [String] = ["musl", "busybox"], allowUntrusted: Bool = false,
                           _ check: (Result<ProvisionedRoot, ProvisionError>, _ server: LoopbackServer, _ scratch: String) throws -> Void) throws {
        let repositories = try Self.repositories.get()
        try withScratch("trust") { dir in
            try withLoopbackServer(serving: repositories + "/" + variant, tls: false) { server in
                var request = ProvisionFixtures.request(mirror: server.url(""), keys: repositories + "/trusted", world: world)
                request.allowUntrusted = allowUntrusted
                let outcome: Result<ProvisionedRoot, ProvisionError>
                do {
                    let root = try ProvisionFixtures.provisioner(cache: dir + "/cache").provision(request)
                    try root.export(to: dir + "/out")
                    outcome = .success(root)
                } catch let error as ProvisionError {
                    outcome = .failure(error)
                    #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
                    #expect(ProvisionFixtures.cachedRoots(dir + "/cache").isEmpty, "no root, finished or partial, is cached")
                }
                try check(outcome, server, dir)
            }
        }
    }

    private func failure(_ outcome: Result<ProvisionedRoot, ProvisionError>) throws -> ProvisionError {
        switch outcome {
        case .success: throw Failure(description: "provisioning succeeded but should have failed")
        case .failure(let error): return error
        }
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    @Test func theUnbrokenRepositoryInstalls() throws {
        try provision("good") { outcome, _, dir in
            let root = try outcome.get()
            #expect(root.packages.map(\.name) == ["musl", "busybox"], "busybox needs so:libc.musl-x86.so.1: musl first")
            #expect(try readFile(dir + "/out/lib/ld-musl-i386.so.1") == Array("loader\n".utf8))
        }
    }

    @Test func indexSignedByAnUnknownKey() throws {
        try provision("index-unknown-key") { outcome, server, _ in
            let error = try failure(outcome)
            guard case .untrustedIndex(let signature) = error.problem, case .unknownKeys(let names) = signature.problem else {
                Issue.record("expected an unknown-key refusal, got \(error)")
                return
            }
            #expect(names.count == 1 && names[0].hasPrefix("unknown@example.org-"))
            #expect(signature.file == server.url("/v3.24/main/x86/APKINDEX.tar.gz"))
            #expect(try server.requests().map(\.path) == ["/v3.24/main/x86/APKINDEX.tar.gz"], "no package is fetched")
        }
    }

    @Test func indexSignatureBytesAltered() throws {
        try provision("index-bad-signature") { outcome, server, _ in
            let error = try failure(outcome)
            guard case .untrustedIndex(let signature) = error.problem, case .badSignature = signature.problem else {
                Issue.record("expected a bad signature, got \(error)")
                return
            }
            #expect(error.description.contains("BAD signature") && error.description.contains(server.url("/v3.24/main/x86/APKINDEX.tar.gz")))
        }
    }

    @Test func allowUntrustedForgivesAnUnknownSignerWithAWarningButNeverABadSignature() throws {
        try provision("index-unknown-key", allowUntrusted: true) { outcome, _, _ in
            let root = try outcome.get()
            #expect(root.indexes.first?.key == nil)
            #expect(root.warnings.contains { $0.hasPrefix("allow_untrusted is set") })
            #expect(root.warnings.contains { $0.contains("no trusted key signed it") })
        }
        try provision("index-bad-signature", allowUntrusted: true) { outcome, _, _ in
            let error = try failure(outcome)
            #expect(error.description.contains("BAD signature"))
        }
    }

    @Test func packageWhoseControlMemberDiffersFromTheIndex() throws {
        try provision("control-mismatch") { outcome, server, _ in
            let error = try failure(outcome)
            guard case .integrity(let integrity) = error.problem, case .controlMismatch = integrity.problem else {
                Issue.record("expected a C: mismatch, got \(error)")
                return
            }
            #expect(integrity.file == server.url("/v3.24/main/x86/musl-1.2.3-r0.apk"))
        }
    }

    @Test func packageWhoseDataMemberDiffersFromDatahash() throws {
        try provision("datahash-mismatch") { outcome, server, _ in
            let error = try failure(outcome)
            guard case .integrity(let integrity) = error.problem, case .dataMismatch = integrity.problem else {
                Issue.record("expected a datahash mismatch, got \(error)")
                return
            }
            #expect(integrity.file == server.url("/v3.24/main/x86/busybox-1.35.0-r0.apk"))
        }
    }

    @Test func packageFileMissingFromTheMirror() throws {
        try provision("missing-file") { outcome, server, _ in
            let error = try failure(outcome)
            guard case .downloads(let failures) = error.problem else {
                Issue.record("expected a download failure, got \(error)")
                return
            }
            #expect(failures.failures.map(\.url) == [server.url("/v3.24/main/x86/musl-1.2.3-r0.apk")])
            #expect(failures.failures.first?.reason == .httpStatus(404))
            #expect(error.description.contains("HTTP 404"))
        }
    }

    @Test func packageMissingFromTheIndex() throws {
        try provision("missing-from-index") { outcome, _, _ in
            let error = try failure(outcome)
            #expect(error.description.contains("world → musl: no package provides it"), "\(error)")
        }
    }

    @Test func indexRecordForAnotherArch() throws {
        try provision("other-arch") { outcome, server, _ in
            let error = try failure(outcome)
            guard case .resolution(let resolution, "x86") = error.problem, case .notInstallable(let refusals) = resolution.problem else {
                Issue.record("expected an uninstallable package, got \(error)")
                return
            }
            #expect(refusals == ["busybox-1.35.0-r0: arch x86_64 is neither x86 nor noarch"])
            #expect(!(try server.requests().map(\.path).contains { $0.hasSuffix(".apk") }))
        }
    }

    @Test func metaPackageInstallsNothingAsApkDoes() throws {
        try provision("zero-installed-size") { outcome, _, dir in
            let root = try outcome.get()
            #expect(!FileManager.default.fileExists(atPath: dir + "/out/bin/busybox"))
            #expect(root.warnings.contains { $0.hasPrefix("busybox-1.35.0-r0: the index gives no installed size (I:0)") })
            #expect(try ProvisionFixtures.text(dir + "/out", "lib/apk/db/installed").contains("P:busybox\nV:1.35.0-r0\nA:x86\n"))
        }
    }
}
