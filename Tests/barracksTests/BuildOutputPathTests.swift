import Foundation
import POSIX
import Testing
import TestSupport

/// `barracks build --out DIR` with the paths people type.
@Suite struct BuildOutputPathTests {
    /// Swift 6.3.1's Foundation traps on `("b" as NSString).deletingLastPathComponent`:
    /// `--out b` crashed barracks before it wrote anything.
    @Test func aOneLetterRelativeOutputDirectoryIsBuiltWithItsTarball() throws {
        try HostRequirement.require(.bwrap, .userNamespaces, .gcc32)
        try withScratch("build") { dir in
            _ = try ProbeManifest.write(in: dir, resolvConf: false)
            let result = try runBarracks(["build", "manifest.json", "--out", "b", "--tar", "--quiet"],
                                         environment: ProbeManifest.environment(dir), workingDirectory: dir)
            #expect(result.status == .exited(0), "\(result.output)\(result.errorOutput)")
            #expect(FileManager.default.isExecutableFile(atPath: dir + "/b/run"))
            #expect(FileTree.exists(dir + "/doctor.tar.gz"), "the tarball goes beside the bundle")
        }
    }
}
