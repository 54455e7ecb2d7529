import Archive
import POSIX

/// Archive tasks:
/// - `extract ARCHIVE DESTINATION [auto|N]`: safe extraction (the destination is created
///   when missing); prints the report.
/// - `tar-write DIRECTORY OUTPUT EPOCH [TOP]`: the deterministic tar.gz writer (the tests also
///   run it here, in a child process with another cwd, umask and TZ).
/// - `gzip-members FILE`: prints each member's byte range.
let archiveBenchTasks: [String: BenchTask] = [
    "extract": { arguments in
        guard arguments.count >= 2 else { throw BenchUsage("usage: barracks-bench extract ARCHIVE DESTINATION [auto|N]") }
        var stripping = ComponentStripping.none
        if arguments.count > 2 {
            stripping = arguments[2] == "auto" ? .auto : .count(Int(arguments[2]) ?? 0)
        }
        try FileTree.makeDirectories(arguments[1])
        let report = try ArchiveExtractor(stripping: stripping).extract(archiveAt: arguments[0], into: arguments[1])
        print("\(report.files) files, \(report.directories) directories, \(report.symbolicLinks) symlinks, "
              + "\(report.hardLinks) hard links, \(report.bytes) bytes")
    },
    "tar-write": { arguments in
        guard arguments.count >= 3, let epoch = Int64(arguments[2]) else {
            throw BenchUsage("usage: barracks-bench tar-write DIRECTORY OUTPUT EPOCH [TOP]")
        }
        let writer = DeterministicTarWriter(modificationTime: epoch, topLevelDirectory: arguments.count > 3 ? arguments[3] : nil)
        try writer.write(directory: arguments[0], to: arguments[1])
    },
    "gzip-members": { arguments in
        guard let path = arguments.first else { throw BenchUsage("usage: barracks-bench gzip-members FILE") }
        for member in try GzipMembers(path: path).members {
            print("\(member.range.lowerBound) \(member.range.upperBound) \(member.decompressedSize)")
        }
    },
]
