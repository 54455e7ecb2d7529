import Builder
import Foundation
import POSIX
import Testing
import TestSupport

/// `bundle.json` round trip, and verify naming each difference.
@Suite struct BundleVerifierTests {
    /// A committed bundle with a record listing its files.
    func makeBundle(_ dir: String) throws -> BundleLayout {
        let store = GenerationStore(layout: BundleLayout(directory: dir + "/bundle"))
        let staging = try store.prepare()
        try writeFile(staging + "/run", "#!/bin/sh\n", mode: 0o755)
        try writeFile(staging + "/rootfs/lib/ld-musl-i386.so.1", "loader", mode: 0o755)
        try FileManager.default.createSymbolicLink(atPath: staging + "/rootfs/lib/ld-linux.so.2", withDestinationPath: "ld-musl-i386.so.1")
        try writeFile(staging + "/app/server", "program", mode: 0o755)
        try writeFile(staging + "/seccomp/filter.bpf", [6, 0, 0, 0, 0, 0, 0xff, 0x7f])
        let files = try ["app", "rootfs", "run", "seccomp"].flatMap { try TreeScanner.scan(staging, prefix: $0) }
        let record = BundleRecord(name: "t", tool: "barracks test", app: .init(url: "https://x/a.zip", sha256: String(repeating: "0", count: 64)),
                                  entry: "server", mount: "/app", interpreter: "/lib/ld-linux.so.2", loaderLink: "ld-musl-i386.so.1",
                                  alpineArch: "x86", indexes: [], packages: [.init(name: "musl", version: "1.2.3-r0", arch: "x86", checksum: "Q1abc=")],
                                  seccomp: .init(status: "learned", defaultAction: "kill_process", filterSHA256: "ff", instructions: 1),
                                  sandbox: .init(args: ["-p", "1"], state: ["logs"], network: "host", resolvConf: true, proc: true, env: ["TZ": "UTC"]),
                                  files: files)
        try writeFile(staging + "/bundle.json", BundleRecordFile.encode(record))
        try store.commit(staging)
        return store.layout
    }

    @Test func recordRoundTripsByteForByte() throws {
        try withScratch { dir in
            let layout = try makeBundle(dir)
            let bytes = try readFile(layout.record)
            let record = try BundleRecordFile.decode(bytes, file: "bundle.json")
            #expect(BundleRecordFile.encode(record) == bytes)
            #expect(record.files.contains { $0.path == "rootfs/lib/ld-linux.so.2" && $0.kind == .symlink(target: "ld-musl-i386.so.1") })
            #expect(record.files.contains { $0.path == "app/server" && $0.mode == 0o755 })
        }
    }

    @Test func intactBundleHasNoDifferences() throws {
        try withScratch { dir in
            let layout = try makeBundle(dir)
            #expect(try BundleVerifier.verify(layout).isEmpty)
        }
    }

    @Test func namesEveryKindOfChange() throws {
        try withScratch { dir in
            let layout = try makeBundle(dir)
            try writeFile(layout.app + "/server", "patched", mode: 0o755)
            chmod(layout.rootfs + "/lib/ld-musl-i386.so.1", 0o777)
            try FileManager.default.removeItem(atPath: layout.rootfs + "/lib/ld-linux.so.2")
            try FileManager.default.createSymbolicLink(atPath: layout.rootfs + "/lib/ld-linux.so.2", withDestinationPath: "/bin/sh")
            try FileManager.default.removeItem(atPath: layout.seccomp + "/filter.bpf")
            try writeFile(layout.app + "/extra", "dropped in")
            let differences = try BundleVerifier.verify(layout).map(\.description)
            let (before, after) = (try sha("program"), try sha("patched"))
            #expect(differences == [
                "added: app/extra (file)",
                "changed: app/server (content differs: 7 bytes sha256 \(before)…, now 7 bytes sha256 \(after)…)",
                "changed: rootfs/lib/ld-linux.so.2 (link target was ld-musl-i386.so.1, now /bin/sh)",
                "changed: rootfs/lib/ld-musl-i386.so.1 (mode was 0755, now 0777)",
                "missing: seccomp/filter.bpf (file)",
            ])
        }
    }

    @Test func aDirectoryWithoutRecordIsNotABundle() throws {
        try withScratch { dir in
            #expect { try BundleVerifier.verify(BundleLayout(directory: dir)) } throws: { String(describing: $0).contains("is not a bundle") }
        }
    }

    func sha(_ text: String) throws -> String {
        try withScratch { dir in
            try writeFile(dir + "/f", text)
            return String(try TestSupport.run("sha256sum", [dir + "/f"]).output.prefix(12))
        }
    }
}
