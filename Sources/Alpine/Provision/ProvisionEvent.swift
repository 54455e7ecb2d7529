import Fetch

/// What a provisioning run reports while it works, for a progress display (the module never
/// prints). Events arrive on the thread that called ``Provisioner/provision(_:observer:)``.
public enum ProvisionEvent: Sendable {
    /// A step begins: `fetching 1 index`, `resolving musl busybox for x86`, …
    case step(String)
    /// A download's progress (indexes, packages, apk-tools-static).
    case fetch(FetchEvent)
    /// A package's data member is being extracted into the new root (native installer).
    case installing(package: String, position: Int, count: Int)
    /// An install script is running inside bwrap (`busybox-1.35.0-r0.post-install`).
    case runningScript(String)
    /// `apk.static` is running with this command line.
    case runningApkStatic(commandLine: String)
    /// The cached root with the same inputs is reused; nothing is fetched or unpacked.
    case reused(path: String)
}
