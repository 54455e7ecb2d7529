/// `d_tag` of a dynamic-section entry (signed in the file; kept as its bit pattern).
public struct DynamicTag: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let null = DynamicTag(rawValue: 0)
    public static let needed = DynamicTag(rawValue: 1)
    public static let pltRelocationSize = DynamicTag(rawValue: 2)
    public static let hash = DynamicTag(rawValue: 4)
    public static let stringTable = DynamicTag(rawValue: 5)
    public static let symbolTable = DynamicTag(rawValue: 6)
    public static let rela = DynamicTag(rawValue: 7)
    public static let relaSize = DynamicTag(rawValue: 8)
    public static let stringTableSize = DynamicTag(rawValue: 10)
    public static let symbolEntrySize = DynamicTag(rawValue: 11)
    public static let soname = DynamicTag(rawValue: 14)
    public static let rpath = DynamicTag(rawValue: 15)
    public static let rel = DynamicTag(rawValue: 17)
    public static let relSize = DynamicTag(rawValue: 18)
    public static let pltRelocationType = DynamicTag(rawValue: 20)
    public static let textRelocations = DynamicTag(rawValue: 22)
    public static let jumpRelocations = DynamicTag(rawValue: 23)
    public static let bindNow = DynamicTag(rawValue: 24)
    public static let runpath = DynamicTag(rawValue: 29)
    public static let flags = DynamicTag(rawValue: 30)
    public static let gnuHash = DynamicTag(rawValue: 0x6fff_fef5)
    public static let versionSymbols = DynamicTag(rawValue: 0x6fff_fff0)
    public static let flags1 = DynamicTag(rawValue: 0x6fff_fffb)
    public static let versionDefinitions = DynamicTag(rawValue: 0x6fff_fffc)
    public static let versionDefinitionCount = DynamicTag(rawValue: 0x6fff_fffd)
    public static let versionNeeds = DynamicTag(rawValue: 0x6fff_fffe)
    public static let versionNeedCount = DynamicTag(rawValue: 0x6fff_ffff)
}

/// `DT_FLAGS` bits.
public struct DynamicFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let origin = DynamicFlags(rawValue: 0x1)
    public static let symbolic = DynamicFlags(rawValue: 0x2)
    public static let textRelocations = DynamicFlags(rawValue: 0x4)
    public static let bindNow = DynamicFlags(rawValue: 0x8)
    public static let staticTLS = DynamicFlags(rawValue: 0x10)

    /// Names of the set bits, as readelf prints them.
    public var names: [String] {
        [(Self.origin, "ORIGIN"), (.symbolic, "SYMBOLIC"), (.textRelocations, "TEXTREL"),
         (.bindNow, "BIND_NOW"), (.staticTLS, "STATIC_TLS")].filter { contains($0.0) }.map(\.1)
    }
}

/// `DT_FLAGS_1` bits barracks reports.
public struct DynamicFlags1: OptionSet, Hashable, Sendable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let now = DynamicFlags1(rawValue: 0x1)
    public static let global = DynamicFlags1(rawValue: 0x2)
    public static let noDelete = DynamicFlags1(rawValue: 0x8)
    public static let origin = DynamicFlags1(rawValue: 0x80)
    public static let noDefaultLibraries = DynamicFlags1(rawValue: 0x800)
    public static let pie = DynamicFlags1(rawValue: 0x0800_0000)

    /// Names of the set bits barracks knows, as readelf prints them.
    public var names: [String] {
        [(Self.now, "NOW"), (.global, "GLOBAL"), (.noDelete, "NODELETE"), (.origin, "ORIGIN"),
         (.noDefaultLibraries, "NODEFLIB"), (.pie, "PIE")].filter { contains($0.0) }.map(\.1)
    }
}
