import Foundation
import POSIX
import Testing

/// A real, small file system for disk-full tests: a tmpfs of `size` mounted on a directory
/// (root only), unmounted when the body returns. When the host will not mount one, the test
/// is skipped with the reason (or fails under `BARRACKS_REQUIRE_SANDBOX=1`).
///
///     try withSmallDisk(at: dir + "/bundles", size: "4m") { disk in
///         … build once, then disk.fill(leaving: 64 * 1024) and build again …
///     }
public struct SmallDisk: Sendable {
    /// Where the tmpfs is mounted.
    public let path: String

    /// Writes a filler file so that only about `bytes` stay free (tmpfs counts whole pages).
    public func fill(leaving bytes: Int) throws {
        let free = try freeBytes()
        guard free > bytes else { return }
        let filler = path + "/.filler"
        let result = try run("/usr/bin/fallocate", ["-l", String(free - bytes), filler])
        guard result.status.succeeded else { throw SmallDiskError(description: "fallocate: \(result.errorOutput)") }
    }

    /// Bytes still free for an unprivileged writer.
    public func freeBytes() throws -> Int {
        let result = try run("/usr/bin/stat", ["-f", "-c", "%a %S", path])
        let fields = result.output.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard result.status.succeeded, fields.count == 2 else { throw SmallDiskError(description: "stat -f \(path): \(result.errorOutput)") }
        return fields[0] * fields[1]
    }
}

struct SmallDiskError: Error, CustomStringConvertible {
    let description: String
}

/// Mounts a tmpfs of `size` (`mount -o size=`, e.g. `"1m"`) on `path` (created if missing) for
/// the length of `body`.
@discardableResult
public func withSmallDisk<R>(at path: String, size: String, _ body: (SmallDisk) throws -> R) throws -> R {
    try FileTree.makeDirectories(path)
    let mounted = try run("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=\(size),mode=0755", "tmpfs", path])
    guard mounted.status.succeeded else {
        try HostRequirement.unavailable("cannot mount a tmpfs for the disk-full test (root needed): \(mounted.errorOutput)")
        throw SmallDiskError(description: "unreachable: the test was cancelled")
    }
    defer {
        if (try? run("/usr/bin/umount", [path]))?.status.succeeded != true {
            _ = try? run("/usr/bin/umount", ["-l", path])
        }
    }
    return try body(SmallDisk(path: path))
}
