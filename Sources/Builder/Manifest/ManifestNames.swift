/// The shapes of the manifest's names, checked byte by byte. (An ICU regular expression cost a
/// tenth of a no-op rebuild, and its `$` also matches before a trailing newline, which let
/// `"demo\n"` through as a bundle name.)
enum ManifestNames {
    /// `[a-z0-9][a-z0-9._-]{0,63}`: a bundle name, also a file name and a host name part.
    static func isBundleName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= 64, isLower(first) || isDigit(first) else { return false }
        return bytes.allSatisfy { isLower($0) || isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// `v[0-9]+\.[0-9]+`: an Alpine release branch such as `v3.24`.
    static func isReleaseBranch(_ branch: String) -> Bool {
        let bytes = Array(branch.utf8)
        guard bytes.first == UInt8(ascii: "v"), let dot = bytes.firstIndex(of: UInt8(ascii: ".")) else { return false }
        let major = bytes[1..<dot], minor = bytes[(dot + 1)...]
        return !major.isEmpty && !minor.isEmpty && major.allSatisfy(isDigit) && minor.allSatisfy(isDigit)
    }

    /// `[a-z][a-z0-9_-]*`: a repository such as `main` or `community`.
    static func isRepositoryName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, isLower(first) else { return false }
        return bytes.allSatisfy { isLower($0) || isDigit($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// 64 lower-case hex digits, as sha256sum prints them.
    static func isSHA256(_ digest: String) -> Bool {
        digest.utf8.count == 64 && digest.utf8.allSatisfy { isDigit($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`: a name the launcher's shell and bwrap's `--setenv` accept.
    static func isEnvironmentName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, !isDigit(first) else { return false }
        return bytes.allSatisfy { isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") }
    }

    private static func isLower(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }
    private static func isLetter(_ byte: UInt8) -> Bool { isLower(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) }
    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
