/// What an ELF file is to a user: how it starts, and whether it needs a loader.
public enum FileKind: String, Sendable, Codable {
    /// `ET_EXEC` with an interpreter: a classic dynamically linked program.
    case executable
    /// `ET_DYN` with an interpreter: a position-independent dynamically linked program.
    case pie
    /// `ET_EXEC` without an interpreter: statically linked.
    case staticExecutable = "static"
    /// `ET_DYN` without an interpreter, marked `DF_1_PIE`: relocates itself.
    case staticPIE = "static-pie"
    /// `ET_DYN` library (some, like glibc's libc.so.6, also run as programs).
    case sharedObject = "shared-object"
    case relocatable
    case core
    case other

    /// Whether the kernel needs the file's PT_INTERP to start it.
    public var needsLoader: Bool { self == .executable || self == .pie }
}
