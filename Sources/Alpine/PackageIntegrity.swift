/// The two links of apk's chain of trust below a signed index (apk-format.md §1.6): the
/// package's compressed control member must hash (SHA-1) to the index's `C:`, and its
/// compressed data member must hash (SHA-256) to `.PKGINFO`'s `datahash`. The package's own
/// `.SIGN` is not consulted for packages from an index, as in apk 2 and 3.
public enum PackageIntegrity {
    /// Checks the control member against the index record's identity.
    public static func checkControl(_ compressedControl: [UInt8], against record: PackageRecord,
                                    file: String) throws(IntegrityError) {
        let actual = Digest.sha1.hash(compressedControl)
        guard actual == record.checksum.sha1 else {
            throw IntegrityError(file: file, problem: .controlMismatch(
                expected: record.checksum.description, actual: "Q1" + Base64.encode(actual)))
        }
    }

    /// Checks the data member against `datahash` (which must be present: apk 3 refuses
    /// packages without it).
    public static func checkData(_ compressedData: [UInt8], against info: PackageInfo,
                                 file: String) throws(IntegrityError) {
        let result = compressedData.withUnsafeBytes { bytes -> Result<Void, IntegrityError> in
            do throws(IntegrityError) { return .success(try checkData(bytes, against: info, file: file)) } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    /// ``checkData(_:against:file:)`` over bytes in place (a data member mapped from the
    /// package file, hashed without a copy).
    public static func checkData(_ compressedData: UnsafeRawBufferPointer, against info: PackageInfo,
                                 file: String) throws(IntegrityError) {
        guard let expected = info.datahash else { throw IntegrityError(file: file, problem: .noDatahash) }
        let actual = Digest.sha256.hash(compressedData)
        guard actual == expected else {
            throw IntegrityError(file: file, problem: .dataMismatch(expected: Hex.encode(expected), actual: Hex.encode(actual)))
        }
    }

    /// SHA-1 of `bytes` as a package identity (what `C:` should say for a control member).
    public static func identity(ofControlMember bytes: [UInt8]) -> PackageChecksum? {
        try? PackageChecksum(sha1: Digest.sha1.hash(bytes))
    }
}

/// A package whose bytes are not the ones the signed index vouches for.
public struct IntegrityError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        /// SHA-1 of the control member ≠ the index's `C:`.
        case controlMismatch(expected: String, actual: String)
        /// SHA-256 of the data member ≠ `datahash`.
        case dataMismatch(expected: String, actual: String)
        /// `.PKGINFO` has no `datahash`, so the data member is not covered by anything signed.
        case noDatahash
    }

    /// The package file or URL.
    public var file: String
    public var problem: Problem

    public init(file: String, problem: Problem) {
        self.file = file
        self.problem = problem
    }

    public var description: String {
        switch problem {
        case .controlMismatch(let expected, let actual):
            return "\(file): control member is \(actual) but the signed index says C:\(expected); the package is not the one the index lists (stale cache or tampered mirror): delete it and fetch again"
        case .dataMismatch(let expected, let actual):
            return "\(file): data member SHA-256 is \(actual) but .PKGINFO datahash says \(expected); the package contents were altered after signing: delete it and fetch again"
        case .noDatahash:
            return "\(file): .PKGINFO has no datahash, so nothing signed covers the package's files (apk 3 refuses such packages too)"
        }
    }
}
