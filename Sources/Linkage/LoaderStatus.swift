/// The program's loader (PT_INTERP) in the root: there, missing but fixable with a link, or
/// missing with nothing to link to.
public struct LoaderStatus: Sendable, Codable, Equatable {
    /// The PT_INTERP path the program asks for.
    public var requested: String
    /// Where it resolves in the root (after symlinks), if it exists.
    public var resolved: String?
    /// The loader the analysis used (the requested one, or the root's musl loader).
    public var used: String?
    public var flavor: LoaderFlavor?
    /// The link that would make the requested path work: `requested → target`.
    public var suggestedLink: LoaderLink?
}

/// A symlink to create in the root.
public struct LoaderLink: Sendable, Codable, Equatable, CustomStringConvertible {
    /// Runtime path of the link (`/lib/ld-linux.so.2`).
    public var path: String
    /// What it points to, relative where possible (`ld-musl-i386.so.1`).
    public var target: String

    public init(path: String, target: String) {
        self.path = path
        self.target = target
    }

    public var description: String {
        "\(path) → \(target)"
    }
}
