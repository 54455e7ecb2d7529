#if canImport(Glibc)
import Glibc
#endif
import Foundation
import POSIX

/// The content-addressed download cache:
///
///     blobs/sha256/<hex>        file contents by SHA-256, read-only, written by rename only
///     urls/<key>.json           per URL: blob digest, ETag, Last-Modified (``CachedURL``)
///     partial/<key>             a download in progress (the temporary file, renamed into blobs/)
///     partial/<key>.json        what that prefix belongs to (``PartialDownload``)
///     locks/<key>.lock          flock held while one process fetches that URL
///
/// `<key>` is the SHA-256 of the URL. Blobs are re-hashed before every use and evicted when
/// they do not match, so a damaged cache heals itself instead of poisoning a build.
struct BlobCache {
    let root: String

    init(root: String) throws {
        self.root = root
        do {
            for directory in ["blobs/sha256", "urls", "partial", "locks"] {
                try FileTree.makeDirectories(root + "/" + directory)
            }
        } catch {
            throw CacheFailure("cannot create the cache in \(root): \(error); set XDG_CACHE_HOME or pass a cache directory")
        }
    }

    static func key(for url: String) -> String { SHA256.hash(Array(url.utf8)).hex }

    func blobPath(_ digest: Digest) -> String { "\(root)/blobs/sha256/\(digest.hex)" }
    func lockPath(key: String) -> String { "\(root)/locks/\(key).lock" }
    func partialPath(key: String) -> String { "\(root)/partial/\(key)" }
    private func partialRecordPath(key: String) -> String { "\(root)/partial/\(key).json" }
    private func urlRecordPath(key: String) -> String { "\(root)/urls/\(key).json" }

    /// The blob's size if it exists and its bytes hash to `digest`. A blob that does not is
    /// removed (it would fail every later use too).
    func verifiedBlob(_ digest: Digest) -> Int64? {
        let path = blobPath(digest)
        guard FileTree.exists(path) else { return nil }
        let hasher = SHA256()
        if let size = try? hasher.update(contentsOf: path), hasher.finalize() == digest {
            return size
        }
        _ = unlink(path)
        return nil
    }

    /// Moves a finished, fsynced download into `blobs/` under its digest. An existing blob
    /// with that digest (another process was first) is simply replaced by identical bytes.
    func store(partial: String, as digest: Digest) throws -> String {
        let path = blobPath(digest)
        do {
            try FileTree.rename(partial, to: path)
            let directory = try FileDescriptor.open("\(root)/blobs/sha256", O_RDONLY | O_DIRECTORY)
            defer { try? directory.close() }
            try directory.sync()  // make the rename itself durable
        } catch {
            throw CacheFailure("cannot store \(path): \(error)")
        }
        return path
    }

    func cachedURL(_ url: String) -> CachedURL? {
        let record: CachedURL? = read(urlRecordPath(key: Self.key(for: url)))
        return record?.url == url ? record : nil
    }

    func remember(_ record: CachedURL) throws {
        try write(record, to: urlRecordPath(key: Self.key(for: record.url)))
    }

    func partialDownload(key: String, url: String) -> PartialDownload? {
        let record: PartialDownload? = read(partialRecordPath(key: key))
        return record?.url == url ? record : nil
    }

    func rememberPartial(_ record: PartialDownload?, key: String) throws {
        if let record {
            try write(record, to: partialRecordPath(key: key))
        } else {
            _ = unlink(partialRecordPath(key: key))
        }
    }

    /// Removes a partial download and its record.
    func discardPartial(key: String) {
        _ = unlink(partialPath(key: key))
        _ = unlink(partialRecordPath(key: key))
    }

    private func read<T: Decodable>(_ path: String) -> T? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(T.self, from: data)
    }

    private func write(_ value: some Encodable, to path: String) throws {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            try FileTree.writeAtomically(path, try encoder.encode(value))
        } catch {
            throw CacheFailure("cannot write \(path): \(error)")
        }
    }
}

/// A cache operation that failed, with the path and what to do; becomes
/// ``FetchError/Reason/cache(_:)`` for the URL being fetched.
struct CacheFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
