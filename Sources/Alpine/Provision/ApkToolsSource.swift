/// Where `apk-tools-static` comes from: the host arch's signed index of the same branch and
/// repositories (apk.static must run on the host, whatever arch the root is).
struct ApkToolsSource {
    let architecture: String
    let package: Resolution.Package
    /// Its URL: `<repository line>/<A:>/apk-tools-static-<version>.apk`.
    let url: String
    /// The index it was found in.
    let index: IndexSource
    /// Every host-arch index read.
    let indexes: [IndexSource]
    /// The host-arch keyring: Alpine's keys for the host's arch plus the keys directory. It
    /// checks the host index and apk.static's detached signature.
    let keyring: Keyring
    let warnings: [String]
}

extension Provisioner {
    /// Finds `apk-tools-static` for the host's arch in the signed host-arch indexes.
    func locateApkTools(_ request: RootRequest, lines: [String], files: FileSource,
                        observer: (@Sendable (ProvisionEvent) -> Void)?) throws(ProvisionError) -> ApkToolsSource {
        guard let host = HostPlatform.architecture else {
            throw ProvisionError(.noApkToolsStatic(architecture: "unknown", detail: "this host's arch is not one Alpine builds for"))
        }
        var ignored: [String] = []  // the keys directory was already reported with the root's keyring
        let keyring = try Self.keyring(for: host, request.extraKeysDirectory, warnings: &ignored)
        let (loaded, warnings) = try IndexLoader(files: files, keyring: keyring, allowUntrusted: request.allowUntrusted)
            .load(repositoryLines: lines, architecture: host, observer: observer)
        let resolution: Resolution
        do {
            resolution = try Resolver(indexes: loaded.map(\.index), architecture: host).resolve(packages: ["apk-tools-static"])
        } catch {
            throw ProvisionError(.noApkToolsStatic(architecture: host, detail: "\(error)"))
        }
        guard let package = resolution.packages.first(where: { $0.record.name == "apk-tools-static" }) else {
            throw ProvisionError(.noApkToolsStatic(architecture: host, detail: "no package of that name in \(loaded.map(\.source.url).joined(separator: ", "))"))
        }
        let url = lines[package.repository] + "/" + package.record.downloadPath(primaryArchitecture: host)
        return ApkToolsSource(architecture: host, package: package, url: url, index: loaded[package.repository].source,
                              indexes: loaded.map(\.source), keyring: keyring, warnings: warnings)
    }
}
