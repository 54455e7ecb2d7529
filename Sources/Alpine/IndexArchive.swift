/// An `APKINDEX.tar.gz` taken apart: its signatures, the bytes they sign, and the index.
///
/// The file is two gzip members (apk-format.md §2.1): a signature member holding
/// `.SIGN.RSA.<key>` entries (a tar without end blocks), then the index member (a tar with
/// `DESCRIPTION` and `APKINDEX`). The signature covers the **compressed** bytes of every
/// member after the signature member. The caller splits the file into gzip members and
/// inflates each (the `Archive` module's `GzipMembers` does both); this type needs only the
/// bytes:
///
///     let gzip = try GzipMembers(path: path)
///     let members = try gzip.members.map {
///         IndexArchive.Member(compressed: gzip.compressedBytes(of: $0), decompressed: try gzip.decompressedBytes(of: $0))
///     }
///     let index = try IndexArchive(members: members, source: url).verifiedIndex(keyring: keyring)
///
/// An index whose first member holds anything but `.SIGN.*` entries is unsigned (apk 3
/// reports UNTRUSTED signature); it is refused unless the caller skips verification.
public struct IndexArchive: Sendable {
    /// One gzip member of the file.
    public struct Member: Sendable {
        /// The member's bytes as they are in the file (header and trailer included).
        public var compressed: [UInt8]
        /// What it inflates to (a tar stream).
        public var decompressed: [UInt8]

        public init(compressed: [UInt8], decompressed: [UInt8]) {
            self.compressed = compressed
            self.decompressed = decompressed
        }
    }

    /// The file or URL, for messages.
    public let source: String
    /// The `.SIGN.*` entries of the signature member, in order; empty when unsigned.
    public let signatures: [SignatureFile]
    /// The compressed bytes the signatures cover (every member after the signature member).
    public let signedData: [UInt8]
    /// The bytes of the `APKINDEX` entry.
    public let indexText: [UInt8]
    /// The `DESCRIPTION` entry, if any.
    public let repositoryDescription: String?

    /// Splits `members` into signatures, signed bytes and index text.
    public init(members: [Member], source: String) throws(AlpineFormatError) {
        self.source = source
        guard let first = members.first else {
            throw AlpineFormatError(file: source, part: "index archive", "no gzip member at all")
        }
        let firstEntries = try TarEntries.read(first.decompressed, file: source, part: "gzip member 1")
        let isSignatureMember = !firstEntries.isEmpty && firstEntries.allSatisfy { $0.name.hasPrefix(".SIGN.") }
        let indexMembers = isSignatureMember ? Array(members.dropFirst()) : members
        signatures = isSignatureMember ? firstEntries.map { SignatureFile(entryName: $0.name, signature: $0.contents) } : []
        guard !indexMembers.isEmpty else {
            throw AlpineFormatError(file: source, part: "index archive", "a signature member but no index member after it")
        }
        signedData = indexMembers.flatMap(\.compressed)
        // apk reads the members as one tar stream; the index is the tar in what follows.
        let entries = try TarEntries.read(indexMembers.flatMap(\.decompressed), file: source,
                                          part: isSignatureMember ? "index member" : "gzip member 1")
        guard let index = entries.first(where: { $0.name == "APKINDEX" }) else {
            throw AlpineFormatError(file: source, part: "index member",
                                    "no APKINDEX entry (found: \(entries.map(\.name).joined(separator: ", ")))")
        }
        indexText = index.contents
        repositoryDescription = entries.first { $0.name == "DESCRIPTION" }.map { String(decoding: $0.contents, as: UTF8.self) }
    }

    /// Checks the signature with `keyring` (see ``Keyring/verify(signatures:signedData:file:)``).
    public func verify(keyring: Keyring) throws(SignatureError) -> VerifiedSignature {
        try keyring.verify(signatures: signatures, signedData: signedData, file: source)
    }

    /// Parses the index text without checking any signature: only for a manifest that says
    /// in as many words that it allows untrusted repositories.
    public func unverifiedIndex() throws(AlpineFormatError) -> APKIndex {
        var index = try APKIndex(text: indexText, source: source)
        index.repositoryDescription = repositoryDescription
        return index
    }

    /// Verifies the signature, then parses the index; returns both.
    public func verifiedIndex(keyring: Keyring) throws -> (index: APKIndex, signature: VerifiedSignature) {
        let signature = try verify(keyring: keyring)
        return (try unverifiedIndex(), signature)
    }
}
