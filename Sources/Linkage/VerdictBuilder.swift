import ELF

/// Turns the loader status, library resolutions and classified imports into a verdict with
/// remedies a user can act on.
struct VerdictBuilder {
    let loader: LoaderStatus
    let libraries: [LibraryResolution]
    let objects: [ObjectImports]
    let architecture: Architecture?

    func verdict() -> Verdict {
        var remedies: [String] = []
        var fatal = false
        for library in libraries {
            switch library.outcome {
            case .notFound:
                fatal = true
                remedies.append("\(library.name) (needed by \(library.neededBy)) is not in the root: add the package that provides so:\(library.name)")
            case .unusable(let path, let reason):
                fatal = true
                remedies.append("\(path) cannot be loaded: \(reason)")
            default: break
            }
        }
        let all = objects.flatMap(\.imports).filter { !$0.weak }
        let gcompat = Set(all.filter { $0.classification == .needsGcompat }.map(\.name)).sorted()
        let missing = Set(all.filter { $0.classification == .missing }.map(\.name)).sorted()
        let hazards = Set(all.filter { $0.classification == .abiHazard }.map(\.name)).sorted()
        if !missing.isEmpty {
            fatal = true
            remedies.append("missing from the root (musl and gcompat do not have them): \(list(missing)); the program cannot run on this root as built")
        }
        if !gcompat.isEmpty {
            fatal = true
            remedies.append("glibc-only symbols \(list(gcompat)): add `gcompat` to the root's packages")
        }
        if fatal { return Verdict(outcome: .wontRun, remedies: remedies) }
        if let link = loader.suggestedLink {
            remedies.append("create the loader link \(link) (barracks build does this)")
        }
        if !hazards.isEmpty {
            remedies.append("\(list(hazards)) bind to musl's 64-bit-offset versions while this 32-bit program passes 32-bit ones: test its file handling, or rebuild it with -D_FILE_OFFSET_BITS=64")
        }
        if loader.suggestedLink != nil { return Verdict(outcome: .needsLoaderLink, remedies: remedies) }
        return Verdict(outcome: hazards.isEmpty ? .runs : .runsWithWarnings, remedies: remedies)
    }

    private func list(_ names: [String]) -> String {
        names.count <= 12 ? names.joined(separator: ", ") : names.prefix(12).joined(separator: ", ") + " and \(names.count - 12) more"
    }
}
