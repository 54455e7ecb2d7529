import ELF
import Foundation
import POSIX

/// Where the emulated loader looks for a library, per its flavour's rules
/// (musl: `ldso/dynlink.c` `load_library`; glibc: ld.so(8) "search order").
struct LibrarySearch {
    let view: RootView
    let flavor: LoaderFlavor
    /// ldso.name: the PT_INTERP path, which decides where musl's path file is.
    let loaderName: String
    let architecture: Architecture?
    let is64: Bool
    /// Relative search-path entries are relative to the program's working directory.
    let workingDirectory: String
    /// The program, whose `$ORIGIN` is the directory of its resolved runtime path.
    let programPath: String

    /// The system directories, read once: musl's path file or glibc's ld.so.conf plus defaults.
    private(set) lazy var systemDirectories: [String] = flavor == .musl ? muslSystemPath() : glibcSystemPath()

    /// The directories to try for a library needed by `object`, in order.
    mutating func directories(for object: LoadedObject) -> [String] {
        var result: [String] = []
        switch flavor {
        case .musl:
            // The rpath of the requesting object and of every object up its needed_by chain.
            var current: LoadedObject? = object
            while let candidate = current {
                if let path = candidate.searchPath { result += expand(path, origin: origin(of: candidate)) ?? [] }
                current = candidate.neededBy
            }
        case .glibc:
            if object.dynamic?.runpath == nil {
                var current: LoadedObject? = object
                while let candidate = current {
                    if candidate.dynamic?.runpath == nil, let rpath = candidate.dynamic?.rpath {
                        result += expand(rpath, origin: origin(of: candidate)) ?? []
                    }
                    current = candidate.neededBy
                }
            }
            if let runpath = object.dynamic?.runpath { result += expand(runpath, origin: origin(of: object)) ?? [] }
        }
        return result + systemDirectories
    }

    private func origin(of object: LoadedObject) -> String {
        let path = object.neededBy == nil ? programPath : object.openedPath
        return FileTree.parentDirectory(of: path)
    }

    /// Splits a search path on `:` (and newline, for musl's path file), expanding `$ORIGIN`
    /// and `${ORIGIN}`. musl ignores an rpath holding any other `$` token; glibc skips just
    /// that entry. Relative entries are taken from the working directory.
    func expand(_ path: String, origin: String) -> [String]? {
        var entries: [String] = []
        for raw in path.split(whereSeparator: { $0 == ":" || $0 == "\n" }) {
            var entry = String(raw)
            entry = entry.replacingOccurrences(of: "${ORIGIN}", with: origin).replacingOccurrences(of: "$ORIGIN", with: origin)
            if entry.contains("$") {
                if flavor == .musl { return nil }
                continue
            }
            entries.append(entry.hasPrefix("/") ? entry : workingDirectory + "/" + entry)
        }
        return entries
    }

    /// `<prefix>/etc/ld-musl-<arch>.path`, where the prefix is ldso.name minus its last two
    /// components: missing → the default dirs; present but empty or unreadable → none at all.
    private func muslSystemPath() -> [String] {
        let defaults = ["/lib", "/usr/local/lib", "/usr/lib"]
        guard let arch = architecture?.musl else { return defaults }
        var prefix = ""
        if loaderName.hasPrefix("/") {
            var components = loaderName.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            if components.count >= 2 { components.removeLast(2) }
            prefix = components.joined(separator: "/")
        }
        guard let file = view.resolve("\(prefix)/etc/ld-musl-\(arch).path") else { return defaults }
        let text = (try? String(contentsOfFile: file.hostPath, encoding: .utf8)) ?? ""
        return expand(text, origin: "/") ?? []
    }

    /// `/etc/ld.so.conf` (with its `include` globs) then glibc's built-in directories.
    private func glibcSystemPath() -> [String] {
        var directories: [String] = []
        var seen = Set<String>()
        func read(_ runtimePath: String, depth: Int) {
            guard depth < 8, seen.insert(runtimePath).inserted, let file = view.resolve(runtimePath),
                  let text = try? String(contentsOfFile: file.hostPath, encoding: .utf8) else { return }
            for line in text.split(separator: "\n") {
                let trimmed = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first?
                    .trimmingCharacters(in: .whitespaces) ?? ""
                if trimmed.hasPrefix("include ") {
                    let pattern = trimmed.dropFirst(8).trimmingCharacters(in: .whitespaces)
                    let absolute = pattern.hasPrefix("/") ? pattern : "/etc/" + pattern
                    for match in glob(absolute) { read(match, depth: depth + 1) }
                } else if trimmed.hasPrefix("/") {
                    directories.append(trimmed)
                }
            }
        }
        read("/etc/ld.so.conf", depth: 0)
        let builtin = is64 ? ["/lib64", "/usr/lib64", "/lib", "/usr/lib"] : ["/lib", "/usr/lib"]
        return directories + builtin
    }

    /// Matches a `dir/*.conf`-style pattern (a `*` in the last component only) inside the view.
    private func glob(_ pattern: String) -> [String] {
        let directory = FileTree.parentDirectory(of: pattern)
        let namePattern = FileTree.lastComponent(of: pattern)
        guard let resolved = view.resolve(directory),
              let names = try? FileManager.default.contentsOfDirectory(atPath: resolved.hostPath) else { return [] }
        let parts = namePattern.split(separator: "*", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        return names.sorted().filter { name in
            parts.count == 1 ? name == parts[0] : name.hasPrefix(parts[0]) && name.hasSuffix(parts[1])
        }.map { directory + "/" + $0 }
    }
}
