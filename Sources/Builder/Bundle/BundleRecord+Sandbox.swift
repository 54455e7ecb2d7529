import Sandbox

extension BundleRecord {
    /// The launcher's description of this bundle, with `seccomp` as its filter mode: what
    /// `build` writes `run` from, and what `learn` rewrites it from.
    public func sandboxSpec(seccomp: SandboxSpec.SeccompMode) -> SandboxSpec {
        SandboxSpec(name: name, mountPoint: mount, entry: entry, arguments: sandbox.args, statePaths: sandbox.state,
                    network: sandbox.network == "none" ? .none : .host, resolvConf: sandbox.resolvConf, proc: sandbox.proc,
                    environment: sandbox.env, seccomp: seccomp)
    }
}
