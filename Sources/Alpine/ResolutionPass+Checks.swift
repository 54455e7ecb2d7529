/// What the pass asks of the current selection: who meets a dependency, what stands in a
/// candidate's way, conflicts, and install_if triggers.
extension ResolutionPass {
    /// A selected package that meets `dependency` (by name or provide), if any.
    func satisfier(of dependency: Dependency) -> Int? {
        for holder in holders[dependency.name] ?? [] {
            let identity = table.packages[holder.package].record.checksum
            if dependency.isMet(byName: dependency.name, version: holder.version, identity: identity) { return holder.package }
        }
        return nil
    }

    /// The selected package that owns `name` with a version (a package name or a versioned
    /// provide): at most one package can.
    func versionedHolder(of name: String) -> Int? {
        holders[name]?.first { $0.version != nil }?.package
    }

    /// Why `number` cannot join the selection, or nil if it can.
    func obstacle(to number: Int) -> ResolutionError.Problem? {
        let record = table.packages[number].record
        if let other = selectedByName[record.name], other != number {
            return .sameNameProvided(name: record.name, selected: describe(other), selectedFor: selected[other] ?? [],
                                     candidate: record.description)
        }
        // apk: a name is owned by one versioned provider, or shared by unversioned ones only.
        for held in table.heldNames(of: number) {
            for holder in holders[held.name] ?? [] where holder.package != number {
                if held.version != nil || holder.version != nil {
                    return .sameNameProvided(name: held.name, selected: describe(holder.package),
                                             selectedFor: selected[holder.package] ?? [], candidate: record.description)
                }
            }
        }
        for conflict in forbidden where conflict.from != number && meets(number, conflict.dependency) {
            return .conflict(package: record.description, requiredBy: [], conflict: conflict.dependency.description,
                             from: conflict.chain)
        }
        return nil
    }

    /// Whether package `number` has or provides what `dependency` names (an unversioned
    /// provide matches any conflict on its name, as in apk).
    func meets(_ number: Int, _ dependency: Dependency) -> Bool {
        let identity = table.packages[number].record.checksum
        return table.heldNames(of: number).contains { held in
            held.name == dependency.name
                && (held.version == nil || dependency.isMet(byName: held.name, version: held.version, identity: identity))
        }
    }

    /// Records a `!name` requirement and checks it against what is already selected.
    mutating func addConflict(_ requirement: Requirement) throws(Failure) {
        forbidden.append(requirement)
        for (number, chain) in selected.sorted(by: { $0.key < $1.key })
        where number != requirement.from && meets(number, requirement.dependency) {
            throw Failure(error: ResolutionError(
                chain: requirement.chain, dependency: requirement.dependency.description,
                problem: .conflict(package: describe(number), requiredBy: chain, conflict: requirement.dependency.description,
                                   from: requirement.chain)), learn: nil)
        }
    }

    /// Whether a candidate's names break a constraint an earlier pass tripped over.
    func violatesLearned(_ number: Int) -> Bool {
        guard !learned.isEmpty else { return false }
        let identity = table.packages[number].record.checksum
        return table.heldNames(of: number).contains { held in
            guard let version = held.version else { return false }
            return (learned[held.name] ?? []).contains { !$0.isMet(byName: held.name, version: version, identity: identity) }
        }
    }

    /// Selects the first package (in package order: name, then highest version) whose
    /// install_if rule is met by the selection; returns whether it selected one.
    mutating func triggerInstallIf() throws(Failure) -> Bool {
        for number in table.installIfPackages {
            let record = table.packages[number].record
            guard selectedByName[record.name] == nil, record.refusal(architecture: architecture) == nil,
                  obstacle(to: number) == nil else { continue }
            var triggers: [Int] = []
            let met = record.installIf.allSatisfy { condition in
                if condition.isConflict {
                    return !selected.keys.contains { meets($0, condition) }
                }
                guard let provider = satisfier(of: condition) else { return false }
                triggers.append(provider)
                return true
            }
            guard met else { continue }
            select(number, chain: ["install_if: " + record.installIf.map(\.description).joined(separator: " ")])
            for trigger in triggers { link(number, trigger) }
            return true
        }
        return false
    }
}
