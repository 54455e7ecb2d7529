import Archive
import POSIX

/// A package file checked link by link against its signed index record, before any byte of
/// it is extracted: its control member hashes (SHA-1) to the record's `C:`, and its data
/// member hashes (SHA-256) to `datahash` in the `.PKGINFO` of that control member.
///
/// Only the small leading members (signature, control) are inflated to find where the data
/// member starts; the data member, which runs to the end of the file, is hashed as it lies
/// in the mapped file and inflated once, while it is extracted (``dataReader()``), after
/// which ``checkDataEnded(_:)`` makes sure it was exactly one gzip member, as apk 3 requires.
struct VerifiedPackage {
    /// The install scripts a fresh install runs, in the order apk runs them.
    static let installActions = ["pre-install", "post-install"]
    /// Every script name apk knows in a control member.
    static let scriptActions = ["pre-install", "post-install", "pre-deinstall", "post-deinstall",
                                "pre-upgrade", "post-upgrade", "trigger"]

    let package: Resolution.Package
    let file: FetchedFile
    let info: PackageInfo
    /// Scripts of the control member by action (`post-install`), without the leading dot.
    let scripts: [String: [UInt8]]
    private let mapping: MappedFile
    /// Where the data member starts in the file.
    private let dataStart: Int

    var record: PackageRecord { package.record }
    var url: String { file.location }

    /// Opens `file` (the package `package` names) and verifies it.
    init(file: FetchedFile, package: Resolution.Package) throws(ProvisionError) {
        let url = file.location
        func malformed(_ detail: String) -> ProvisionError { ProvisionError(.malformedPackage(url: url, detail: detail)) }
        self.file = file
        self.package = package
        let controlRange: Range<Int>
        let controlTar: [UInt8]
        do {
            mapping = try MappedFile(path: file.path)
            // The first member is the signature member unless the package is unsigned (apk does
            // not need the package's own signature when the package comes from a signed index).
            let (first, firstEnd) = try Self.inflateMember(mapping, at: 0, url: url)
            if try SignatureFile.entries(ofFirstMember: first, file: url).isEmpty {
                (controlRange, controlTar) = (0..<firstEnd, first)
            } else {
                guard firstEnd < mapping.bytes.count else { throw malformed("no control member after the signature member") }
                let (control, controlEnd) = try Self.inflateMember(mapping, at: firstEnd, url: url)
                (controlRange, controlTar) = (firstEnd..<controlEnd, control)
            }
        } catch let error as ProvisionError {
            throw error
        } catch {
            throw malformed("\(error)")
        }
        guard controlRange.upperBound < mapping.bytes.count else { throw malformed("no data member after the control member") }
        dataStart = controlRange.upperBound
        do {
            try PackageIntegrity.checkControl(Array(mapping.bytes[controlRange]), against: package.record, file: url)
        } catch {
            throw ProvisionError(.integrity(error))
        }
        (info, scripts) = try Self.readControl(controlTar, url: url)
        do {
            try PackageIntegrity.checkData(UnsafeRawBufferPointer(rebasing: mapping.bytes[dataStart...]), against: info, file: url)
        } catch {
            throw ProvisionError(.integrity(error))
        }
    }

    /// The data member's tar entries, named after the package in messages, and the gzip
    /// stream under them (for ``checkDataEnded(_:)``).
    func dataReader() -> (TarReader, GzipStream) {
        let stream = GzipStream(input: UnsafeRawBufferPointer(rebasing: mapping.bytes[dataStart...]), owner: mapping,
                                inputOffset: dataStart, name: url, maximumBytes: 16 << 30, singleMember: false)
        return (TarReader(stream, name: url), stream)
    }

    /// After extraction: inflates what the tar reader left (end blocks, padding) and checks
    /// that the data was one whole gzip member and nothing else.
    func checkDataEnded(_ stream: GzipStream) throws(ProvisionError) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { buffer.deallocate() }
        do {
            while try stream.read(into: buffer) > 0 {}
        } catch {
            throw ProvisionError(.malformedPackage(url: url, detail: "\(error)"))
        }
        guard stream.completedMembers == 1 else {
            throw ProvisionError(.malformedPackage(url: url, detail:
                "the data is split into \(stream.completedMembers) gzip members; apk 3 refuses such packages too"))
        }
    }

    /// Inflates the one gzip member starting at `start` (a signature or control member: at
    /// most 4 MiB inflated, apk's own limits are lower); returns it and where it ends.
    private static func inflateMember(_ mapping: MappedFile, at start: Int, url: String) throws -> ([UInt8], Int) {
        let stream = GzipStream(input: UnsafeRawBufferPointer(rebasing: mapping.bytes[start...]), owner: mapping,
                                inputOffset: start, name: url, maximumBytes: 4 << 20, singleMember: true)
        var output: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let count = try stream.read(into: buffer)
            if count == 0 { break }
            output.append(contentsOf: buffer[0..<count])
        }
        return (output, start + stream.consumedBytes)
    }

    /// `.PKGINFO` and the install scripts of the control member.
    private static func readControl(_ tar: [UInt8], url: String) throws(ProvisionError) -> (PackageInfo, [String: [UInt8]]) {
        var pkginfo: [UInt8]?
        var scripts: [String: [UInt8]] = [:]
        do {
            let reader = TarReader(bytes: tar, name: "\(url) (control member)")
            while let entry = try reader.next() {
                if entry.path == ".PKGINFO" {
                    pkginfo = try reader.readContents(maximumBytes: 1 << 20)
                } else if entry.kind == .regularFile, entry.path.hasPrefix("."),
                          scriptActions.contains(String(entry.path.dropFirst())) {
                    // apk's limit on one script.
                    scripts[String(entry.path.dropFirst())] = try reader.readContents(maximumBytes: 256 << 10)
                }
            }
        } catch {
            throw ProvisionError(.malformedPackage(url: url, detail: "\(error)"))
        }
        guard let pkginfo else {
            throw ProvisionError(.malformedPackage(url: url, detail: "no .PKGINFO in the control member"))
        }
        do {
            return (try PackageInfo(text: pkginfo, source: url), scripts)
        } catch {
            throw ProvisionError(.malformedPackage(url: url, detail: error.description))
        }
    }
}
