/// Which C library a program's loader (PT_INTERP) belongs to.
public enum LibcFamily: String, Sendable, Codable {
    case glibc
    case musl
    case other

    /// Classifies a PT_INTERP path by its file name: `ld-musl-*.so.1` is musl; glibc's
    /// loaders are `ld-linux*.so.*`, `ld64.so.*` and `ld.so.1`.
    public init(interpreter: String) {
        let name = interpreter.split(separator: "/").last.map(String.init) ?? interpreter
        if name.hasPrefix("ld-musl-") {
            self = .musl
        } else if name.hasPrefix("ld-linux") || name.hasPrefix("ld64.so.") || name == "ld.so.1" {
            self = .glibc
        } else {
            self = .other
        }
    }
}
