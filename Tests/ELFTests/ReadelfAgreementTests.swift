import ELF
import Foundation
import POSIX
import Testing
import TestSupport

/// barracks' reader against binutils' readelf over every ELF file in the system's program and
/// library directories: class, machine, interpreter, needed libraries, SONAME, RPATH, RUNPATH.
@Suite struct ReadelfAgreementTests {
    struct Facts: Equatable, CustomStringConvertible {
        var elfClass = ""
        var machine = ""
        var interpreter: String?
        var needed: [String] = []
        var soname: String?
        var rpath: String?
        var runpath: String?
        var description: String {
            "\(elfClass) \(machine) interp=\(interpreter ?? "-") needed=\(needed) soname=\(soname ?? "-") rpath=\(rpath ?? "-") runpath=\(runpath ?? "-")"
        }
    }

    static let directories = ["/usr/bin", "/usr/lib/x86_64-linux-gnu", "/usr/lib32"]

    @Test func agreesWithReadelfOnEverySystemBinary() throws {
        // binutils comes with gcc and scripts/install-deps; its absence is a failure.
        try #require(which("readelf") != nil, "readelf (binutils) is not on PATH")
        let files = Self.directories.flatMap(Self.elfFiles)
        var compared = 0
        var mismatches: [String] = []
        for batch in stride(from: 0, to: files.count, by: 150).map({ Array(files[$0..<min($0 + 150, files.count)]) }) {
            let expected = try Self.readelf(batch)
            for path in batch {
                guard let theirs = expected[path] else { continue }
                do {
                    let ours = try Self.facts(path)
                    if ours != theirs { mismatches.append("\(path):\n  barracks \(ours)\n  readelf  \(theirs)") }
                } catch {
                    mismatches.append("\(path): barracks failed: \(error)")
                }
                compared += 1
            }
        }
        print("readelf agreement: \(compared) ELF files compared, \(mismatches.count) differ")
        #expect(compared > 500)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10).joined(separator: "\n"))")
    }

    static func facts(_ path: String) throws -> Facts {
        let mapping = try MappedFile(path: path)
        let file = try ELFFile(bytes: mapping.bytes, owner: mapping)
        let dynamic = try file.dynamicSection()
        return withExtendedLifetime(mapping) {
            Facts(elfClass: file.header.elfClass.description, machine: file.header.machine.description,
                  interpreter: try? file.interpreter(), needed: dynamic?.needed ?? [], soname: dynamic?.soname,
                  rpath: dynamic?.rpath, runpath: dynamic?.runpath)
        }
    }

    /// Regular files (not symlinks) starting with the ELF magic, recursively.
    static func elfFiles(in directory: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var result: [String] = []
        while let relative = walker.nextObject() as? String {
            let path = directory + "/" + relative
            var st = stat()
            guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size >= 52 else { continue }
            guard let handle = FileHandle(forReadingAtPath: path) else { continue }
            let magic = handle.readData(ofLength: 4)
            try? handle.close()
            if magic == Data([0x7f, 0x45, 0x4c, 0x46]) { result.append(path) }
        }
        return result.sorted()
    }

    /// Runs `readelf -h -l -d -W` over `paths` and parses what it prints per file.
    static func readelf(_ paths: [String]) throws -> [String: Facts] {
        let result = try run("readelf", ["-h", "-l", "-d", "-W"] + paths, environment: ["LC_ALL": "C", "PATH": "/usr/bin:/bin"])
        var facts: [String: Facts] = [:]
        var current: String? = paths.count == 1 ? paths[0] : nil
        var entry = Facts()
        func bracket(_ line: Substring) -> String? {
            guard let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]") else { return nil }
            return String(line[line.index(after: open)..<close])
        }
        func flush() { if let current { facts[current] = entry } }
        for line in result.output.split(separator: "\n") {
            if line.hasPrefix("File: ") {
                flush()
                current = String(line.dropFirst(6))
                entry = Facts()
            } else if line.contains("Class:") {
                entry.elfClass = line.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces)
            } else if line.contains("Machine:") {
                entry.machine = line.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces)
            } else if line.contains("[Requesting program interpreter:") {
                entry.interpreter = bracket(line).map { String($0.dropFirst("Requesting program interpreter: ".count)) }
            } else if line.contains("(NEEDED)"), let name = bracket(line) {
                entry.needed.append(name)
            } else if line.contains("(SONAME)") {
                entry.soname = bracket(line)
            } else if line.contains("(RPATH)") {
                entry.rpath = bracket(line)
            } else if line.contains("(RUNPATH)") {
                entry.runpath = bracket(line)
            }
        }
        flush()
        return facts
    }
}

/// The one-pass tally used by `inspect` counts exactly what the per-symbol API classifies.
@Suite struct SymbolTallyTests {
    @Test func tallyMatchesPerSymbolClassification() throws {
        let files = ReadelfAgreementTests.elfFiles(in: "/usr/lib/x86_64-linux-gnu").prefix(300)
        var checked = 0
        for path in files {
            let mapping = try MappedFile(path: path)
            let file = try ELFFile(bytes: mapping.bytes, owner: mapping)
            guard let dynamic = try file.dynamicSection(), let table = try file.dynamicSymbols(dynamic) else { continue }
            var strong = 0, weak = 0, exports = 0
            for index in 1..<max(table.count, 1) {
                let symbol = try table.symbol(index)
                if symbol.isImport { if symbol.isWeak { weak += 1 } else { strong += 1 } } else if symbol.isExport { exports += 1 }
            }
            let tally = try table.tally()
            #expect(tally.strongImports == strong && tally.weakImports == weak && tally.exports == exports, "\(path)")
            checked += 1
        }
        #expect(checked > 100)
    }
}
