import ELF

/// The emulated loader's breadth-first walk over DT_NEEDED: which objects get loaded, in
/// which order (that order is also the symbol lookup order), and what each name resolved to.
struct LoadGraph {
    private(set) var objects: [LoadedObject] = []
    private(set) var resolutions: [LibraryResolution] = []
    private var search: LibrarySearch
    private let loader: LoadedObject
    private var loaderPlaced = false

    init(program: LoadedObject, preloads: [LoadedObject], loader: LoadedObject, search: LibrarySearch) {
        self.search = search
        self.loader = loader
        objects = [program] + preloads
    }

    /// Loads everything reachable from the program, in the loader's order.
    mutating func load() {
        var index = 0
        while index < objects.count {
            let object = objects[index]
            if object !== loader {
                for name in object.dynamic?.needed ?? [] {
                    let (outcome, opened) = resolve(name, neededBy: object)
                    resolutions.append(LibraryResolution(neededBy: object.name, name: name, outcome: outcome, openedPath: opened))
                }
            }
            index += 1
        }
        // The loader is always in the global scope; last, if nothing named it.
        placeLoader()
    }

    private mutating func resolve(_ name: String, neededBy object: LoadedObject) -> (LibraryResolution.Outcome, String?) {
        let outcome = search(name, neededBy: object)
        if case .found = outcome { return (outcome, lastOpened) }
        return (outcome, nil)
    }

    /// The path of the last library ``search(_:neededBy:)`` loaded.
    private var lastOpened: String?

    private mutating func search(_ name: String, neededBy object: LoadedObject) -> LibraryResolution.Outcome {
        let loaderNames = [search.loaderName, loader.dynamic?.soname].compactMap { $0 }
        if loaderNames.contains(name) || (search.flavor == .musl && MuslNames.isReserved(name)) {
            placeLoader()
            return .providedByLoader
        }
        if let existing = objects.first(where: { $0.name == name && $0.neededBy != nil }) {
            return .alreadyLoaded(existing.runtimePath)
        }
        let candidates: [String]
        if name.contains("/") {
            candidates = [name.hasPrefix("/") ? name : search.workingDirectory + "/" + name]
        } else {
            candidates = search.directories(for: object).map { $0 + "/" + name }
        }
        var rejected: [(String, String)] = []
        for path in candidates {
            guard let resolved = search.view.resolve(path) else { continue }
            if let existing = objects.first(where: { $0.identity == FileIdentity(path: resolved.hostPath) }) {
                return .alreadyLoaded(existing.runtimePath)
            }
            let loaded: LoadedObject
            do {
                loaded = try LoadedObject(name: name, resolved: resolved, neededBy: object)
            } catch {
                // musl stops at the first file it can open; glibc moves on.
                if search.flavor == .musl { return .unusable(path, reason: String(describing: error)) }
                rejected.append((path, String(describing: error)))
                continue
            }
            if let mismatch = architectureMismatch(loaded, object) {
                if search.flavor == .musl { return .unusable(path, reason: mismatch + "; musl maps it anyway and fails") }
                rejected.append((path, mismatch))
                continue
            }
            if search.flavor == .musl && loaded.isLibc {
                // musl refuses a second C library and answers with itself.
                placeLoader()
                return .providedByLoader
            }
            objects.append(loaded)
            lastOpened = path
            return .found(resolved.runtimePath)
        }
        if let (path, reason) = rejected.first { return .unusable(path, reason: reason) }
        let directories = name.contains("/") ? [] : search.directories(for: object)
        return .notFound(searched: directories)
    }

    private mutating func placeLoader() {
        guard !loaderPlaced else { return }
        loaderPlaced = true
        if !objects.contains(where: { $0 === loader }) { objects.append(loader) }
    }

    private func architectureMismatch(_ library: LoadedObject, _ requester: LoadedObject) -> String? {
        let a = library.file.header, b = requester.file.header
        guard a.machine != b.machine || a.elfClass != b.elfClass || a.byteOrder != b.byteOrder else { return nil }
        return "is \(a.elfClass) \(a.machine), but \(requester.name) is \(b.elfClass) \(b.machine)"
    }
}
