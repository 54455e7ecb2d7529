import Foundation
import JSONDocument
import POSIX

/// Checks every file of a bundle against its `bundle.json`: what is missing, what was added,
/// and what changed (content, mode, kind, link target).
public enum BundleVerifier {
    public struct Difference: Hashable, Sendable, CustomStringConvertible {
        public enum Kind: String, Sendable {
            case missing, added, changed
        }
        public var kind: Kind
        public var path: String
        public var detail: String

        public var description: String { "\(kind.rawValue): \(path)" + (detail.isEmpty ? "" : " (\(detail))") }
    }

    /// The bundle's record, read and checked.
    public static func record(of layout: BundleLayout) throws -> BundleRecord {
        guard FileTree.exists(layout.record) else {
            throw BuildError(step: .verify, "\(layout.directory) is not a bundle (no bundle.json); build it with 'barracks build MANIFEST'")
        }
        let fd = try FileDescriptor.open(layout.record, O_RDONLY)
        defer { try? fd.close() }
        return try BundleRecordFile.decode(fd.readAll(), file: layout.record)
    }

    /// Every difference between the bundle's files and its record (empty: intact).
    public static func verify(_ layout: BundleLayout) throws -> [Difference] {
        let record = try record(of: layout)
        let actual = try scan(layout)
        let expected = Dictionary(record.files.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let found = Dictionary(actual.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        var differences: [Difference] = []
        for file in record.files {
            guard let now = found[file.path] else {
                differences.append(Difference(kind: .missing, path: file.path, detail: file.kindName))
                continue
            }
            if let detail = change(from: file, to: now) {
                differences.append(Difference(kind: .changed, path: file.path, detail: detail))
            }
        }
        for file in actual where expected[file.path] == nil {
            differences.append(Difference(kind: .added, path: file.path, detail: file.kindName))
        }
        return differences.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// What a bundle holds, scanned as the record lists it (`state/` and `bundle.json` excluded).
    static func scan(_ layout: BundleLayout) throws -> [FileRecord] {
        // Scan through the current generation so the top-level symlinks read as what they hold.
        let root = layout.directory + "/.current"
        let base = FileTree.exists(root) ? root : layout.directory
        return try ["app", "rootfs", "run", "seccomp"].flatMap { try TreeScanner.scan(base, prefix: $0) }
            .sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    private static func change(from old: FileRecord, to new: FileRecord) -> String? {
        switch (old.kind, new.kind) {
        case (.file(let a, let sizeA), .file(let b, let sizeB)):
            if a != b { return "content differs: \(sizeA) bytes sha256 \(a.prefix(12))…, now \(sizeB) bytes sha256 \(b.prefix(12))…" }
        case (.symlink(let a), .symlink(let b)):
            if a != b { return "link target was \(a), now \(b)" }
            return nil
        case (.directory, .directory):
            break
        default:
            return "was a \(old.kindName), now a \(new.kindName)"
        }
        if old.mode != new.mode { return "mode was \(BundleRecordFile.octal(old.mode)), now \(BundleRecordFile.octal(new.mode))" }
        return nil
    }
}
