/// One root being built in its temporary directory: the two installers' steps.
struct RootBuild {
    let root: String
    let request: RootRequest
    let repositoryLines: [String]
    let resolution: Resolution
    /// The resolved packages as reported (filled in with what was downloaded).
    let packages: [InstalledPackage]
    /// The root arch's trusted keys (copied into `etc/apk/keys`).
    let keyring: Keyring
    let files: FileSource
    let observer: (@Sendable (ProvisionEvent) -> Void)?

    /// Fetches, verifies (all before any extraction), extracts, writes apk's files, and runs
    /// the install scripts when asked.
    func installNatively() throws(ProvisionError) -> RootRecord {
        let count = packages.count
        observer?(.step("fetching \(count) package\(count == 1 ? "" : "s")"))
        let fetched = try files.fetch(packages.map(\.url), immutable: true,
                                      reason: "apk checked against the signed index (C: and datahash)", observer: observer)
        observer?(.step("verifying \(count) package\(count == 1 ? "" : "s")"))
        var verified: [VerifiedPackage] = []
        var reported = packages
        for (position, (package, file)) in zip(resolution.packages, fetched).enumerated() {
            verified.append(try VerifiedPackage(file: file, package: package))
            reported[position].sha256 = file.sha256
            reported[position].size = UInt64(max(0, file.size))
        }
        let runner = request.runScripts ? try ScriptRunner(root: root, architecture: request.arch) : nil
        let (database, warnings) = try NativeInstaller(root: root, scripts: runner).install(verified, observer: observer)
        try ApkConfiguration.write(root: root, world: request.world, architecture: request.arch,
                                   repositoryLines: repositoryLines, keyring: keyring, database: database)
        // What apk would run on a fresh install and barracks did not.
        let notRun = request.runScripts ? ["trigger"] : VerifiedPackage.installActions + ["trigger"]
        let scripts = verified.filter { ($0.record.installedSize ?? 0) > 0 }.flatMap { package in
            notRun.filter { package.scripts[$0] != nil }.map { "\(package.record.description).\($0)" }
        }
        return RootRecord(format: RootCache.formatVersion, packages: reported, scripts: scripts, warnings: warnings)
    }

    /// Fetches and verifies `apk-tools-static`, copies the keys into the root, runs
    /// apk.static, and compares what it installed with the resolution.
    func installWithApkStatic(_ source: ApkToolsSource, _ installer: ApkStaticInstaller) throws(ProvisionError) -> RootRecord {
        observer?(.step("fetching \(source.package.record.description) for \(source.architecture)"))
        let fetched = try files.fetch([source.url], immutable: true,
                                      reason: "apk checked against the signed index (C: and datahash)", observer: observer)
        let verified = try VerifiedPackage(file: fetched[0], package: source.package)
        let (binary, warnings) = try installer.prepare(verified, keyring: source.keyring, allowUntrusted: request.allowUntrusted)
        try ApkConfiguration.writeKeys(keyring, into: root)
        try installer.run(binary, root: root, architecture: request.arch, repositoryLines: repositoryLines,
                          world: request.world, allowUntrusted: request.allowUntrusted, observer: observer)
        let checked = try ApkStaticInstaller.checkInstalled(root: root, expected: resolution.packages.map(\.record))
        return RootRecord(format: RootCache.formatVersion, packages: packages, scripts: [], warnings: warnings + checked)
    }
}
