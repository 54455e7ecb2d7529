import POSIX

/// Runs packages' install scripts inside the new root, under bwrap: the root bound at `/`
/// (writable, as apk's chroot is), fresh `/dev` and `/proc`, every namespace unshared, no
/// network, an environment of PATH only. As apk does, each script is written to
/// `lib/apk/exec/<name>-<version>.<action>` and gets the package version as its argument;
/// it runs with the root's own `/bin/sh` (busybox). Its output is captured and shown when
/// it fails.
///
/// Mount points bwrap had to create (`dev`, `proc`) and `lib/apk/exec` are removed again by
/// ``finish(packageDirectories:)`` when the packages did not ship them, so running scripts leaves only what
/// the scripts themselves made.
final class ScriptRunner {
    private let root: String
    private let bwrap: String
    private let writer: RootWriter
    private let missingBefore: [[String]]

    /// A runner for the root at `root` of `architecture`; fails when the host cannot run it.
    init(root: String, architecture: String) throws(ProvisionError) {
        if let reason = HostPlatform.cannotExecute(architecture) {
            throw ProvisionError(.cannotRunScripts("\(reason); build without --run-scripts (the scripts are then listed, not run)"))
        }
        guard let bwrap = HostPlatform.executable("bwrap") else {
            throw ProvisionError(.cannotRunScripts("bwrap is not on PATH (install bubblewrap), or build without --run-scripts"))
        }
        self.root = root
        self.bwrap = bwrap
        let writer = RootWriter(root: root)
        self.writer = writer
        missingBefore = [["dev"], ["proc"], ["lib", "apk", "exec"]].filter { !writer.exists($0) }
    }

    /// Runs `script` as `<package>.<action>` (`busybox-1.35.0-r0.post-install`).
    func run(_ script: [UInt8], package: PackageRecord, action: String) throws(ProvisionError) {
        let name = "\(package.description).\(action)"
        guard writer.exists(["bin", "sh"]) else {
            throw ProvisionError(.cannotRunScripts("\(name) needs /bin/sh in the root, and no package installed before it provides one"))
        }
        let path = ["lib", "apk", "exec", name]
        let result: ProcessResult
        do {
            try writer.write(path, script, mode: 0o755)
            defer { writer.remove(path) }
            let arguments = ["--bind", root, "/", "--dev", "/dev", "--proc", "/proc", "--unshare-all", "--die-with-parent",
                             "--new-session", "--chdir", "/", "/bin/sh", "/" + path.joined(separator: "/"), package.version.text]
            result = try Subprocess(bwrap, arguments, environment: ["PATH": HostPlatform.standardPath]).run()
        } catch {
            throw ProvisionError(.cannotRunScripts("\(name): \(error)"))
        }
        guard result.status.succeeded else {
            throw ProvisionError(.scriptFailed(script: name, status: result.status.description,
                                               output: result.output + result.errorOutput))
        }
    }

    /// Removes the directories this runner caused to exist (when empty), unless a package
    /// installed them (`packageDirectories`: root-relative paths).
    func finish(packageDirectories: Set<String>) {
        for path in missingBefore.reversed() where !packageDirectories.contains(path.joined(separator: "/")) {
            writer.remove(path, directory: true)
        }
    }
}
