import Fetch
import Foundation
import POSIX
import Seccomp
import Sandbox

/// The bundle's seccomp side: the policy (the manifest's starting point merged with what the
/// previous bundle learned, so rebuilding never forgets), compiled by name with libseccomp,
/// proven against the policy by the evaluator, and written to `seccomp/`.
struct PolicyStep {
    struct Result {
        var mode: SandboxSpec.SeccompMode
        var status: String
        var defaultAction: String
        var filterSHA256: String?
        var instructions: Int?
    }

    let manifest: Manifest
    let previousBundle: BundleLayout?
    let disabled: Bool

    func run(into seccompDirectory: String) throws -> Result {
        var policy = Policy(learned: false)
        if let file = manifest.seccomp.policy {
            policy = try PolicyFile.read(manifest.resolve(file))
        }
        if let previous = previousBundle, FileTree.exists(previous.seccomp + "/policy.json") {
            policy = Self.carriedOver(try PolicyFile.read(previous.seccomp + "/policy.json"), startingPoint: policy)
        }
        policy.defaultAction = try Self.action(manifest.seccomp.defaultAction)
        try StagingFiles.makeDirectory(seccompDirectory)
        try StagingFiles.writeFile(seccompDirectory + "/policy.json", PolicyFile.encode(policy))
        let actionName = manifest.seccomp.defaultAction
        if disabled {
            return Result(mode: .disabled, status: "disabled", defaultAction: actionName)
        }
        let needs = BwrapNativeNeeds(.unsharePID)
        let compiled = try FilterCompiler.compile(policy, file: "seccomp/policy.json", additions: [needs.addition],
                                                  safetyMargin: policy.learned)
        // The evaluator proves the filter does what the policy says (libseccomp 2.5.4 has been
        // seen to miscompile some argument conditions); a filter that does not is refused.
        _ = try compiled.verify()
        for (name, bytes) in compiled.files {
            try StagingFiles.writeFile(seccompDirectory + "/" + name, bytes)
        }
        let digest = SHA256.hash(compiled.program.bytes).hex
        let mode: SandboxSpec.SeccompMode = policy.learned ? .filter(sha256: digest) : .unlearned
        return Result(mode: mode, status: policy.learned ? "learned" : "unlearned", defaultAction: actionName,
                      filterSHA256: digest, instructions: compiled.program.instructions.count)
    }

    /// The previous bundle's policy with the manifest's starting point added: every syscall and
    /// condition of either. The previous policy already holds the starting point it was built
    /// from, so counts take the larger of the two rather than their sum: summing counted the
    /// manifest's sightings once more on every rebuild, and changed policy.json (and with it
    /// bundle.json and the tarball) when nothing had.
    static func carriedOver(_ previous: Policy, startingPoint: Policy) -> Policy {
        var result = previous
        result.learned = previous.learned || startingPoint.learned
        for (arch, archPolicy) in startingPoint.arches {
            for (name, entry) in archPolicy.syscalls {
                guard var existing = result.arches[arch]?.syscalls[name] else {
                    result.arches[arch, default: ArchPolicy()].syscalls[name] = entry
                    continue
                }
                let count = max(existing.count, entry.count)
                existing.merge(entry)
                existing.count = count
                result.arches[arch, default: ArchPolicy()].syscalls[name] = existing
            }
        }
        return result
    }

    static func action(_ name: String) throws -> DefaultAction {
        switch name {
        case "kill_process": return .killProcess
        case "log": return .log
        case "errno": return .errno(38)  // ENOSYS: new libc versions fall back on it
        default: throw BuildError(step: .policy, "unknown default action \(name)")
        }
    }
}

