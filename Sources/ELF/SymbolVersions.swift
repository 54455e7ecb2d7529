/// The GNU symbol-versioning tables of a file: the versions it needs (`DT_VERNEED`) and the
/// versions it defines (`DT_VERDEF`). musl ignores versions; glibc enforces them.
public struct SymbolVersions: Sendable {
    /// A version required from a library: `GLIBC_2.0` from `libc.so.6`.
    public struct Need: Hashable, Sendable {
        public var library: String
        public var version: String
        /// The index symbols refer to through `versym`.
        public var index: UInt16
        public var weak: Bool
    }

    /// A version this file defines for others.
    public struct Definition: Hashable, Sendable {
        public var name: String
        public var index: UInt16
        /// The file's own base version (its SONAME), not a real version.
        public var isBase: Bool
    }

    public var needs: [Need] = []
    public var definitions: [Definition] = []

    public init(needs: [Need] = [], definitions: [Definition] = []) {
        self.needs = needs
        self.definitions = definitions
    }

    /// The needed version with `versym` index `index`.
    public func need(index: UInt16) -> Need? { needs.first { $0.index == index } }

    /// The defined version with `versym` index `index`.
    public func definition(index: UInt16) -> Definition? { definitions.first { $0.index == index } }

    static func read(_ file: ELFFile, _ dynamic: DynamicSection) throws -> SymbolVersions {
        var versions = SymbolVersions()
        guard dynamic.value(.versionNeeds) != nil || dynamic.value(.versionDefinitions) != nil else { return versions }
        guard let strings = try dynamic.stringTable ?? (dynamic.value(.stringTable).map {
            try DynamicSection.stringTableRange(file, address: $0, size: dynamic.value(.stringTableSize))
        }) else {
            throw ELFError("DT_STRTAB", "version tables without a string table")
        }
        let view = file.view
        func string(_ offset: UInt32, _ field: String) throws -> String {
            guard UInt64(offset) < UInt64(strings.count) else {
                throw ELFError(field, "string offset 0x\(String(offset, radix: 16)) lies past the string table")
            }
            return try view.cString(strings.lowerBound + UInt64(offset), limit: strings.upperBound, field)
        }
        // Every walk is bounded three ways: the declared count, a zero `next`, and the file.
        let limit = UInt64(view.count) / 16
        if let address = dynamic.value(.versionNeeds) {
            var entry = try file.fileOffset(ofAddress: address, length: 16, field: "DT_VERNEED")
            let declared = dynamic.value(.versionNeedCount) ?? limit
            for _ in 0..<min(declared, limit) {
                let count = try view.u16(entry + 2, "vn_cnt")
                let library = try string(try view.u32(entry + 4, "vn_file"), "vn_file")
                var aux = entry &+ UInt64(try view.u32(entry + 8, "vn_aux"))
                for _ in 0..<min(UInt64(count), limit) {
                    let flags = try view.u16(aux + 4, "vna_flags")
                    let index = try view.u16(aux + 6, "vna_other")
                    let name = try string(try view.u32(aux + 8, "vna_name"), "vna_name")
                    versions.needs.append(Need(library: library, version: name, index: index, weak: flags & 2 != 0))
                    let next = UInt64(try view.u32(aux + 12, "vna_next"))
                    if next == 0 { break }
                    aux = aux &+ next
                }
                let next = UInt64(try view.u32(entry + 12, "vn_next"))
                if next == 0 { break }
                entry = entry &+ next
            }
        }
        if let address = dynamic.value(.versionDefinitions) {
            var entry = try file.fileOffset(ofAddress: address, length: 20, field: "DT_VERDEF")
            let declared = dynamic.value(.versionDefinitionCount) ?? limit
            for _ in 0..<min(declared, limit) {
                let flags = try view.u16(entry + 2, "vd_flags")
                let index = try view.u16(entry + 4, "vd_ndx")
                let aux = entry &+ UInt64(try view.u32(entry + 12, "vd_aux"))
                let name = try string(try view.u32(aux, "vda_name"), "vda_name")
                versions.definitions.append(Definition(name: name, index: index, isBase: flags & 1 != 0))
                let next = UInt64(try view.u32(entry + 16, "vd_next"))
                if next == 0 { break }
                entry = entry &+ next
            }
        }
        return versions
    }
}
