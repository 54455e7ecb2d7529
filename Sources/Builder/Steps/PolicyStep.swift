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
            policy.merge(try PolicyFile.read(previous.seccomp + "/policy.json"))
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

    static func action(_ name: String) throws -> DefaultAction {
        switch name {
        case "kill_process": return .killProcess
        case "log": return .log
        case "errno": return .errno(38)  // ENOSYS: new libc versions fall back on it
        default: throw BuildError(step: .policy, "unknown default action \(name)")
        }
    }
}

