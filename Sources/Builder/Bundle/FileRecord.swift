/// One entry of a bundle as `bundle.json` records it: enough to tell whether it changed.
public struct FileRecord: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case file(sha256: String, size: UInt64)
        case directory
        case symlink(target: String)
    }

    /// Relative to the bundle directory: `rootfs/lib/ld-musl-i386.so.1`.
    public var path: String
    public var kind: Kind
    /// Permission bits (`0o755`); not recorded for symlinks.
    public var mode: UInt32

    public init(path: String, kind: Kind, mode: UInt32) {
        self.path = path
        self.kind = kind
        self.mode = mode
    }

    /// How the entry reads in messages: `file`, `directory`, `symlink → x`.
    public var kindName: String {
        switch kind {
        case .file: return "file"
        case .directory: return "directory"
        case .symlink(let target): return "symlink → \(target)"
        }
    }
}
