/// An ELF file: the header and program headers up front, everything else (interpreter,
/// dynamic section, symbols, versions) on demand, each read bounds-checked.
///
/// The bytes are either in memory and borrowed (pass an `owner`, such as the mapping, to keep
/// them alive as long as this value, or use ``init(copying:)``), or read range by range
/// through a function (``init(size:read:)``), so a large file costs only what is looked at.
public struct ELFFile: @unchecked Sendable {
    public let header: FileHeader
    public let programHeaders: [ProgramHeader]
    let view: ByteView
    private let owner: AnyObject?

    /// Parses the header and program headers of the ELF file in `bytes`.
    public init(bytes: UnsafeRawBufferPointer, owner: AnyObject? = nil) throws {
        // An empty buffer may have no base address; it never gets past the size check.
        let base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        try self.init(size: bytes.count, storage: .memory(base), owner: owner)
    }

    /// Parses the header and program headers of a `size`-byte file whose bytes `read` gives:
    /// `read(offset, count)` returns exactly `count` bytes at `offset` (fewer only if the file
    /// shrank), in memory that stays valid as long as this value is used. Called with page-sized
    /// windows around what the readers touch, each range at most once.
    public init(size: Int, read: @escaping @Sendable (_ offset: Int, _ count: Int) throws -> UnsafeRawBufferPointer) throws {
        try self.init(size: size, storage: .paged(Pager(size: size, read: read)), owner: nil)
    }

    private init(size: Int, storage: ByteView.Storage, owner: AnyObject?) throws {
        let (header, view) = try FileHeader.read(size: size, storage)
        self.header = header
        self.view = view
        self.owner = owner
        programHeaders = try ProgramHeader.readTable(header, view)
    }

    /// Parses a private copy of `bytes` (for tests and fuzzing).
    public init(copying bytes: [UInt8]) throws {
        let storage = OwnedBytes(bytes)
        try self.init(bytes: storage.buffer, owner: storage)
    }

    /// The file's size in bytes.
    public var size: Int { view.count }

    /// The PT_INTERP path, checked as the kernel checks it: NUL-terminated, within the file.
    public func interpreter() throws -> String? {
        guard let segment = programHeaders.first(where: { $0.type == .interpreter }) else { return nil }
        guard segment.fileSize >= 2 else {
            throw ELFError("PT_INTERP", at: segment.offset, "p_filesz \(segment.fileSize) is too small for a path (the kernel refuses it)")
        }
        try view.check("PT_INTERP", segment.offset, segment.fileSize)
        guard try view.u8(segment.offset + segment.fileSize - 1, "PT_INTERP") == 0 else {
            throw ELFError("PT_INTERP", at: segment.offset, "path is not NUL-terminated (the kernel refuses it)")
        }
        return try view.cString(segment.offset, limit: segment.offset + segment.fileSize, "PT_INTERP")
    }

    /// The dynamic section, or `nil` for a file without PT_DYNAMIC (static programs).
    public func dynamicSection() throws -> DynamicSection? {
        try DynamicSection.read(self)
    }

    /// The section headers; empty when the file has none (stripped with sstrip and friends).
    public func sectionHeaders() throws -> [SectionHeader] {
        try SectionHeader.readTable(header, view)
    }

    /// What kind of file this is (see ``FileKind``).
    public func kind(dynamic: DynamicSection?) throws -> FileKind {
        let hasInterpreter = programHeaders.contains { $0.type == .interpreter }
        switch header.type {
        case .executable:
            return hasInterpreter ? .executable : .staticExecutable
        case .sharedObject:
            let pie = dynamic?.flags1.contains(.pie) ?? false
            if hasInterpreter {
                // Old linkers did not set DF_1_PIE; a program without a SONAME is a PIE.
                return pie || dynamic?.soname == nil ? .pie : .sharedObject
            }
            return pie ? .staticPIE : .sharedObject
        case .relocatable: return .relocatable
        case .core: return .core
        default: return .other
        }
    }

    /// The symbol versions the file needs and defines (empty when it has none).
    public func symbolVersions(_ dynamic: DynamicSection) throws -> SymbolVersions {
        try SymbolVersions.read(self, dynamic)
    }

    /// The dynamic symbol table, or `nil` when the file has none.
    public func dynamicSymbols(_ dynamic: DynamicSection) throws -> DynamicSymbolTable? {
        try DynamicSymbolTable.read(self, dynamic)
    }

    /// Maps a virtual address to a file offset through the PT_LOAD segment whose file bytes
    /// hold it, checking that `length` bytes are there.
    func fileOffset(ofAddress address: UInt64, length: UInt64, field: String) throws -> UInt64 {
        guard let segment = programHeaders.first(where: { $0.type == .load && $0.fileContains(address: address) }) else {
            throw ELFError(field, "address 0x\(String(address, radix: 16)) lies outside every PT_LOAD segment's file bytes")
        }
        let offset = segment.offset &+ (address - segment.virtualAddress)
        guard offset >= segment.offset, view.contains(offset, length) else {
            throw ELFError.truncated(field, at: offset, need: length, fileSize: view.count)
        }
        return offset
    }
}

/// Heap storage for ``ELFFile/init(copying:)``.
private final class OwnedBytes {
    private let storage: UnsafeMutableRawBufferPointer
    let buffer: UnsafeRawBufferPointer

    init(_ bytes: [UInt8]) {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        storage.copyBytes(from: bytes)
        buffer = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(storage)[0..<bytes.count])
    }

    deinit { storage.deallocate() }
}
