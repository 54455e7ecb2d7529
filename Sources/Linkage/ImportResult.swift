/// One imported symbol and what the root's loader would do with it.
public struct ImportResult: Sendable, Codable, Equatable {
    public enum Classification: String, Sendable, Codable {
        /// Resolved by an object in the root.
        case provided
        /// Missing from musl, provided by gcompat: add `gcompat` to the root.
        case needsGcompat = "needs-gcompat"
        /// Resolved by musl, but with a 64-bit `off_t`/`struct stat` layout the 32-bit glibc
        /// program does not use: it links, and may corrupt memory at run time.
        case abiHazard = "abi-hazard"
        /// Not found anywhere: the loader stops with "symbol not found".
        case missing
    }

    public var name: String
    /// The symbol version asked for (`GLIBC_2.0`), if any.
    public var version: String?
    public var weak: Bool
    public var classification: Classification
    /// The object that provides it, when one does.
    public var provider: String?
}

/// The imports of one loaded object, classified.
public struct ObjectImports: Sendable, Codable, Equatable {
    public var object: String
    public var imports: [ImportResult]

    public func count(_ classification: ImportResult.Classification) -> Int {
        imports.filter { $0.classification == classification && !$0.weak }.count
    }
}
