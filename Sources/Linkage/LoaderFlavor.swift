/// Whose dynamic-linker rules the analysis follows: the root's loader decides.
public enum LoaderFlavor: String, Sendable, Codable {
    /// musl: reserved library names, `/etc/ld-musl-ARCH.path`, versions ignored.
    case musl
    /// glibc: `ld.so.conf` directories, RUNPATH for direct needs only, versions enforced.
    case glibc
}
