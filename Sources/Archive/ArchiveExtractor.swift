import POSIX

/// Extracts untrusted archives into a destination directory, and nowhere else.
///
/// Guarantees, for every archive whatever its contents:
/// - nothing is created, changed or read outside the destination: paths that are absolute or
///   contain `..` are refused, and nothing is ever written through a symbolic link (one
///   already there, one from earlier in the same archive, or a loop);
/// - device nodes, FIFOs and sockets are refused; setuid, setgid and sticky bits are dropped;
///   nothing is chowned (files belong to the user running barracks);
/// - hard links may only point to regular files extracted earlier from the same archive;
/// - a path that appears twice, names that are not UTF-8 or contain NUL, a path below
///   something that is not a directory (`a` as a file, then `a/b`) are refused;
/// - totals are bounded by ``ExtractionLimits``: uncompressed bytes (counted as written, not
///   as declared), entries and path length;
/// - zip entries without a Unix mode get 0644, directories 0755; recorded Unix modes are kept
///   (exec bits included), masked to 0o777.
///
/// The destination must exist. It may already hold directories (an Alpine root being filled
/// package by package): existing directories are entered (never through a symbolic link),
/// existing files are never replaced. The first refusal stops extraction with an
/// ``ArchiveError`` naming the archive and the entry; what was created before it stays in
/// the destination, so callers extract into a staging directory they discard on failure.
public struct ArchiveExtractor: Sendable {
    /// Bounds on bytes, entries and path length.
    public var limits: ExtractionLimits
    /// Leading path components to drop.
    public var stripping: ComponentStripping

    /// An extractor with the given limits and stripping.
    public init(limits: ExtractionLimits = .default, stripping: ComponentStripping = .none) {
        self.limits = limits
        self.stripping = stripping
    }

    /// Called after each entry is created, with the entry as recorded and the path it was
    /// created at, relative to the destination (after stripping). For an apk data member this
    /// is where `APK-TOOLS.checksum.SHA1` (``ArchiveEntry/paxRecords``) can be collected without
    /// reading the member twice. A thrown error stops the extraction.
    public typealias Observer = (_ entry: ArchiveEntry, _ createdPath: String) throws -> Void

    /// Extracts the archive file at `archivePath` (zip, tar, compressed tar, 7-Zip, RAR, cpio)
    /// into the existing directory `destination`.
    @discardableResult
    public func extract(archiveAt archivePath: String, into destination: String,
                        onExtracted: Observer? = nil) throws -> ExtractionReport {
        try ThreadLocale.withUTF8CharacterType {
            let source = try LibarchiveSource(path: archivePath, limits: limits)
            var strip = 0
            switch stripping {
            case .none: break
            case .count(let count): strip = max(0, count)
            case .auto: strip = try automaticStripCount(archivePath: archivePath)
            }
            return try ExtractionSession(source: source, limits: limits, strip: strip, onExtracted: onExtracted)
                .run(into: destination)
        }
    }

    /// Extracts the entries of a tar stream (for example an apk's data member, from
    /// ``GzipMembers/tarReader(of:)``) into the existing directory `destination`, with the same
    /// rules as an archive file. `.auto` stripping needs two passes and is refused here.
    @discardableResult
    public func extract(_ tar: TarReader, into destination: String, onExtracted: Observer? = nil) throws -> ExtractionReport {
        var strip = 0
        switch stripping {
        case .none: break
        case .count(let count): strip = max(0, count)
        case .auto:
            throw ArchiveError(archive: tar.archiveName, problem: .unsupportedRequest(
                "automatic stripping needs the whole archive up front; it is not available for a tar stream"))
        }
        return try ExtractionSession(source: tar, limits: limits, strip: strip, onExtracted: onExtracted).run(into: destination)
    }

    /// 1 when every entry lies in one top-level directory, else 0. Zips answer from the
    /// central directory; other formats take a listing pass (headers only).
    private func automaticStripCount(archivePath: String) throws -> Int {
        var decision = TopLevelDirectory()
        // Opening reads the first header, which tells the format.
        let lister = try LibarchiveSource(path: archivePath, limits: limits)
        var entries = 0
        while let entry = try lister.nextEntry() {
            if let zip = lister.zipDirectory {
                for name in zip.names {
                    let record = zip.records[ByteKey(name)]
                    decision.add(String(decoding: name, as: UTF8.self), isDirectory: record?.isDirectory ?? false)
                }
                return decision.stripCount
            }
            entries += 1
            if entries > limits.maximumEntries {
                throw ArchiveError(archive: archivePath, entry: displayName(entry.path.utf8), problem: .tooManyEntries(limit: limits.maximumEntries))
            }
            decision.add(entry.path, isDirectory: entry.kind == .directory)
        }
        return decision.stripCount
    }
}

/// Decides `.auto` stripping: is there exactly one top-level name, and is it a directory?
struct TopLevelDirectory {
    private var name: String?
    private var several = false
    private var isDirectory = false
    private var isFile = false

    mutating func add(_ path: String, isDirectory entryIsDirectory: Bool) {
        guard case .success(let components) = EntryPath.components(of: path, maximumLength: Int.max),
              let first = components.first else { return }
        if let name, Array(name.utf8) != Array(first.utf8) { several = true }
        name = first
        if components.count > 1 || entryIsDirectory { isDirectory = true } else { isFile = true }
    }

    var stripCount: Int { name != nil && !several && isDirectory && !isFile ? 1 : 0 }
}
