import Foundation
import Testing
import TestSupport

/// A manifest for a small real bundle: the escape probe (scripts/build-probe: a 32-bit glibc
/// program zipped with a top-level folder and a `state-dir`) on the demo mirror's musl.
enum ProbeManifest {
    /// Builds the probe into `dir/probe`, links the demo mirror as `dir/mirror`, and writes
    /// `dir/manifest.json` (name `doctor`); returns the manifest's path.
    static func write(in dir: String, resolvConf: Bool) throws -> String {
        let mirror = try RootfsCommandTests.mirror.get()
        let built = try run(Repository.root + "/scripts/build-probe", [dir + "/probe"])
        try #require(built.status.succeeded, "\(built.errorOutput)")
        try FileManager.default.createSymbolicLink(atPath: dir + "/mirror", withDestinationPath: mirror)
        try writeFile(dir + "/manifest.json", """
            {"name": "doctor", "alpine": {"mirror": "mirror", "branch": "v3.24", "packages": ["musl"], "keys": "mirror/keys"},
             "app": {"url": "probe/probe-1.0.zip", "entry": "probe", "state": ["state-dir"]},
             "sandbox": {"network": "none", "resolv_conf": \(resolvConf)}}
            """)
        return dir + "/manifest.json"
    }

    /// The environment for `barracks build`: the usual tools, a cache of the test's own.
    static func environment(_ dir: String) -> [String: String] {
        ["PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": dir + "/cache"]
    }
}
