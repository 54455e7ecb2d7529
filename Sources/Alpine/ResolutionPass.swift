/// One greedy pass of the resolver: requirements are met first come, first served (world
/// sorted by name, then breadth-first), each by the best candidate that fits what is already
/// selected; nothing chosen is ever undone within the pass.
struct ResolutionPass {
    /// A dependency to meet, with the chain that asked for it.
    struct Requirement {
        var dependency: Dependency
        var chain: [String]
        /// The package that declares it; nil for the world.
        var from: Int?
    }

    /// A pass that failed; `learn` is a constraint that a new pass could honour earlier.
    struct Failure: Error {
        var error: ResolutionError
        var learn: Dependency?
    }

    let table: ProviderTable
    let architecture: String
    /// Constraints earlier passes tripped over, by name: preferred when choosing.
    let learned: [String: [Dependency]]

    var selected: [Int: [String]] = [:]
    var selectedByName: [String: Int] = [:]
    var holders: [String: [(package: Int, version: ApkVersion?)]] = [:]
    var forbidden: [Requirement] = []
    var edges: [Int: Set<Int>] = [:]
    private var queue: [Requirement] = []
    private var head = 0
    private var deferred: [Requirement] = []

    init(table: ProviderTable, architecture: String, learned: [String: [Dependency]]) {
        self.table = table
        self.architecture = architecture
        self.learned = learned
    }

    mutating func run(world: [Dependency]) throws(Failure) {
        for dependency in world.sorted(by: { $0.description < $1.description }) {
            queue.append(Requirement(dependency: dependency, chain: ["world"], from: nil))
        }
        while true {
            while head < queue.count {
                let requirement = queue[head]
                head += 1
                try process(requirement)
            }
            // Virtual names last, so that a provider named explicitly elsewhere wins.
            if !deferred.isEmpty {
                let batch = deferred
                deferred = []
                for requirement in batch { try resolveVirtual(requirement) }
                continue
            }
            if try triggerInstallIf() { continue }
            return
        }
    }

    private mutating func process(_ requirement: Requirement) throws(Failure) {
        let dependency = requirement.dependency
        if let tag = dependency.tag { throw fail(requirement, .taggedRepository(tag)) }
        if dependency.isConflict { return try addConflict(requirement) }
        if let provider = satisfier(of: dependency) { return link(requirement.from, provider) }
        if let owner = versionedHolder(of: dependency.name) {
            let error = failure(requirement, .selectedVersionMismatch(selected: describe(owner), selectedFor: selected[owner] ?? []))
            throw Failure(error: error, learn: dependency)
        }
        let providers = table.providers[dependency.name] ?? []
        guard !providers.isEmpty else { throw fail(requirement, .noProvider) }
        let versioned = providers.filter { $0.version != nil }
        guard !versioned.isEmpty else {
            deferred.append(requirement)
            return
        }
        let matching = versioned.filter { provider in
            provider.version.map { version in
                dependency.isMet(byName: dependency.name, version: version, identity: table.packages[provider.package].record.checksum)
            } ?? false
        }
        guard !matching.isEmpty else {
            let available = versioned.map { provider in
                let record = table.packages[provider.package].record
                return record.name == dependency.name ? record.description : "\(record.description) (\(dependency.name)=\(provider.version?.text ?? ""))"
            }
            throw fail(requirement, .noMatchingVersion(available: available))
        }
        let chosen = try choose(from: matching, for: requirement)
        select(chosen, chain: requirement.chain)
        link(requirement.from, chosen)
    }

