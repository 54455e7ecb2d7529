#if canImport(Glibc)
import Glibc
#endif
import Archive
import Foundation
import POSIX
import Testing
import TestSupport

/// A zip's times are the same whatever the extracting machine's time zone: the MS-DOS fields
/// read as UTC, or the Unix time of an extended-timestamp field. (libarchive reads the MS-DOS
/// fields in local time, which gave a bundle built under another TZ another epoch.)
@Suite struct ZipTimeTests {
    /// `plain` has only MS-DOS times (2020-01-01 00:00:00); `stamped` also carries a `UT`
    /// extra field saying 2009-02-13 23:31:30 UTC (1234567890).
    static let script = """
        import struct
        with zipfile.ZipFile('plain.zip', 'w') as z:
            z.writestr(zipfile.ZipInfo('top/file.txt', date_time=(2020, 1, 1, 0, 0, 0)), b'plain')
        with zipfile.ZipFile('stamped.zip', 'w') as z:
            info = zipfile.ZipInfo('top/file.txt', date_time=(2020, 1, 1, 0, 0, 0))
            info.extra = struct.pack('<HHBi', 0x5455, 5, 1, 1234567890)
            z.writestr(info, b'stamped')
        """

    @Test(arguments: ["UTC", "Pacific/Kiritimati", "America/Los_Angeles"])
    func theSameTimesInEveryTimeZone(timeZone: String) throws {
        try withScratch("zip-time") { directory in
            try Fixture.python(Self.script, in: directory)
            for (archive, expected) in [("plain.zip", Int64(1_577_836_800)), ("stamped.zip", Int64(1_234_567_890))] {
                let destination = directory + "/" + archive + ".out"
                try FileTree.makeDirectories(destination)
                let result = try run(Repository.productsDirectory + "/barracks-bench", ["extract", directory + "/" + archive, destination],
                                     environment: ["TZ": timeZone, "PATH": "/usr/bin:/bin"])
                #expect(result.status.succeeded, "\(result.errorOutput)")
                var st = stat()
                #expect(stat(destination + "/top/file.txt", &st) == 0)
                #expect(Int64(st.st_mtim.tv_sec) == expected, "\(archive) under TZ=\(timeZone)")
            }
        }
    }

    @Test func entriesReportTheZoneFreeTime() throws {
        try withScratch("zip-time") { directory in
            try Fixture.python(Self.script, in: directory)
            let seen = TimeLog()
            try FileTree.makeDirectories(directory + "/stage")
            _ = try ArchiveExtractor().extract(archiveAt: directory + "/plain.zip", into: directory + "/stage") { entry, _ in
                if entry.kind == .regularFile { seen.append(entry.modificationTime) }
            }
            #expect(seen.all == [1_577_836_800])
        }
    }
}

/// Times seen by an extraction callback.
final class TimeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var times: [Int64?] = []
    func append(_ time: Int64?) { lock.withLock { times.append(time) } }
    var all: [Int64?] { lock.withLock { times } }
}
