import Fetch
import Foundation
import POSIX

/// Where the packages come from: a remote mirror, fetched through the download cache, or a
/// local directory (`file://…` or a path), read in place. Either way every byte is verified
/// before use; only the transport differs.
struct MirrorLocation: Sendable {
    /// The mirror URL without a trailing slash, or the absolute directory.
    let base: String
    /// Whether ``base`` is a local directory.
    let isLocal: Bool

    /// Parses a request's `mirror`.
    init(_ text: String) throws(ProvisionError) {
        var trimmed = Substring(text)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if trimmed.hasPrefix("https://") || trimmed.hasPrefix("http://") {
            base = String(trimmed)
            isLocal = false
        } else if trimmed.hasPrefix("file://") {
            let path = trimmed.dropFirst("file://".count)
            guard path.hasPrefix("/") else {
                throw ProvisionError(.request("mirror \(text): a file:// URL needs an absolute path (file:///srv/alpine)"))
            }
            base = String(path.removingPercentEncoding ?? String(path))
            isLocal = true
        } else if !trimmed.contains("://"), !trimmed.isEmpty {
            base = trimmed.hasPrefix("/") ? String(trimmed) : FileManager.default.currentDirectoryPath + "/" + trimmed
            isLocal = true
        } else {
            throw ProvisionError(.request("mirror \(text): expected an https://, http:// or file:// URL or a directory"))
        }
    }

    /// `<mirror>/<branch>/<repository>`: the line apk keeps in `/etc/apk/repositories`.
    func repositoryLine(branch: String, repository: String) -> String {
        "\(base)/\(branch)/\(repository)"
    }
}

/// A file fetched (or found in a local mirror): where its bytes are now and what they hash to.
struct FetchedFile: Sendable {
    /// The URL (or local path) asked for.
    let location: String
    /// The bytes: a read-only blob of the download cache, or the local mirror's file.
    let path: String
    /// SHA-256, lowercase hex.
    let sha256: String
    let size: Int64
}

/// Gets files from a mirror: through ``Fetcher`` (parallel, cached, revalidated) for a remote
/// one, straight from the directory for a local one.
struct FileSource {
    let fetcher: Fetcher
    let mirror: MirrorLocation

    /// Fetches every location; `immutable` for versioned package files (never revalidated),
    /// `reason` says what verifies them (plain http is allowed because something does).
    func fetch(_ locations: [String], immutable: Bool, reason: String,
               observer: (@Sendable (ProvisionEvent) -> Void)?) throws(ProvisionError) -> [FetchedFile] {
        if mirror.isLocal { return try local(locations) }
        let requests = locations.map { FetchRequest($0, integrity: .verifiedLater(reason), immutable: immutable) }
        do {
            let results = try fetcher.fetchAll(requests) { event in observer?(.fetch(event)) }
            return results.map { FetchedFile(location: $0.url, path: $0.path, sha256: $0.sha256.hex, size: $0.size) }
        } catch {
            throw ProvisionError(.downloads(error))
        }
    }

    private func local(_ paths: [String]) throws(ProvisionError) -> [FetchedFile] {
        var missing: [String] = []
        var files: [FetchedFile] = []
        for path in paths {
            var status = stat()
            guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
                missing.append(path)
                continue
            }
            do {
                files.append(FetchedFile(location: path, path: path, sha256: try SHA256.hash(contentsOf: path).hex,
                                         size: Int64(status.st_size)))
            } catch {
                throw ProvisionError(.request("cannot read \(path): \(error)"))
            }
        }
        guard missing.isEmpty else { throw ProvisionError(.missingLocalFiles(missing)) }
        return files
    }
}
