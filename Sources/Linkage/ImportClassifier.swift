import ELF

/// Looks every import of every loaded object up the way the root's loader would, and sorts
/// the results into provided / needs gcompat / ABI hazard / missing.
struct ImportClassifier {
    let objects: [LoadedObject]
    let loader: LoadedObject
    let flavor: LoaderFlavor

    func classify() throws -> [ObjectImports] {
        try objects.filter { $0 !== loader }.map { object in
            let is32 = object.file.header.elfClass == .elf32
            let results = try object.imports().map { item in classify(item, of: object, is32: is32) }
            return ObjectImports(object: object.neededBy == nil ? object.runtimePath : object.name, imports: results)
        }
    }

    private func classify(_ item: LoadedObject.Import, of object: LoadedObject, is32: Bool) -> ImportResult {
        var result = ImportResult(name: item.name, version: item.version, weak: item.weak, classification: .missing, provider: nil)
        if let provider = lookup(item) {
            result.provider = provider === loader ? loader.runtimePath : provider.name
            let hazard = flavor == .musl && provider === loader && is32 && GlibcOnlySymbols.abiHazardsOn32Bit.contains(item.name)
            result.classification = hazard ? .abiHazard : .provided
        } else if GlibcOnlySymbols.providedByGcompat.contains(item.name) {
            result.classification = .needsGcompat
        }
        return result
    }

    /// The first object, in load order, that defines `item` for others.
    private func lookup(_ item: LoadedObject.Import) -> LoadedObject? {
        switch flavor {
        case .musl:
            if let provider = objects.first(where: { $0.exports.contains(item.name) }) { return provider }
        case .glibc:
            for candidate in objects {
                guard let versions = candidate.glibcExports[item.name] else { continue }
                // A versioned reference to this library needs that version of the symbol.
                if let version = item.version, candidate.dynamic?.soname == item.library, !versions.isEmpty,
                   !versions.contains(version) { continue }
                return candidate
            }
            return nil
        }
        // musl ≥ 1.2.4 binds `open64` and friends to the plain names at relocation time.
        if flavor == .musl, let base = MuslNames.lfs64Fallback(item.name), loader.exports.contains(base) {
            return loader
        }
        return nil
    }
}
