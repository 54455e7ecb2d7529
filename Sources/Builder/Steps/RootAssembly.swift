import Foundation
import Linkage
import POSIX

/// Lays out the bundle's `rootfs/` from a provisioned root: the loader, the link the program
/// asks for (`/lib/ld-linux.so.2 → ld-musl-i386.so.1`), every library the loader would load
/// (with the symlinks it is reached through), the loader's path file if the root has one,
/// and the mount points the launcher needs. Nothing else of the root is copied.
struct RootAssembly {
    /// The provisioned root (read only).
    let source: String
    /// `staging/rootfs`.
    let destination: String

    struct Result {
        /// Runtime paths copied into the bundle's root, for messages.
        var copied: [String] = []
        var loaderLink: LoaderLink?
    }

    func assemble(report: LinkageReport, mountPoint: String, resolvConf: Bool, architecture musl: String?) throws -> Result {
        var result = Result()
        try StagingFiles.makeDirectory(destination)
        let view = RootView(root: source)
        if let loader = report.loader, let used = loader.used {
            try copy(used, view: view, into: &result)
            if let link = loader.suggestedLink {
                try makeParent(link.path)
                try StagingFiles.symlink(link.target, at: destination + link.path)
                result.loaderLink = link
            } else if loader.resolved != nil {
                // The requested path itself (perhaps a chain of links to the loader).
                try copy(loader.requested, view: view, into: &result)
            }
        }
        for library in report.libraries {
            guard case .found = library.outcome, let opened = library.openedPath else { continue }
            try copy(opened, view: view, into: &result)
        }
        if let musl, let pathFile = view.resolve("/etc/ld-musl-\(musl).path") {
            try copy(pathFile.chain[0], view: view, into: &result)
        }
        for directory in ["/proc", "/dev", "/tmp", "/etc", mountPoint] {
            try StagingFiles.makeDirectory(destination + directory)
        }
        if resolvConf && !FileTree.exists(destination + "/etc/resolv.conf") {
            try StagingFiles.writeFile(destination + "/etc/resolv.conf", [])
        }
        if !FileTree.exists(destination + "/etc/hosts") {
            try StagingFiles.writeFile(destination + "/etc/hosts", Array("127.0.0.1\tlocalhost\n::1\tlocalhost\n".utf8))
        }
        return result
    }

    /// Copies `runtimePath` from the source root as the loader would walk it: each directory
    /// on the way as a directory, each symlink (a directory link such as `lib → usr/lib`
    /// included) as the same symlink, and the file at the end with its mode. The bundle's root
    /// then resolves the path exactly as the source root did. Parts already there are kept.
    private func copy(_ runtimePath: String, view: RootView, into result: inout Result) throws {
        var pending = runtimePath.split(separator: "/").map(String.init)
        var current: [String] = []
        var links = 0
        while !pending.isEmpty {
            let component = pending.removeFirst()
            if component == "." { continue }
            if component == ".." { _ = current.popLast(); continue }
            let candidate = current + [component]
            let path = "/" + candidate.joined(separator: "/")
            let host = view.hostPath(path)
            var st = stat()
            guard lstat(host, &st) == 0 else {
                throw BuildError(step: .closure, "\(runtimePath) is not in the root at \(source) (\(path) is missing)")
            }
            switch st.st_mode & S_IFMT {
            case S_IFLNK:
                links += 1
                guard links <= 40 else { throw BuildError(step: .closure, "\(runtimePath): too many levels of symbolic links") }
                let target = try FileManager.default.destinationOfSymbolicLink(atPath: host)
                if !FileTree.exists(destination + path) {
                    try StagingFiles.makeDirectory(destination + "/" + current.joined(separator: "/"))
                    try StagingFiles.symlink(target, at: destination + path)
                    result.copied.append(path + " → " + target)
                }
                pending = target.split(separator: "/").map(String.init) + pending
                if target.hasPrefix("/") { current = [] }
            case S_IFDIR:
                try StagingFiles.makeDirectory(destination + path)
                current = candidate
            case S_IFREG where pending.isEmpty:
                if !FileTree.exists(destination + path) {
                    try StagingFiles.makeDirectory(destination + "/" + current.joined(separator: "/"))
                    try StagingFiles.copyFile(host, to: destination + path, mode: st.st_mode & 0o755)
                    result.copied.append(path)
                }
                current = candidate
            default:
                throw BuildError(step: .closure, "\(path) in the root is not a file, directory or symlink")
            }
        }
    }

    private func makeParent(_ runtimePath: String) throws {
        try StagingFiles.makeDirectory(destination + FileTree.parentDirectory(of: runtimePath))
    }
}
