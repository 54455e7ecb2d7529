#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A file system as a sandboxed program will see it: runtime paths (`/lib/libc.so`) mapped to
/// host paths through mounts, with symlinks resolved inside the view, the way `chroot` or a
/// bubblewrap bind mount resolves them — an absolute link in the root points into the root,
/// never out to the host.
public struct RootView: Sendable {
    /// A host directory visible at a runtime path.
    public struct Mount: Hashable, Sendable {
        public var runtimePath: String
        public var hostPath: String
        public init(runtimePath: String, hostPath: String) {
            self.runtimePath = runtimePath
            self.hostPath = hostPath
        }
    }

    /// A path that exists in the view.
    public struct Resolved: Hashable, Sendable {
        /// The final runtime path after following every symlink.
        public var runtimePath: String
        /// Where that file is on the host.
        public var hostPath: String
        /// The runtime paths passed through on the way (the path asked for, then each link).
        public var chain: [String]
    }

    /// Mounts, longest runtime path first, so the most specific one wins.
    public let mounts: [Mount]

    /// A view with `root` at `/` and `extra` mounts on top.
    public init(root: String, extra: [Mount] = []) {
        let all = [Mount(runtimePath: "/", hostPath: root)] + extra
        mounts = all.sorted { $0.runtimePath.count > $1.runtimePath.count }
    }

    /// The host path for a runtime path, without following symlinks.
    public func hostPath(_ runtimePath: String) -> String {
        for mount in mounts {
            if mount.runtimePath == "/" { return mount.hostPath + runtimePath }
            if runtimePath == mount.runtimePath { return mount.hostPath }
            if runtimePath.hasPrefix(mount.runtimePath + "/") {
                return mount.hostPath + runtimePath.dropFirst(mount.runtimePath.count)
            }
        }
        return runtimePath
    }

    /// Follows `runtimePath` through every symlink inside the view (at most 40, like the
    /// kernel). Returns `nil` when the path or a link target does not exist or loops.
    public func resolve(_ runtimePath: String) -> Resolved? {
        var pending = Self.components(runtimePath)
        var current: [String] = []
        var chain = [runtimePath]
        var links = 0
        while !pending.isEmpty {
            let component = pending.removeFirst()
            if component == "." || component.isEmpty { continue }
            if component == ".." { _ = current.popLast(); continue }
            let candidate = current + [component]
            let runtime = "/" + candidate.joined(separator: "/")
            let host = hostPath(runtime)
            var st = stat()
            guard lstat(host, &st) == 0 else {
                // Directories leading to a mount point exist in the sandbox even when the root
                // lacks them: bubblewrap creates them.
                guard mounts.contains(where: { $0.runtimePath.hasPrefix(runtime + "/") }) else { return nil }
                current = candidate
                continue
            }
            if (st.st_mode & S_IFMT) == S_IFLNK {
                links += 1
                guard links <= 40, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: host) else { return nil }
                pending = Self.components(target) + pending
                if target.hasPrefix("/") { current = [] }
                chain.append(target.hasPrefix("/") ? target : "/" + (current + Self.components(target)).joined(separator: "/"))
                continue
            }
            if !pending.isEmpty && (st.st_mode & S_IFMT) != S_IFDIR { return nil }
            current = candidate
        }
        let final = "/" + current.joined(separator: "/")
        return Resolved(runtimePath: final, hostPath: hostPath(final), chain: chain)
    }

    private static func components(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }
}
