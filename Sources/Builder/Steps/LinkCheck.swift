import POSIX
import Sandbox

/// Runs the bundle root's own loader in `--list` mode on the program, inside bwrap with the
/// bundle's root and app and nothing else: the loader maps and relocates everything (and names
/// every library or symbol it cannot find) without running any of the program's code.
struct LinkCheck {
    let staging: String
    let mountPoint: String
    let entry: String
    /// The loader's runtime path inside the root (`/lib/ld-musl-i386.so.1`).
    let loader: String

    func run() throws {
        guard let bwrap = try BwrapInstallation.find() else {
            throw BuildError(step: .linkCheck, "bwrap is not installed, so the root's loader cannot be tried: install bubblewrap, or build with --no-link-check")
        }
        let arguments = [
            "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--clearenv",
            "--ro-bind", staging + "/rootfs", "/", "--ro-bind", staging + "/app", mountPoint, "--chdir", mountPoint,
            "--", loader, "--list", mountPoint + "/" + entry,
        ]
        let result = try Subprocess(bwrap.path, arguments).run()
        guard result.status.succeeded else {
            let output = (result.errorOutput + result.output).split(separator: "\n").prefix(20).joined(separator: "\n")
            throw BuildError(step: .linkCheck, "the root's loader \(loader) cannot load \(mountPoint)/\(entry) (\(result.status)):\n\(output)")
        }
    }
}
