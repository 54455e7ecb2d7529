import Foundation
import POSIX

/// The public keys barracks trusts, found by file name as apk finds them.
///
/// Start from ``builtIn(architecture:)`` (Alpine's keys for one arch) and add the
/// manifest's keys directory with ``addKeys(inDirectory:)``. Like apk, every non-hidden file
/// in the directory is a candidate key named by its file name; unlike apk, which skips files
/// it cannot load without a word, such files are listed in ``skippedFiles`` so the caller
/// can say so.
public struct Keyring: Sendable {
    /// A trusted key.
    public struct Key: Sendable {
        /// The file name a `.SIGN.RSA.<name>` must carry.
        public let name: String
        /// Where it came from: `built-in` or the path of the file.
        public let origin: String
        /// The modulus size in bits.
        public var bits: Int { publicKey.bits }
        let publicKey: RSAPublicKey
        let pem: [UInt8]
    }

    private var keysByName: [String: Key] = [:]
    /// Files of an added directory that were not usable keys, with the reason.
    public private(set) var skippedFiles: [(path: String, reason: String)] = []

    /// An empty keyring (trusts nothing).
    public init() {}

    /// Alpine's shipped keys for `architecture` (`x86`, `x86_64`, …).
    public static func builtIn(architecture: String) throws -> Keyring {
        let names = AlpinePublicKeys.keyNames(for: architecture)
        guard !names.isEmpty else {
            throw KeyError(key: architecture, problem: "barracks ships no Alpine keys for this arch (known: \(AlpinePublicKeys.architectures.joined(separator: ", "))); add the repository's key to the manifest's keys directory")
        }
        var keyring = Keyring()
        for name in names {
            guard let pem = AlpinePublicKeys.pemText(named: name) else {
                throw KeyError(key: name, problem: "listed for \(architecture) but not embedded (run scripts/embed-alpine-keys)")
            }
            try keyring.add(name: name, pem: Array(pem.utf8), origin: "built-in")
        }
        return keyring
    }

    /// The names of the trusted keys, sorted.
    public var names: [String] { keysByName.keys.sorted() }

    /// The trusted key with this file name.
    public func key(named name: String) -> Key? { keysByName[name] }

    /// Trusts the PEM public key `pem` under the file name `name`. A second key under a name
    /// already trusted must be the same key.
    public mutating func add(name: String, pem: [UInt8], origin: String) throws {
        let publicKey: RSAPublicKey
        do { publicKey = try RSAPublicKey(pem: pem) } catch {
            throw KeyError(key: origin == "built-in" ? name : origin, problem: error.problem)
        }
        if let existing = keysByName[name] {
            guard existing.pem == pem else {
                throw KeyError(key: origin, problem: "has the same file name as the trusted key from \(existing.origin) but different contents; apk matches keys by file name, so rename one of them")
            }
            return
        }
        keysByName[name] = Key(name: name, origin: origin, publicKey: publicKey, pem: pem)
    }

    /// Trusts every key file in `directory` (the manifest's keys directory). Hidden files are
    /// ignored; files that are not PEM RSA public keys are recorded in ``skippedFiles``.
    public mutating func addKeys(inDirectory directory: String) throws {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted() } catch {
            throw KeyError(key: directory, problem: "cannot list the keys directory: \((error as NSError).localizedDescription)")
        }
        for name in names where !name.hasPrefix(".") {
            let path = directory + "/" + name
            guard !FileTree.isDirectory(path) else { continue }
            let bytes: [UInt8]
            do {
                let descriptor = try FileDescriptor.open(path, O_RDONLY)
                defer { try? descriptor.close() }
                guard try descriptor.status().st_size <= 64 * 1024 else {
                    skippedFiles.append((path, "larger than 64 KiB, not a public key"))
                    continue
                }
                bytes = try descriptor.readAll()
            } catch {
                throw KeyError(key: path, problem: "cannot read it: \(error)")
            }
            do { _ = try RSAPublicKey(pem: bytes) } catch {
                skippedFiles.append((path, error.problem))
                continue
            }
            try add(name: name, pem: bytes, origin: path)
        }
    }
}

/// A key that cannot be loaded or trusted.
public struct KeyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The key's file name or path (or the arch, for a missing built-in set).
    public var key: String
    public var problem: String

    public var description: String { "key \(key): \(problem)" }
}
