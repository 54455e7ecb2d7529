/// One word of a command line that barracks writes into a shell script or runs itself.
///
/// Bundle paths stay relative to the bundle in the script (so the bundle can move) and become
/// absolute when barracks runs the command itself.
public enum ShellWord: Hashable, Sendable {
    /// A fixed word.
    case literal(String)
    /// A path inside the bundle directory, relative to it (`rootfs`, `seccomp/filter.bpf`).
    case bundlePath(String)

    /// The word as POSIX sh source; bundle paths expand `$here`, the script's own directory.
    public var shellSource: String {
        switch self {
        case .literal(let word): return Self.quote(word)
        case .bundlePath(let path): return path.isEmpty ? "\"$here\"" : "\"$here\"/" + Self.quote(path)
        }
    }

    /// The word for a bundle at `bundleDirectory`.
    public func resolved(bundleDirectory: String) -> String {
        switch self {
        case .literal(let word): return word
        case .bundlePath(let path): return path.isEmpty ? bundleDirectory : bundleDirectory + "/" + path
        }
    }

    /// Quotes `word` for POSIX sh: as is when it holds only safe characters, else in single
    /// quotes (a single quote inside becomes `'\''`).
    public static func quote(_ word: String) -> String {
        let safe = !word.isEmpty && word.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || "-_./=:,+@%".utf8.contains(c)
        }
        if safe { return word }
        var quoted = "'"
        for character in word {
            quoted += character == "'" ? "'\\''" : String(character)
        }
        return quoted + "'"
    }
}
