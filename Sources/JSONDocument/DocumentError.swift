/// A JSON document (policy, manifest, lock file, bundle.json) that cannot be used: where
/// (file and JSON path) and what was expected there.
///
/// `policy.json: $.arches.x86.syscalls[3].name: unknown syscall "opne" for x86`
public struct DocumentError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file as the user named it, or `nil` for a document built in memory.
    public var file: String?
    /// The JSON path of the bad value (`$.arches.x86`), or `nil` when not in a document.
    public var path: String?
    /// What is wrong and what was expected.
    public var message: String

    /// An error at `path` of `file` (either may be unknown).
    public init(file: String? = nil, path: String? = nil, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    public var description: String {
        ([file, path].compactMap { $0 } + [message]).joined(separator: ": ")
    }
}
