/// Every package of the indexes, deduplicated, and who provides each name: the lookup
/// structure the resolver works on.
///
/// Packages are numbered in a canonical order (name, then version descending, then
/// repository, then identity), never in file order, so a shuffled index gives the same
/// numbers and the same resolution. The same `name-version` in two repositories is kept once,
/// from the first repository (apk prefers the lowest repository).
struct ProviderTable: Sendable {
    /// One way a package answers to a name.
    struct Provider: Sendable {
        var package: Int
        /// The version under that name; nil for an unversioned ("virtual") provide.
        var version: ApkVersion?
    }

    let packages: [AvailablePackage]
    let providers: [String: [Provider]]
    /// Packages with an `i:` rule, in package order.
    let installIfPackages: [Int]

    init(indexes: [APKIndex]) {
        var unique: [String: AvailablePackage] = [:]
        for (repository, index) in indexes.enumerated() {
            for record in index.records {
                let key = record.name + "\u{0}" + record.version.text
                if let existing = unique[key] {
                    // Same name-version: the lower repository wins; within one, the smaller identity.
                    if existing.repository < repository { continue }
                    if existing.repository == repository, existing.record.checksum.description <= record.checksum.description { continue }
                }
                unique[key] = AvailablePackage(record: record, repository: repository)
            }
        }
        packages = unique.values.sorted { a, b in
            if a.record.name != b.record.name { return a.record.name < b.record.name }
            switch a.record.version.compare(to: b.record.version) {
            case .greater: return true
            case .less: return false
            case .equal:
                if a.record.version.text != b.record.version.text { return a.record.version.text < b.record.version.text }
                return a.repository < b.repository
            }
        }
        var providers: [String: [Provider]] = [:]
        var installIf: [Int] = []
        for (number, package) in packages.enumerated() {
            providers[package.record.name, default: []].append(Provider(package: number, version: package.record.version))
            for provide in package.record.provides where provide.name != package.record.name {
                providers[provide.name, default: []].append(Provider(package: number, version: provide.version))
            }
            if !package.record.installIf.isEmpty { installIf.append(number) }
        }
        self.providers = providers
        installIfPackages = installIf
    }

    /// The names a package holds once selected: its own name and every provide, with the
    /// version under each (nil: unversioned).
    func heldNames(of number: Int) -> [(name: String, version: ApkVersion?)] {
        let record = packages[number].record
        return [(record.name, record.version)]
            + record.provides.filter { $0.name != record.name }.map { ($0.name, $0.version) }
    }
}

/// A package as offered by one of the indexes.
public struct AvailablePackage: Hashable, Sendable, CustomStringConvertible {
    public var record: PackageRecord
    /// The position of its index in the list given to the resolver (0 = first repository).
    public var repository: Int

    public var description: String { record.description }
}
