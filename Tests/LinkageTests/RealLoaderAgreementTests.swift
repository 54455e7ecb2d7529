import Foundation
import Linkage
import POSIX
import Testing
import TestSupport

/// The prediction against what musl's own loader does with the same files: `ld-musl --list`
/// maps and relocates without running program code, and names every library and symbol it
/// cannot find.
@Suite struct RealLoaderAgreementTests {
    @Test(arguments: [
        ("plain", CCompiler.helloSource, ["-O0", "-U_FORTIFY_SOURCE"]),
        ("fortified", CCompiler.helloSource, ["-O2", "-D_FORTIFY_SOURCE=2"]),
        ("errorcall", "#include <error.h>\n#include <string.h>\nint main(int c, char **v) { if (c > 5) error(1, 0, \"x\"); return (int)(long)rawmemchr(v[0], 0) & 1; }\n", ["-O0"]),
        ("libm", "#include <math.h>\nint main(int c, char **v) { return (int)cbrt((double)c); }\n", ["-lm"]),
    ])
    func predictionMatchesMusl(name: String, source: String, flags: [String]) throws {
        try HostRequirement.require(.gcc32, .bwrap, .userNamespaces)
        try withScratch { dir in
            let fixture = try LinkageFixture(dir)
            let program = try fixture.program(name, source: source, flags: flags)
            try MuslRoot.addGlibcLoaderLink(at: fixture.root)
            let predicted = try fixture.analyze(program)
            let real = try fixture.realMuslVerdict(program)
            #expect(predicted.unresolvedSymbols == real.symbols)
            #expect(predicted.failedLibraries == real.libraries)
            #expect(predicted.verdict.runsAsIs == (real.status == 0), "musl --list exit status \(real.status)")
        }
    }

    @Test func missingLibraryAndMissingSymbolMatchMusl() throws {
        try HostRequirement.require(.gcc32, .bwrap, .userNamespaces)
        try withScratch { dir in
            let fixture = try LinkageFixture(dir)
            let build = dir + "/build"
            try fixture.library("libdemo.so.1", source: "int only_in_build(void) { return 1; }\nint shared(void) { return 2; }\n", in: build)
            try fixture.library("libgone.so.2", source: "int gone(void) { return 3; }\n", in: build)
            for name in ["libdemo", "libgone"] {
                let target = name == "libdemo" ? "libdemo.so.1" : "libgone.so.2"
                try FileManager.default.createSymbolicLink(atPath: "\(build)/\(name).so", withDestinationPath: target)
            }
            let program = try fixture.program("prog", source: "int only_in_build(void); int shared(void); int gone(void);\nint main(void) { return only_in_build() + shared() + gone(); }\n",
                                              flags: ["-L\(build)", "-ldemo", "-lgone"])
            try fixture.library("libdemo.so.1", source: "int shared(void) { return 2; }\n", in: fixture.root + "/lib")
            try MuslRoot.addGlibcLoaderLink(at: fixture.root)
            let predicted = try fixture.analyze(program)
            let real = try fixture.realMuslVerdict(program)
            #expect(real.libraries == ["libgone.so.2"])
            #expect(predicted.failedLibraries == real.libraries)
            // musl reports the symbols of a missing library too: with libgone absent, `gone`
            // is unresolved as well.
            #expect(predicted.unresolvedSymbols == real.symbols)
            #expect(real.status == 127)
        }
    }
}
