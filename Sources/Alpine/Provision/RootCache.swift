import Fetch
import Foundation
import POSIX

/// Finished roots, by the digest of everything that went into them:
///
///     <cache>/roots/<digest>/root/          the root
///     <cache>/roots/<digest>/record.json    what it holds (``RootRecord``)
///     <cache>/roots/<digest>.lock           flock held while one provisioner builds or reads it
///     <cache>/roots/.building-<digest>.XXXXXX/   a build in progress
///
/// A root is built in a `.building-` directory and renamed into place only when complete,
/// record included, so a killed provisioner leaves nothing a later run would reuse; the next
/// run with the same digest removes such leftovers while it holds the lock.
struct RootCache {
    /// Bumped whenever barracks lays roots out differently, so old cached roots are not reused.
    static let formatVersion = 1

    /// `<cache>/roots`.
    let directory: String

    /// The digest of `inputs` (one line each): the cache key.
    static func digest(_ inputs: [String]) -> String {
        SHA256.hash(Array((["barracks root format \(formatVersion)"] + inputs).joined(separator: "\n").utf8)).hex
    }

    /// The root directory of a finished entry.
    func rootPath(_ digest: String) -> String { "\(directory)/\(digest)/root" }

    /// Runs `body` holding the digest's lock (other provisioners of the same inputs wait).
    func withLock<R>(_ digest: String, onWait: @escaping () -> Void, _ body: () throws -> R) throws -> R {
        let lock: FileLock
        do {
            try FileTree.makeDirectories(directory)
            lock = try FileLock(path: "\(directory)/\(digest).lock", onWait: onWait)
        } catch {
            throw ProvisionError(.cache("cannot lock \(directory)/\(digest).lock: \(error)"))
        }
        defer { lock.unlock() }
        return try body()
    }

    /// The record of a finished root, or nil when there is none (or it is unreadable).
    func finished(_ digest: String) -> RootRecord? {
        guard FileTree.isDirectory(rootPath(digest)),
              let data = FileManager.default.contents(atPath: "\(directory)/\(digest)/record.json"),
              let record = try? JSONDecoder().decode(RootRecord.self, from: data),
              record.format == Self.formatVersion else { return nil }
        return record
    }

    /// Builds a root with `body` (given the empty root directory, mode 0755) and moves it into
    /// place with its record. Call with the lock held.
    func build(_ digest: String, _ body: (String) throws -> RootRecord) throws -> RootRecord {
        removeLeftovers(digest)
        let staging: TemporaryDirectory
        do {
            staging = try TemporaryDirectory(prefix: ".building-\(digest).", in: directory)
            try FileTree.makeDirectories(staging.path + "/root")
            _ = chmod(staging.path + "/root", 0o755)
        } catch {
            throw ProvisionError(.cache("cannot make a build directory in \(directory): \(error)"))
        }
        do {
            let record = try body(staging.path + "/root")
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            // No fsync: the files of the root are not synced either. After a crash a record
            // that does not decode just makes the next run rebuild the entry.
            try RootWriter(root: staging.path).write(["record.json"], Array(try encoder.encode(record)))
            _ = chmod(staging.path, 0o755)
            // An unreadable entry left by an older format, or a damaged one, is replaced.
            FileTree.removeTree("\(directory)/\(digest)")
            try FileTree.rename(staging.path, to: "\(directory)/\(digest)")
            return record
        } catch {
            staging.remove()
            throw error
        }
    }

    /// Removes build directories of `digest` that a killed provisioner left behind.
    private func removeLeftovers(_ digest: String) {
        let prefix = ".building-\(digest)."
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix(prefix) {
            FileTree.removeTree("\(directory)/\(name)")
        }
    }
}

/// What a cached root holds, stored beside it so a reuse can answer without looking inside.
struct RootRecord: Codable, Equatable {
    var format: Int
    var packages: [InstalledPackage]
    var scripts: [String]
    /// Warnings that came from installing (meta packages, apk.static's result), repeated on reuse.
    var warnings: [String]
}
