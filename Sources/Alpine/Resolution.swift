/// The packages to install, dependencies before dependents.
public struct Resolution: Sendable {
    /// One package to install.
    public struct Package: Sendable, CustomStringConvertible {
        public var record: PackageRecord
        /// The index (repository) it comes from, by position.
        public var repository: Int
        /// Why it is installed: the chain that first required it, e.g. `["world", "busybox"]`
        /// for a dependency of busybox, or `["install_if: foo docs"]`.
        public var requiredBy: [String]

        public var description: String { record.description }
    }

    /// In install order: every package after the packages it depends on (ties broken by
    /// name; a dependency cycle is broken at the smallest name).
    public var packages: [Package]

    /// The names, in install order.
    public var names: [String] { packages.map(\.record.name) }

    /// Orders `selected` (package number → why) so that providers come before dependents.
    static func installOrder(_ selected: [Int: [String]], edges: [Int: Set<Int>], table: ProviderTable) -> [Package] {
        var waiting: [Int: Set<Int>] = [:]  // package → providers not yet placed
        var dependents: [Int: [Int]] = [:]
        for number in selected.keys {
            let providers = (edges[number] ?? []).filter { $0 != number && selected[$0] != nil }
            waiting[number] = providers
            for provider in providers { dependents[provider, default: []].append(number) }
        }
        func name(_ number: Int) -> String { table.packages[number].record.name }
        var ready = waiting.filter { $0.value.isEmpty }.map(\.key)
        var order: [Int] = []
        while !waiting.isEmpty {
            if ready.isEmpty, let cycleBreaker = waiting.keys.min(by: { name($0) < name($1) }) {
                ready = [cycleBreaker]
            }
            ready.sort { name($0) > name($1) }  // pop the smallest name from the end
            guard let next = ready.popLast() else { break }
            guard waiting.removeValue(forKey: next) != nil else { continue }
            order.append(next)
            for dependent in dependents[next] ?? [] {
                guard var remaining = waiting[dependent] else { continue }
                remaining.remove(next)
                waiting[dependent] = remaining
                if remaining.isEmpty { ready.append(dependent) }
            }
        }
        return order.map { number in
            let available = table.packages[number]
            return Package(record: available.record, repository: available.repository, requiredBy: selected[number] ?? [])
        }
    }
}
