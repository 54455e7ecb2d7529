/// Which leading path components to drop from every entry (`tar --strip-components`).
public enum ComponentStripping: Equatable, Sendable {
    /// Keep paths as they are.
    case none
    /// Drop the first N components; entries with no more than N components are skipped.
    case count(Int)
    /// Drop the single top-level directory, whatever it is called, when every entry lies in
    /// it (the usual `soldatserver2.8.2/…` layout of a download); strip nothing otherwise.
    case auto
}
