import Archive
import Foundation
import POSIX

/// Alpine's own `apk.static` as the installer: taken from the signed `apk-tools-static`
/// package for the host's arch, checked like any package and then by its detached signature
/// (`sbin/apk.static.SIGN.RSA.sha256.<key>`), kept in the cache, and run on the new root
/// with a cleared environment:
///
///     apk.static --root ROOT --initdb --arch ARCH --keys-dir etc/apk/keys
///                --repository LINE… --update-cache --no-cache [--allow-untrusted] add WORLD…
///
/// `--keys-dir` is relative: apk resolves it against `--root` (apk-real-checks C9), so apk
/// trusts exactly the keys barracks copied into the root, never the host's.
struct ApkStaticInstaller {
    /// `<cache>/apk-static`: one directory per `apk-tools-static` checksum.
    let directory: String
    /// Added to the environment (which otherwise holds only PATH).
    let environment: [String: String]

    /// The command-line arguments (after the program) for a root.
    static func arguments(root: String, architecture: String, repositoryLines: [String], world: [String],
                          allowUntrusted: Bool) -> [String] {
        ["--root", root, "--initdb", "--arch", architecture, "--keys-dir", "etc/apk/keys"]
            + repositoryLines.flatMap { ["--repository", $0] }
            + ["--update-cache", "--no-cache"]
            + (allowUntrusted ? ["--allow-untrusted"] : [])
            + ["add"] + world
    }

    /// Extracts `sbin/apk.static` of the verified package into the cache (once) and checks
    /// its detached signature (every time: the cache is only as safe as its directory).
    /// Returns the binary's path and warnings.
    func prepare(_ package: VerifiedPackage, keyring: Keyring, allowUntrusted: Bool) throws(ProvisionError) -> (String, [String]) {
        let target = "\(directory)/\(package.record.checksum.hex)"
        let binary = target + "/sbin/apk.static"
        do {
            if !FileTree.isDirectory(target) {
                try FileTree.makeDirectories(directory)
                let staging = try TemporaryDirectory(prefix: ".extract-", in: directory)
                do {
                    let (reader, stream) = package.dataReader()
                    try ArchiveExtractor().extract(reader, into: staging.path)
                    try package.checkDataEnded(stream)
                    try FileTree.rename(staging.path, to: target)
                } catch {
                    staging.remove()
                    // Another process may have finished the same extraction first.
                    if !FileTree.isDirectory(target) { throw error }
                }
            }
        } catch {
            throw ProvisionError(.apkStaticSignature("cannot extract sbin/apk.static of \(package.url): \(error)"))
        }
        let name = "\(package.url): sbin/apk.static"
        let bytes: [UInt8]
        do {
            let file = try FileDescriptor.open(binary, O_RDONLY | O_NOFOLLOW)
            defer { try? file.close() }
            bytes = try file.readAll()
        } catch {
            throw ProvisionError(.apkStaticSignature("\(name) is not in the package: \(error)"))
        }
        return (binary, try checkSignature(of: bytes, in: target + "/sbin", name: name, keyring: keyring, allowUntrusted: allowUntrusted))
    }

    /// Verifies `sbin/apk.static.SIGN.RSA.sha256.<key>` (SHA-256) or the older
    /// `sbin/apk.static.SIGN.RSA.<key>` (SHA-1) over the binary's bytes.
    private func checkSignature(of binary: [UInt8], in directory: String, name: String, keyring: Keyring,
                                allowUntrusted: Bool) throws(ProvisionError) -> [String] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        var signatures: [SignatureFile] = []
        for file in names where file.hasPrefix("apk.static.SIGN.RSA.") {
            let rest = file.dropFirst("apk.static.SIGN.RSA.".count)
            let (algorithm, key) = rest.hasPrefix("sha256.") ? ("RSA256", rest.dropFirst("sha256.".count)) : ("RSA", rest)
            guard !key.isEmpty, let bytes = try? FileDescriptor.open(directory + "/" + file, O_RDONLY | O_NOFOLLOW),
                  let signature = try? bytes.readAll() else { continue }
            try? bytes.close()
            signatures.append(SignatureFile(entryName: ".SIGN.\(algorithm).\(key)", signature: signature))
        }
        do {
            _ = try keyring.verify(signatures: signatures, signedData: binary, file: name)
            return []
        } catch {
            if case .badSignature = error.problem { throw ProvisionError(.apkStaticSignature(error.description)) }
            guard allowUntrusted else {
                throw ProvisionError(.apkStaticSignature(signatures.isEmpty
                    ? "\(name) has no detached signature (sbin/apk.static.SIGN.RSA.sha256.<key>) beside it" : error.description))
            }
            return ["allow_untrusted: running \(name) although no trusted key signed it"]
        }
    }

    /// Runs apk.static on `root`; its output is in the error when it fails.
    func run(_ binary: String, root: String, architecture: String, repositoryLines: [String], world: [String],
             allowUntrusted: Bool, observer: (@Sendable (ProvisionEvent) -> Void)?) throws(ProvisionError) {
        let arguments = Self.arguments(root: root, architecture: architecture, repositoryLines: repositoryLines,
                                       world: world, allowUntrusted: allowUntrusted)
        var environment = environment
        environment["PATH"] = HostPlatform.standardPath
        let command = Subprocess(binary, arguments, environment: environment, workingDirectory: root)
        observer?(.runningApkStatic(commandLine: command.commandLine))
        let result: ProcessResult
        do {
            result = try command.run()
        } catch {
            throw ProvisionError(.apkStaticFailed(commandLine: command.commandLine, status: "did not start: \(error)", output: ""))
        }
        guard result.status.succeeded else {
            throw ProvisionError(.apkStaticFailed(commandLine: command.commandLine, status: result.status.description,
                                                  output: result.output + result.errorOutput))
        }
    }

    /// Compares what apk.static recorded in `lib/apk/db/installed` with the resolution.
    /// Returns a warning when there is no database to compare (nothing was installed).
    static func checkInstalled(root: String, expected: [PackageRecord]) throws(ProvisionError) -> [String] {
        guard let data = FileManager.default.contents(atPath: root + "/lib/apk/db/installed") else {
            return ["apk.static left no lib/apk/db/installed in the root, so what it installed was not compared with the resolved packages"]
        }
        var installed: Set<String> = []
        var current: [Character: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.count < 2 {
                if let name = current["P"] { installed.insert("\(name)-\(current["V"] ?? "") \(current["C"] ?? "")") }
                current = [:]
            } else if line.dropFirst().first == ":", let letter = line.first, "CPV".contains(letter) {
                current[letter] = String(line.dropFirst(2))
            }
        }
        let wanted = Set(expected.map { "\($0.description) \($0.checksum.description)" })
        guard installed == wanted else {
            let missing = wanted.subtracting(installed).sorted(), extra = installed.subtracting(wanted).sorted()
            throw ProvisionError(.apkStaticResult((missing.isEmpty ? "" : "not installed: \(missing.joined(separator: ", ")); ")
                + (extra.isEmpty ? "" : "installed in addition: \(extra.joined(separator: ", "))")))
        }
        return []
    }
}
