import Archive
import Foundation
import POSIX
import Testing
import TestSupport

/// Builds archives at test time with Python's standard library (an implementation
/// independent of libarchive and of the code under test).
enum Fixture {
    /// Helpers available to every snippet:
    /// `f(name, data, mode)`, `d(name, mode)`, `sym(name, target)`, `hard(name, target)`,
    /// `node(name, type)`, `tar(path, entries, fmt, compression)`, `zipf(path, entries)` with
    /// entries `(name, data, unix_mode_or_None)`, `patch(path, old, new)`, `setfield(path, offset, bytes)`
    /// (first tar header, checksum recomputed).
    static let prelude = #"""
    import tarfile, zipfile, io, os, struct, gzip, hashlib, zlib, sys
    T = 1700000000
    def f(name, data=b'', mode=0o644):
        i = tarfile.TarInfo(name); i.size = len(data); i.mode = mode; i.mtime = T; return (i, data)
    def d(name, mode=0o755):
        i = tarfile.TarInfo(name); i.type = tarfile.DIRTYPE; i.mode = mode; i.mtime = T; return (i, None)
    def sym(name, target):
        i = tarfile.TarInfo(name); i.type = tarfile.SYMTYPE; i.linkname = target; i.mode = 0o777; i.mtime = T; return (i, None)
    def hard(name, target):
        i = tarfile.TarInfo(name); i.type = tarfile.LNKTYPE; i.linkname = target; i.mtime = T; return (i, None)
    def node(name, kind):
        i = tarfile.TarInfo(name); i.type = kind; i.devmajor = 1; i.devminor = 3; i.mtime = T; return (i, None)
    def tar(path, entries, fmt=tarfile.PAX_FORMAT, compression=''):
        with tarfile.open(path, 'w:' + compression, format=fmt, encoding='utf-8', errors='surrogateescape') as t:
            for info, data in entries:
                t.addfile(info, io.BytesIO(data) if data is not None else None)
    def zipf(path, entries, compression=zipfile.ZIP_DEFLATED):
        with zipfile.ZipFile(path, 'w', compression) as z:
            for name, data, mode in entries:
                info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
                info.compress_type = compression
                if mode is None:
                    info.create_system = 0
                    info.external_attr = 0x10 if name.endswith('/') else 0
                else:
                    info.create_system = 3
                    info.external_attr = mode << 16 | (0x10 if name.endswith('/') else 0)
                z.writestr(info, data)
    def setfield(path, offset, value):
        # Overwrites bytes of the first tar header and recomputes its checksum.
        b = bytearray(open(path, 'rb').read())
        b[offset:offset + len(value)] = value
        b[148:156] = b' ' * 8
        b[148:156] = b'%06o\x00 ' % sum(b[:512])
        open(path, 'wb').write(bytes(b))
    def patch(path, old, new):
        assert len(old) == len(new)
        b = open(path, 'rb').read()
        assert old in b
        open(path, 'wb').write(b.replace(old, new))

    """#

    /// Runs `code` (after ``prelude``) with `directory` as the working directory.
    static func python(_ code: String, in directory: String) throws {
        let result = try run("/usr/bin/python3", ["-c", prelude + code], workingDirectory: directory)
        guard result.status.succeeded else {
            Issue.record("fixture script failed: \(result.errorOutput)")
            throw FixtureFailed()
        }
    }
}

struct FixtureFailed: Error {}

/// A scratch directory holding one archive and an empty `stage/` to extract into.
struct ExtractionScratch {
    let directory: String
    let archiveName: String

    var archive: String { directory + "/" + archiveName }
    var stage: String { directory + "/stage" }

    /// Everything in the scratch directory except the archive and `stage/`: must stay empty
    /// whatever the archive held.
    func strayEntries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0 != archiveName && $0 != "stage" }.sorted()
    }

    /// Paths under `stage/`, sorted, directories with a trailing `/`.
    func staged() throws -> [String] {
        var result: [String] = []
        func walk(_ relative: String) throws {
            let full = relative.isEmpty ? stage : stage + "/" + relative
            for name in try FileManager.default.contentsOfDirectory(atPath: full) {
                let path = relative.isEmpty ? name : relative + "/" + name
                if FileTree.isDirectory(stage + "/" + path) {
                    result.append(path + "/")
                    try walk(path)
                } else {
                    result.append(path)
                }
            }
        }
        try walk("")
        return result.sorted()
    }

    func mode(_ path: String) throws -> Int {
        var status = stat()
        guard lstat(stage + "/" + path, &status) == 0 else { throw SystemError(call: "lstat", subject: path, errno: errno) }
        return Int(status.st_mode & 0o7777)
    }

    func contents(_ path: String) throws -> String {
        String(decoding: try readFile(stage + "/" + path), as: UTF8.self)
    }
}

/// Makes `scratch/<archiveName>` with the Python `script` (which sees the archive's file name
/// as `out`) and an empty `scratch/stage`, and runs `body`.
@discardableResult
func withArchive<R>(_ archiveName: String, _ script: String, _ body: (ExtractionScratch) throws -> R) throws -> R {
    try withScratch("archive") { directory in
        try Fixture.python("out = \(pythonString(archiveName))\n" + script, in: directory)
        try FileTree.makeDirectories(directory + "/stage")
        return try body(ExtractionScratch(directory: directory, archiveName: archiveName))
    }
}

/// Extracts and expects a refusal naming the archive and `entry` with `problem` (or one of
/// `problems`), then checks nothing was created outside `stage/`.
func expectRefusal(_ scratch: ExtractionScratch, entry: String?, _ problems: ArchiveError.Problem...,
                   extractor: ArchiveExtractor = ArchiveExtractor(), sourceLocation: SourceLocation = #_sourceLocation) throws {
    do {
        let report = try extractor.extract(archiveAt: scratch.archive, into: scratch.stage)
        Issue.record("extraction succeeded (\(report)) but should have been refused", sourceLocation: sourceLocation)
    } catch let error as ArchiveError {
        #expect(error.archive == scratch.archive, sourceLocation: sourceLocation)
        #expect(error.entry == entry, "\(error)", sourceLocation: sourceLocation)
        #expect(problems.contains(error.problem), "\(error)", sourceLocation: sourceLocation)
        #expect(error.description.hasPrefix(scratch.archive + ": "), sourceLocation: sourceLocation)
        if let entry { #expect(error.description.contains("entry '\(entry)'"), sourceLocation: sourceLocation) }
    }
    #expect(try scratch.strayEntries() == [], "something was created outside the staging directory", sourceLocation: sourceLocation)
}

func pythonString(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
}
