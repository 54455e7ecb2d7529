import Foundation
import POSIX
import Sandbox
import TestSupport

/// A bundle-shaped directory for launcher tests: a root holding only Debian's static i386
/// busybox and the mount points, an app whose entry is a busybox shell script, state paths,
/// and the `run` script under test.
struct MiniBundle {
    let directory: String

    /// A seccomp filter of one instruction, `RET ALLOW`: loads, and lets everything through.
    static let allowAllFilter: [UInt8] = [0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x7f]

    init(in scratch: String, script: String, state: [String] = ["logs"], seccomp: SandboxSpec.SeccompMode? = nil,
         network: SandboxSpec.Network = .host) throws {
        directory = scratch + "/bundle"
        let root = directory + "/rootfs"
        for path in ["bin", "proc", "dev", "tmp", "etc", "app"] { try FileTree.makeDirectories(root + "/" + path) }
        try copyExecutable(from: Repository.debianFixtures + "/busybox-static/bin/busybox", to: root + "/bin/busybox")
        try FileManager.default.createSymbolicLink(atPath: root + "/bin/sh", withDestinationPath: "busybox")
        try writeFile(root + "/etc/resolv.conf", "")
        try writeExecutable(directory + "/app/prog", "#!/bin/busybox sh\n" + script)
        for path in state {
            try FileTree.makeDirectories(directory + "/app/" + path)
            try FileTree.makeDirectories(directory + "/state/" + path)
        }
        try writeFile(directory + "/seccomp/filter.bpf", Self.allowAllFilter)
        let mode = try seccomp ?? .filter(sha256: Self.sha256(directory + "/seccomp/filter.bpf"))
        let spec = SandboxSpec(name: "mini", mountPoint: "/app", entry: "prog", arguments: ["fixed"], statePaths: state,
                               network: network, environment: ["GREETING": "hello there"], seccomp: mode)
        try writeExecutable(directory + "/run", LauncherScript(BwrapCommand(spec), toolVersion: "test").source)
    }

    static func sha256(_ path: String) throws -> String {
        let result = try TestSupport.run("sha256sum", [path])
        return String(result.output.prefix(64))
    }

    /// Runs `run` with `arguments` and captures its output.
    func run(_ arguments: [String] = [], input: [UInt8]? = nil, environment: [String: String]? = nil) throws -> ProcessResult {
        var process = Subprocess(directory + "/run", arguments, environment: environment)
        if let input { process.standardInput = .bytes(input) }
        return try process.run()
    }
}