    /// The best installable candidate that fits the selection: highest version under the
    /// requested name, then provider priority, then name, package version, repository.
    private func choose(from providers: [ProviderTable.Provider], for requirement: Requirement) throws(Failure) -> Int {
        var refusals: [String] = []
        var blocked: ResolutionError.Problem?
        var viable: [ProviderTable.Provider] = []
        for provider in providers {
            let package = table.packages[provider.package]
            if let refusal = package.record.refusal(architecture: architecture) {
                refusals.append("\(package.record.description): \(refusal)")
            } else if let problem = obstacle(to: provider.package) {
                blocked = blocked ?? problem
            } else {
                viable.append(provider)
            }
        }
        if viable.isEmpty {
            if case .conflict(let package, _, let conflict, let from) = blocked {
                throw fail(requirement, .conflict(package: package, requiredBy: requirement.chain, conflict: conflict, from: from))
            }
            if let blocked { throw fail(requirement, blocked) }
            throw fail(requirement, .notInstallable(refusals))
        }
        let preferred = viable.filter { !violatesLearned($0.package) }
        let pool = preferred.isEmpty ? viable : preferred
        let best = pool.min { a, b in isBetter(a, than: b) }
        return best?.package ?? viable[0].package
    }

    private func isBetter(_ a: ProviderTable.Provider, than b: ProviderTable.Provider) -> Bool {
        if let va = a.version, let vb = b.version {
            switch va.compare(to: vb) {
            case .greater: return true
            case .less: return false
            case .equal: break
            }
        }
        let pa = table.packages[a.package], pb = table.packages[b.package]
        let priorityA = pa.record.providerPriority ?? 0, priorityB = pb.record.providerPriority ?? 0
        if priorityA != priorityB { return priorityA > priorityB }
        // Package numbers follow name, then version descending, then repository.
        return a.package < b.package
    }

    /// Meets a requirement on a name only unversioned packages provide: by a package already
    /// selected, else by the highest `provider_priority` (a tie is the user's call).
    private mutating func resolveVirtual(_ requirement: Requirement) throws(Failure) {
        let dependency = requirement.dependency
        if let provider = satisfier(of: dependency) { return link(requirement.from, provider) }
        let providers = table.providers[dependency.name] ?? []
        let names = Array(Set(providers.map { table.packages[$0.package].record.name })).sorted()
        if dependency.constraint != nil {
            throw fail(requirement, .noMatchingVersion(available: names.map { "\($0) (provides \(dependency.name) without a version)" }))
        }
        let prioritized = providers.filter { (table.packages[$0.package].record.providerPriority ?? 0) > 0 }
        guard !prioritized.isEmpty else { throw fail(requirement, .virtualWithoutPriority(providers: names)) }
        let chosen = try choose(from: prioritized, for: requirement)
        let top = table.packages[chosen].record
        let rivals = prioritized.filter { provider in
            let record = table.packages[provider.package].record
            return record.name != top.name && record.providerPriority == top.providerPriority
                && record.refusal(architecture: architecture) == nil && obstacle(to: provider.package) == nil
        }
        if !rivals.isEmpty {
            let tied = Array(Set([top.name] + rivals.map { table.packages[$0.package].record.name })).sorted()
            throw fail(requirement, .ambiguousProviders(providers: tied, priority: top.providerPriority ?? 0))
        }
        select(chosen, chain: requirement.chain)
        link(requirement.from, chosen)
    }

    mutating func select(_ number: Int, chain: [String]) {
        selected[number] = chain
        selectedByName[table.packages[number].record.name] = number
        for held in table.heldNames(of: number) { holders[held.name, default: []].append((number, held.version)) }
        let record = table.packages[number].record
        for dependency in record.depends {
            queue.append(Requirement(dependency: dependency, chain: chain + [record.name], from: number))
        }
    }

    mutating func link(_ dependent: Int?, _ provider: Int) {
        guard let dependent else { return }
        edges[dependent, default: []].insert(provider)
    }

    func describe(_ number: Int) -> String { table.packages[number].record.description }

    func failure(_ requirement: Requirement, _ problem: ResolutionError.Problem) -> ResolutionError {
        ResolutionError(chain: requirement.chain, dependency: requirement.dependency.description, problem: problem)
    }

    func fail(_ requirement: Requirement, _ problem: ResolutionError.Problem) -> Failure {
        Failure(error: failure(requirement, problem), learn: nil)
    }
}
