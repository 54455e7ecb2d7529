import Archive

/// One repository's index, verified and parsed.
struct LoadedIndex: Sendable {
    /// `<mirror>/<branch>/<repository>`.
    let repositoryLine: String
    let source: IndexSource
    let index: APKIndex
}

/// Fetches `<repository line>/<arch>/APKINDEX.tar.gz` for each repository (revalidated, since
/// an index changes), checks its signature against the trusted keys **before** reading a
/// single record, then parses it.
struct IndexLoader {
    let files: FileSource
    let keyring: Keyring
    let allowUntrusted: Bool

    /// The indexes of `repositoryLines` for `architecture`, in repository order, and the
    /// warnings they gave.
    func load(repositoryLines: [String], architecture: String,
              observer: (@Sendable (ProvisionEvent) -> Void)?) throws(ProvisionError) -> (indexes: [LoadedIndex], warnings: [String]) {
        let urls = repositoryLines.map { "\($0)/\(architecture)/APKINDEX.tar.gz" }
        observer?(.step("fetching \(urls.count == 1 ? "the \(architecture) index" : "\(urls.count) \(architecture) indexes")"))
        let fetched = try files.fetch(urls, immutable: false, reason: "APKINDEX signed by a trusted key", observer: observer)
        var indexes: [LoadedIndex] = []
        var warnings: [String] = []
        for (line, file) in zip(repositoryLines, fetched) {
            let (index, key) = try read(file, warnings: &warnings)
            indexes.append(LoadedIndex(repositoryLine: line, source: IndexSource(url: file.location, sha256: file.sha256, key: key), index: index))
        }
        return (indexes, warnings)
    }

    private func read(_ file: FetchedFile, warnings: inout [String]) throws(ProvisionError) -> (APKIndex, String?) {
        let url = file.location
        let archive: IndexArchive
        do {
            // An index is a few MiB at most; a bigger inflation is an attack or a wrong file.
            let gzip = try GzipMembers(path: file.path, maximumDecompressedBytes: 256 << 20, maximumMembers: 4)
            let members = try gzip.members.map {
                IndexArchive.Member(compressed: gzip.compressedBytes(of: $0), decompressed: try gzip.decompressedBytes(of: $0))
            }
            archive = try IndexArchive(members: members, source: url)
        } catch let error as AlpineFormatError {
            throw ProvisionError(.malformedIndex(url: url, detail: error.problem))
        } catch {
            throw ProvisionError(.malformedIndex(url: url, detail: "\(error)"))
        }
        var key: String?
        do {
            key = try archive.verify(keyring: keyring).keyName
        } catch {
            // allow_untrusted forgives a missing or unknown signer, never a bad signature by a
            // trusted key: that one is evidence of tampering.
            switch error.problem {
            case .noSignature, .unknownKeys:
                guard allowUntrusted else { throw ProvisionError(.untrustedIndex(error)) }
                warnings.append("allow_untrusted: using \(url) although \(error.problem == .noSignature ? "it is not signed" : "no trusted key signed it")")
            case .badSignature:
                throw ProvisionError(.untrustedIndex(error))
            }
        }
        do {
            let index = try archive.unverifiedIndex()
            warnings += index.warnings.map { "\(url): \($0)" }
            return (index, key)
        } catch {
            throw ProvisionError(.malformedIndex(url: url, detail: error.description))
        }
    }
}
