/// A malformed or unsupported ELF file: which field is bad, where, and why.
///
/// Descriptions read `e_phoff at 0x1c: points past the end of the file (0x40 + 56 > 0x30)`;
/// the inspector prefixes the file name.
public struct ELFError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The field or structure at fault, named as the ELF specification names it
    /// (`e_phnum`, `PT_INTERP`, `DT_STRTAB`, `DT_GNU_HASH`, `versym`).
    public var field: String
    /// The file offset the field was read from, when known.
    public var offset: UInt64?
    /// What is wrong with it.
    public var problem: String

    public init(_ field: String, at offset: UInt64? = nil, _ problem: String) {
        self.field = field
        self.offset = offset
        self.problem = problem
    }

    public var description: String {
        if let offset { return "\(field) at 0x\(String(offset, radix: 16)): \(problem)" }
        return "\(field): \(problem)"
    }

    static func notELF() -> ELFError {
        ELFError("e_ident", at: 0, "not an ELF file (no \\x7fELF magic)")
    }

    static func truncated(_ field: String, at offset: UInt64, need: UInt64, fileSize: Int) -> ELFError {
        ELFError(field, at: offset,
                 "needs \(need) bytes but the file ends at 0x\(String(fileSize, radix: 16)) (truncated or a bad offset)")
    }
}
