#if canImport(Glibc)
import Glibc
#endif
import POSIX
import Seccomp

/// A learning filter in an anonymous memory file, with a path another process can open
/// (`/proc/<barracks' pid>/fd/<n>`): what the bundle launcher's `BARRACKS_LEARNING_FILTER`
/// (``Sandbox/LauncherScript/learningFilterVariable``) or a test loader is given. The filter
/// never touches a disk, so it cannot end up in a bundle, and it goes away with this object
/// (or with barracks).
public final class LearningFilterFile: @unchecked Sendable {
    /// Where the filter can be opened, by barracks and its children, while this object lives.
    public let path: String
    private let file: MemoryFile

    /// Writes `filter`'s program into a new memory file.
    public init(_ filter: LearningFilter) throws {
        file = try MemoryFile(name: "barracks-learning-filter")
        try file.descriptor.writeAll(filter.program.bytes)
        path = "/proc/\(getpid())/fd/\(file.descriptor.rawValue)"
    }
}
