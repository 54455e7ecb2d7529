import Foundation
import Linkage
import POSIX
import TestSupport

/// A scratch musl root plus programs compiled into it at `/app`, for linkage tests.
struct LinkageFixture {
    let root: String
    let scratch: String

    init(_ scratch: String) throws {
        self.scratch = scratch
        root = try MuslRoot.make(at: scratch + "/root")
        try FileTree.makeDirectories(root + "/app")
    }

    /// Compiles `source` as a 32-bit glibc program at `/app/<name>` (runtime path returned).
    @discardableResult
    func program(_ name: String, source: String = CCompiler.helloSource, flags: [String] = []) throws -> String {
        try CCompiler.build(name, source: source, flags: ["-m32"] + flags, in: root + "/app")
        return "/app/" + name
    }

    /// Compiles a 32-bit shared library with `soname` into `directory` under the scratch dir
    /// (for linking) and returns its host path.
    @discardableResult
    func library(_ soname: String, source: String, in directory: String, flags: [String] = []) throws -> String {
        try FileTree.makeDirectories(directory)
        return try CCompiler.build(soname, source: source, flags: ["-m32", "-shared", "-fPIC", "-Wl,-soname,\(soname)"] + flags, in: directory)
    }

    func analyze(_ program: String) throws -> LinkageReport {
        try LinkageAnalyzer(view: RootView(root: root)).analyze(programPath: program)
    }

    /// What musl's real loader says of `program` in this root (`--list` inside bwrap): the
    /// symbols it cannot find and the libraries it cannot load.
    func realMuslVerdict(_ program: String) throws -> (symbols: Set<String>, libraries: Set<String>, status: Int32) {
        let result = try run("bwrap", ["--ro-bind", root, "/", "/lib/ld-musl-i386.so.1", "--list", program])
        var symbols = Set<String>()
        var libraries = Set<String>()
        for line in result.errorOutput.split(separator: "\n") {
            // Error relocating /app/x: __printf_chk: symbol not found
            if line.hasPrefix("Error relocating "), line.hasSuffix(": symbol not found") {
                let parts = line.dropLast(": symbol not found".count).split(separator: ": ")
                if let name = parts.last { symbols.insert(String(name)) }
            }
            // Error loading shared library libx.so.1: No such file or directory (needed by /app/x)
            if line.hasPrefix("Error loading shared library ") {
                let rest = line.dropFirst("Error loading shared library ".count)
                if let name = rest.split(separator: ":").first { libraries.insert(String(name)) }
            }
        }
        return (symbols, libraries, result.status.shellCode)
    }
}

extension LinkageReport {
    /// Names of needed libraries that were not found or could not be used.
    var failedLibraries: Set<String> { Set(libraries.filter(\.isFailure).map(\.name)) }

    func outcome(of name: String) -> LibraryResolution.Outcome? {
        libraries.first { $0.name == name }?.outcome
    }

    func classification(of name: String) -> ImportResult.Classification? {
        objects.flatMap(\.imports).first { $0.name == name }?.classification
    }
}
