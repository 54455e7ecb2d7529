/// Where extraction gets its entries: libarchive for archive files, ``TarReader`` for tar
/// streams such as an apk's data member. Both hand out checked names (UTF-8, no NUL).
protocol EntrySource: AnyObject {
    /// The archive's name for messages.
    var archiveName: String { get }
    /// The next entry, or `nil` at the end.
    func nextEntry() throws -> ArchiveEntry?
    /// Passes the current entry's contents to `sink` block by block, with each block's
    /// offset in the file (offsets may skip ahead over holes of sparse files).
    func copyContents(_ sink: (UnsafeRawBufferPointer, Int64) throws -> Void) throws
}
