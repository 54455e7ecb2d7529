import Archive
import POSIX

/// Unpacks verified packages into a root, in install order, the way apk would: each data
/// member through the safe extractor (modes, symbolic and hard links kept; setuid, setgid
/// and devices refused or dropped; nothing owned by anyone but the user running barracks;
/// nothing replaced), recording every path for `lib/apk/db/installed`. A path two packages
/// both ship is a conflict naming both. A package whose index record says `I:0` (or has no
/// `I:`) is a meta package: apk installs nothing for it, and neither does this.
struct NativeInstaller {
    let root: String
    /// Runs pre-/post-install scripts when the request asks for it.
    let scripts: ScriptRunner?

    /// Installs `packages`; returns the installed database and warnings.
    func install(_ packages: [VerifiedPackage],
                 observer: (@Sendable (ProvisionEvent) -> Void)?) throws(ProvisionError) -> (InstalledDatabase, [String]) {
        var database = InstalledDatabase()
        var warnings: [String] = []
        var owners: [String: String] = [:]  // root-relative path → the package that created it
        var packageDirectories: Set<String> = []
        let extractor = ArchiveExtractor(limits: ExtractionLimits(maximumTotalBytes: 8 << 30, maximumEntries: 1_000_000))
        for (position, package) in packages.enumerated() {
            let name = package.record.description
            guard (package.record.installedSize ?? 0) > 0 else {
                warnings.append("\(name): the index gives no installed size (I:0), so, as apk does, nothing of it is installed")
                database.append(package.record, info: package.info, files: PackageFiles())
                continue
            }
            observer?(.installing(package: name, position: position + 1, count: packages.count))
            try runScript("pre-install", of: package, observer: observer)
            var files = PackageFiles()
            let (reader, stream) = package.dataReader()
            do {
                try extractor.extract(reader, into: root) { entry, path in
                    files.add(entry, at: path)
                    if owners[path] == nil { owners[path] = name }
                    if entry.kind == .directory { packageDirectories.insert(path) }
                }
            } catch let error as ArchiveError {
                if case .alreadyExists = error.problem, let entry = error.entry,
                   let owner = owners[PackageFiles.normalized(entry)], owner != name {
                    throw ProvisionError(.fileConflict(path: PackageFiles.normalized(entry), installedBy: owner, alsoIn: name))
                }
                // A failed write (a full disk) names the entry, not the disk: say where it went.
                let place = if case .system = error.problem { " (unpacking into \(root))" } else { "" }
                throw ProvisionError(.extraction(package: name, detail: error.description + place))
            } catch {
                throw ProvisionError(.extraction(package: name, detail: "\(error)"))
            }
            try package.checkDataEnded(stream)
            try runScript("post-install", of: package, observer: observer)
            database.append(package.record, info: package.info, files: files)
        }
        scripts?.finish(packageDirectories: packageDirectories)
        return (database, warnings)
    }

    /// Runs the package's `action` script, when it has one and scripts are to be run.
    private func runScript(_ action: String, of package: VerifiedPackage,
                           observer: (@Sendable (ProvisionEvent) -> Void)?) throws(ProvisionError) {
        guard let scripts, let script = package.scripts[action] else { return }
        observer?(.runningScript("\(package.record.description).\(action)"))
        try scripts.run(script, package: package.record, action: action)
    }
}
