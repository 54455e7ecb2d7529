#if canImport(Glibc)
import Glibc
#endif

/// The calling thread's locale (`uselocale`), which C libraries consult for character-set
/// conversions.
///
/// A Swift program runs in the "C" locale, where libarchive refuses to convert UTF-8 entry
/// names ("Pathname cannot be converted from UTF-8 to current locale"). Switching only the
/// calling thread's `LC_CTYPE` to `C.UTF-8` for the duration of a call fixes that without
/// touching the process-wide locale other threads see.
public enum ThreadLocale {
    /// Runs `body` with this thread's `LC_CTYPE` set to `C.UTF-8`, then restores the previous
    /// locale. When the C library has no `C.UTF-8`, `body` runs in the current locale.
    public static func withUTF8CharacterType<R>(_ body: () throws -> R) rethrows -> R {
        guard let utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", nil) else { return try body() }
        let previous = uselocale(utf8)
        defer {
            if let previous { uselocale(previous) }
            freelocale(utf8)
        }
        return try body()
    }
}
