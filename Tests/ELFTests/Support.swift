import ELF
import POSIX
import TestSupport

/// Parses the file at `path` and summarises it, keeping the mapping alive.
func summary(of path: String) throws -> ObjectSummary {
    let mapping = try MappedFile(path: path)
    let file = try ELFFile(bytes: mapping.bytes, owner: mapping)
    return try withExtendedLifetime(mapping) { try ObjectSummary(file) }
}

/// Parses `bytes` and summarises them.
func summary(of bytes: [UInt8]) throws -> ObjectSummary {
    try ObjectSummary(try ELFFile(copying: bytes))
}
