import Foundation
import POSIX

/// A minimal 32-bit musl root made from Debian's i386 musl package (unpacked by
/// scripts/install-deps), laid out as Alpine lays it out: the real loader at
/// `/lib/ld-musl-i386.so.1` and `/lib/libc.musl-x86.so.1` linking to it.
public enum MuslRoot {
    /// Debian's real musl file (its `/lib/ld-musl-i386.so.1` is a symlink to it).
    public static var loaderSource: String { Repository.debianFixtures + "/musl/lib/i386-linux-musl/libc.so" }

    public struct Missing: Error, CustomStringConvertible {
        public var description: String { "\(MuslRoot.loaderSource) is missing: run scripts/install-deps" }
    }

    /// Creates the root at `path` and returns it.
    @discardableResult
    public static func make(at path: String) throws -> String {
        guard FileManager.default.fileExists(atPath: loaderSource) else { throw Missing() }
        try FileTree.makeDirectories(path + "/lib")
        try copyExecutable(from: loaderSource, to: path + "/lib/ld-musl-i386.so.1")
        try FileManager.default.createSymbolicLink(atPath: path + "/lib/libc.musl-x86.so.1", withDestinationPath: "ld-musl-i386.so.1")
        return path
    }

    /// Adds the link glibc programs need: `/lib/ld-linux.so.2 → ld-musl-i386.so.1`.
    public static func addGlibcLoaderLink(at path: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path + "/lib/ld-linux.so.2", withDestinationPath: "ld-musl-i386.so.1")
    }
}
