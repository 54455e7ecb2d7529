import Fetch

/// Why a root could not be provisioned. Each description names the index, package, file or
/// command at fault and says what to do when there is something to do. Nothing is left
/// behind that a later build could mistake for a finished root.
public struct ProvisionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Problem: Equatable, Sendable {
        /// The request itself cannot be served (no world, no repository, bad mirror).
        case request(String)
        /// A key file or the keys directory could not be used.
        case keys(String)
        /// An index is not signed by a trusted key (unsigned, unknown key, bad signature).
        case untrustedIndex(SignatureError)
        /// An index file that is not a valid APKINDEX.tar.gz.
        case malformedIndex(url: String, detail: String)
        /// The world cannot be resolved from the indexes.
        case resolution(ResolutionError, architecture: String)
        /// The resolution differs from the lock file (one line per difference).
        case lockMismatch([String])
        /// Downloads failed (every URL with its reason).
        case downloads(FetchFailures)
        /// Files of a local mirror that are not there.
        case missingLocalFiles([String])
        /// A package is not the one its signed index vouches for (`C:` or `datahash`).
        case integrity(IntegrityError)
        /// A package file that is not a valid apk v2 package.
        case malformedPackage(url: String, detail: String)
        /// Two packages ship the same path.
        case fileConflict(path: String, installedBy: String, alsoIn: String)
        /// Extracting a package's data member failed.
        case extraction(package: String, detail: String)
        /// The host cannot run the root's install scripts (no bwrap, foreign arch, no /bin/sh).
        case cannotRunScripts(String)
        /// An install script failed: its name, how it ended, and what it printed.
        case scriptFailed(script: String, status: String, output: String)
        /// `apk-tools-static` for the host's arch is not in the signed host-arch index.
        case noApkToolsStatic(architecture: String, detail: String)
        /// `sbin/apk.static`'s detached signature is missing or does not verify.
        case apkStaticSignature(String)
        /// `apk.static` failed: the command, how it ended, and its output.
        case apkStaticFailed(commandLine: String, status: String, output: String)
        /// `apk.static` installed something other than what barracks resolved.
        case apkStaticResult(String)
        /// The root cache (lock, temporary directory, rename) or writing into the new root failed.
        case cache(String)
        /// Copying the finished root out of the cache failed (the destination is untouched).
        case export(String)
    }

    /// What went wrong.
    public var problem: Problem

    /// An error for `problem`.
    public init(_ problem: Problem) {
        self.problem = problem
    }

    public var description: String {
        switch problem {
        case .request(let detail):
            return detail
        case .keys(let detail):
            return "trusted keys: \(detail)"
        case .untrustedIndex(let error):
            return "index not trusted: \(error.description)"
        case .malformedIndex(let url, let detail):
            return "index \(url) is not a valid APKINDEX.tar.gz: \(detail)"
        case .resolution(let error, let architecture):
            return "cannot resolve the packages for \(architecture): \(error.description)"
        case .lockMismatch(let differences):
            return "the packages differ from the lock file (--locked):\n" + differences.map { "  - " + $0 }.joined(separator: "\n")
                + "\nupdate the lock file (build without --locked) if the new packages are wanted"
        case .downloads(let failures):
            return failures.description
        case .missingLocalFiles(let paths):
            return "not in the local mirror: " + paths.joined(separator: ", ")
        case .integrity(let error):
            return "package verification failed: \(error.description)"
        case .malformedPackage(let url, let detail):
            return "package \(url) is not a valid apk v2 package: \(detail)"
        case .fileConflict(let path, let first, let second):
            return "file conflict: /\(path) is in both \(first) and \(second); remove one of them from the packages"
        case .extraction(let package, let detail):
            return "cannot install \(package): \(detail)"
        case .cannotRunScripts(let detail):
            return "cannot run install scripts: \(detail)"
        case .scriptFailed(let script, let status, let output):
            return "install script \(script) failed (\(status))" + Self.outputBlock(output)
        case .noApkToolsStatic(let architecture, let detail):
            return "no apk-tools-static for the host's arch \(architecture): \(detail); use the native installer"
        case .apkStaticSignature(let detail):
            return "apk.static refused: \(detail)"
        case .apkStaticFailed(let commandLine, let status, let output):
            return "apk.static failed (\(status)): \(commandLine)" + Self.outputBlock(output)
        case .apkStaticResult(let detail):
            return "apk.static installed something else than was resolved: \(detail)"
        case .cache(let detail):
            return "root cache: \(detail)"
        case .export(let detail):
            return detail
        }
    }

    /// The captured output, indented, or a note that there was none.
    private static func outputBlock(_ output: String) -> String {
        let trimmed = output.trimmingTrailingNewlines
        guard !trimmed.isEmpty else { return "; it printed nothing" }
        return "; its output:\n" + trimmed.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }
}

extension String {
    /// The text without trailing newlines.
    var trimmingTrailingNewlines: String {
        var text = Substring(self)
        while text.last == "\n" || text.last == "\r" { text = text.dropLast() }
        return String(text)
    }
}
