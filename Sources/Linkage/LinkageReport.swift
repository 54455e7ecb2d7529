/// The whole answer to "will this program run on that root?": its loader, every library it
/// needs and what each resolved to, every import classified, and the verdict.
public struct LinkageReport: Sendable, Codable, Equatable {
    public var program: String
    public var loader: LoaderStatus?
    public var libraries: [LibraryResolution]
    /// Objects in load (and symbol lookup) order, each with its classified imports.
    public var objects: [ObjectImports]
    public var verdict: Verdict

    /// The program's own imports.
    public var programImports: [ImportResult] { objects.first?.imports ?? [] }

    /// Names, over every loaded object, that the loader would report "symbol not found" for.
    public var unresolvedSymbols: Set<String> {
        Set(objects.flatMap { $0.imports.filter { !$0.weak && ($0.classification == .missing || $0.classification == .needsGcompat) }.map(\.name) })
    }
}
