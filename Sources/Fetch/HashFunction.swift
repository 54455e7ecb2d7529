#if canImport(Glibc)
import Glibc
#endif
import Foundation
import POSIX

/// A streaming hash function: feed bytes with `update`, read the digest with `finalize`.
///
/// Used to hash downloads while they arrive (no second pass over the file), cache blobs before
/// they are trusted, and apk members for the Alpine checks (`C:` is SHA-1, `datahash` SHA-256).
public protocol HashFunction: AnyObject {
    /// The algorithm the digests carry.
    static var algorithm: Digest.Algorithm { get }
    /// A fresh hash state.
    init()
    /// Adds `buffer` to the hashed stream.
    func update(_ buffer: UnsafeRawBufferPointer)
    /// The digest of everything added so far; the state then starts over, empty.
    func finalize() -> Digest
}

extension HashFunction {
    /// Adds `bytes` (an array, a slice, `Data`) to the hashed stream.
    public func update(_ bytes: some ContiguousBytes) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of `bytes`.
    public static func hash(_ bytes: some ContiguousBytes) -> Digest {
        let hasher = Self()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of the file at `path`, read in 1 MiB blocks (memory does not grow with the
    /// file, and a file shrunk by someone else gives an error or a wrong digest, never a crash
    /// as a mapping would).
    public static func hash(contentsOf path: String) throws -> Digest {
        let hasher = Self()
        try hasher.update(contentsOf: path)
        return hasher.finalize()
    }

    /// Adds the bytes of the file at `path`; returns how many there were.
    @discardableResult
    public func update(contentsOf path: String) throws -> Int64 {
        let file = try FileDescriptor.open(path, O_RDONLY)
        defer { try? file.close() }
        return try update(reading: file, limit: nil)
    }

    /// Adds up to `limit` bytes (all when `nil`) read from `file`'s current position.
    @discardableResult
    func update(reading file: FileDescriptor, limit: Int64?) throws -> Int64 {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var total: Int64 = 0
        while limit.map({ total < $0 }) ?? true {
            let want = limit.map { Int(min(Int64(buffer.count), $0 - total)) } ?? buffer.count
            let count = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]))
            if count == 0 { break }
            update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            total += Int64(count)
        }
        return total
    }
}
