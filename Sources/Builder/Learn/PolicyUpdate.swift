import Fetch
import Foundation
import POSIX
import Sandbox
import Seccomp

/// Gives a bundle a new policy without rebuilding it: a new generation whose rootfs/ and
/// app/ are hard links to the current one's, with `seccomp/` recompiled (and proven), the
/// launcher rewritten for the new filter, and `bundle.json` re-recorded — switched in with
/// one rename, like a build. `state/` is untouched.
struct PolicyUpdate {
    let layout: BundleLayout
    let toolVersion: String

    /// Installs `policy` and returns the new record.
    func install(_ policy: Policy) throws -> BundleRecord {
        let lock = try FileLock(path: layout.lockFile)
        defer { lock.unlock() }
        var record = try BundleVerifier.record(of: layout)
        let store = GenerationStore(layout: layout)
        let staging = try store.prepare()
        do {
            let current = layout.directory + "/.current"
            for entry in ["rootfs", "app"] { try StagingFiles.linkTree(current + "/" + entry, to: staging + "/" + entry) }
            let seccomp = staging + "/seccomp"
            try StagingFiles.makeDirectory(seccomp)
            try StagingFiles.writeFile(seccomp + "/policy.json", PolicyFile.encode(policy))
            let mode: SandboxSpec.SeccompMode
            if record.seccomp.status == "disabled" {
                mode = .disabled
            } else {
                let compiled = try FilterCompiler.compile(policy, file: "seccomp/policy.json",
                                                          additions: [BwrapNativeNeeds(.unsharePID).addition],
                                                          safetyMargin: policy.learned)
                _ = try compiled.verify()
                for (name, bytes) in compiled.files { try StagingFiles.writeFile(seccomp + "/" + name, bytes) }
                let digest = SHA256.hash(compiled.program.bytes).hex
                mode = policy.learned ? .filter(sha256: digest) : .unlearned
                record.seccomp = .init(status: policy.learned ? "learned" : "unlearned", defaultAction: record.seccomp.defaultAction,
                                       filterSHA256: digest, instructions: compiled.program.instructions.count)
            }
            let launcher = LauncherScript(BwrapCommand(record.sandboxSpec(seccomp: mode)), toolVersion: toolVersion)
            try StagingFiles.writeFile(staging + "/run", Array(launcher.source.utf8), mode: 0o755)
            record.tool = "barracks \(toolVersion)"
            record.files = try ["app", "rootfs", "run", "seccomp"].flatMap { try TreeScanner.scan(staging, prefix: $0) }
            try StagingFiles.writeFile(staging + "/bundle.json", BundleRecordFile.encode(record))
            try store.commit(staging)
            return record
        } catch {
            store.abandon(staging)
            throw error
        }
    }
}
