import CArchive

/// libarchive is opened on the first archive read or written (see `CArchive.h`); this says
/// why it could not be.
enum ArchiveLibrary {
    /// What to tell the user when libarchive will not load, or `nil` when it is loaded.
    static var unavailable: String? {
        guard let error = barracks_archive_load_error() else { return nil }
        return "libarchive could not be loaded (\(String(cString: error))); install libarchive 13 (Debian: apt-get install libarchive13), then try again"
    }
}
