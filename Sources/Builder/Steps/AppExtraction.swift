import Archive
import Foundation
import POSIX

/// Unpacks the program's archive into the bundle's `app/`, with the archive module's safety
/// rules and the manifest's limits, makes sure the entry is there and executable, and makes a
/// mount point for every state path the archive lacks.
struct AppExtraction {
    let manifest: Manifest
    let archive: String
    let destination: String

    struct Result {
        var files: Int
        /// The newest modification time recorded in the archive: the bundle's default epoch.
        var newestTime: Int64?
    }

    func run() throws -> Result {
        try StagingFiles.makeDirectory(destination)
        var limits = ExtractionLimits.default
        if let size = manifest.app.maxSize { limits.maximumTotalBytes = Int64(clamping: size) }
        if let entries = manifest.app.maxEntries { limits.maximumEntries = Int(clamping: entries) }
        let stripping: ComponentStripping
        switch manifest.app.strip {
        case .auto: stripping = .auto
        case .components(let count): stripping = count == 0 ? .none : .count(count)
        }
        let newest = NewestTime()
        let report = try ArchiveExtractor(limits: limits, stripping: stripping).extract(archiveAt: archive, into: destination) { entry, _ in
            if let time = entry.modificationTime { newest.observe(time) }
        }
        let entry = destination + "/" + manifest.app.entry
        var st = stat()
        guard lstat(entry, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            let top = ((try? FileManager.default.contentsOfDirectory(atPath: destination)) ?? []).sorted().prefix(8)
            throw BuildError(step: .extract, "app.entry \(manifest.app.entry) is not a file in the archive (after stripping: \(top.joined(separator: ", "))); check app.entry and app.strip")
        }
        // Zips often record no Unix mode (every Dockerfile for soldat does `chmod +x`).
        if st.st_mode & 0o111 == 0 {
            try systemCall("chmod", entry) { chmod(entry, (st.st_mode & 0o777) | 0o755) }
        }
        for path in manifest.app.state where !FileTree.exists(destination + "/" + path) {
            if manifest.app.stateDirectories.contains(path) {
                try StagingFiles.makeDirectory(destination + "/" + path)
            } else {
                try StagingFiles.makeDirectory(destination + "/" + FileTree.parentDirectory(of: path))
                try StagingFiles.writeFile(destination + "/" + path, [])
            }
        }
        return Result(files: report.files, newestTime: newest.value)
    }
}

/// The largest time seen, from extraction callbacks.
private final class NewestTime: @unchecked Sendable {
    private(set) var value: Int64?
    func observe(_ time: Int64) { value = max(value ?? time, time) }
}
