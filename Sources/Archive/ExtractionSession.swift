#if canImport(Glibc)
import Glibc
#endif
import POSIX

/// One extraction: reads entries from a source, applies the checks and limits, and creates
/// what passes in a ``StagingDirectory``.
struct ExtractionSession {
    let source: EntrySource
    let limits: ExtractionLimits
    let strip: Int
    let onExtracted: ArchiveExtractor.Observer?

    func run(into destination: String) throws -> ExtractionReport {
        let staging = try StagingDirectory(path: destination, archive: source.archiveName)
        var report = ExtractionReport()
        report.strippedComponents = strip
        var entries = 0
        // Bytes the limit counts: file sizes, holes of sparse files included.
        var used: Int64 = 0
        while let entry = try source.nextEntry() {
            let name = displayName(entry.path.utf8)
            func refuse(_ problem: ArchiveError.Problem) -> ArchiveError {
                ArchiveError(archive: source.archiveName, entry: name, problem: problem)
            }
            entries += 1
            if entries > limits.maximumEntries { throw refuse(.tooManyEntries(limit: limits.maximumEntries)) }
            let components: [String]
            switch EntryPath.components(of: entry.path, maximumLength: limits.maximumPathLength) {
            case .success(let all): components = all
            case .failure(let problem): throw refuse(problem)
            }
            switch entry.kind {
            case .characterDevice, .blockDevice, .fifo, .socket:
                throw refuse(.specialFile(kind: entry.kind.noun))
            default: break
            }
            guard components.count > strip else {
                // The destination itself ("./"), or a leading directory being stripped.
                if entry.kind == .directory || strip > 0 { report.skipped += 1; continue }
                throw refuse(.alreadyExists(kind: "directory"))
            }
            let path = Array(components.dropFirst(strip))
            let mode = mode_t(entry.permissions & 0o777)
            switch entry.kind {
            case .directory:
                try staging.makeDirectory(path, mode: mode, modificationTime: entry.modificationTime, entry: name)
                report.directories += 1
            case .regularFile:
                let remaining = limits.maximumTotalBytes - used
                if let size = entry.size, size > remaining { throw refuse(.tooLarge(limit: limits.maximumTotalBytes)) }
                try staging.makeFile(path, mode: mode, modificationTime: entry.modificationTime, entry: name) { file in
                    var extent: Int64 = 0
                    var written: Int64 = 0
                    try source.copyContents { block, offset in
                        let (end, overflow) = offset.addingReportingOverflow(Int64(block.count))
                        guard offset >= 0, !overflow, end <= remaining else { throw refuse(.tooLarge(limit: limits.maximumTotalBytes)) }
                        try file.writeAll(block, at: offset)
                        extent = max(extent, end)
                        written += Int64(block.count)
                    }
                    if let size = entry.size, size > extent { try file.truncate(to: size) }
                    report.bytes += written
                    used += max(extent, entry.size ?? 0)
                }
                report.files += 1
            case .symbolicLink:
                let target: String
                switch EntryPath.checkLinkTarget(Array((entry.linkTarget ?? "").utf8), maximumLength: limits.maximumPathLength) {
                case .success(let text): target = text
                case .failure(let problem): throw refuse(problem)
                }
                try staging.makeSymbolicLink(path, target: target, entry: name)
                report.symbolicLinks += 1
            case .hardLink:
                let target = entry.linkTarget ?? ""
                guard case .success(let targetComponents) = EntryPath.components(of: target, maximumLength: limits.maximumPathLength),
                      targetComponents.count > strip
                else { throw refuse(.hardLinkTarget(target)) }
                try staging.makeHardLink(path, target: Array(targetComponents.dropFirst(strip)), targetName: target, entry: name)
                report.hardLinks += 1
            case .characterDevice, .blockDevice, .fifo, .socket:
                break
            }
            try onExtracted?(entry, path.joined(separator: "/"))
        }
        try staging.finish()
        return report
    }
}
