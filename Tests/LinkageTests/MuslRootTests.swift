import Foundation
import Linkage
import POSIX
import Testing
import TestSupport

/// Predictions against a real musl root (Debian's i386 musl, laid out as Alpine does).
@Suite struct MuslRootTests {
    @Test func glibcProgramNeedsTheLoaderLinkAndNothingElse() throws {
        try HostRequirement.require(.gcc32)
        try withScratch { dir in
            let fixture = try LinkageFixture(dir)
            let program = try fixture.program("hello", flags: ["-O0", "-U_FORTIFY_SOURCE"])
            let report = try fixture.analyze(program)
            #expect(report.loader?.requested == "/lib/ld-linux.so.2")
            #expect(report.loader?.resolved == nil)
            #expect(report.loader?.flavor == .musl)
            #expect(report.loader?.suggestedLink == LoaderLink(path: "/lib/ld-linux.so.2", target: "ld-musl-i386.so.1"))
            #expect(report.outcome(of: "libc.so.6") == .providedByLoader)
            #expect(report.verdict.outcome == .needsLoaderLink)
            #expect(report.unresolvedSymbols.isEmpty)

            try MuslRoot.addGlibcLoaderLink(at: fixture.root)
            let linked = try fixture.analyze(program)
            #expect(linked.loader?.resolved == "/lib/ld-musl-i386.so.1")
            #expect(linked.verdict.runsAsIs)
            let printf = linked.programImports.first { $0.name == "printf" }
            #expect(printf?.classification == .provided)
            #expect(printf?.provider == "/lib/ld-musl-i386.so.1")
        }
    }

    @Test func fortifiedProgramNeedsGcompatNamingTheSymbol() throws {
        try HostRequirement.require(.gcc32)
        try withScratch { dir in
            let fixture = try LinkageFixture(dir)
            let program = try fixture.program("fortified", flags: ["-O2", "-D_FORTIFY_SOURCE=2"])
            try MuslRoot.addGlibcLoaderLink(at: fixture.root)
            let report = try fixture.analyze(program)
            #expect(report.classification(of: "__printf_chk") == .needsGcompat)
            #expect(report.verdict.outcome == .wontRun)
            #expect(report.verdict.remedies.contains { $0.contains("__printf_chk") && $0.contains("gcompat") })
        }
    }

    @Test func musllReservedNamesAreServedByTheLoaderButLibcryptIsNot() throws {
        try HostRequirement.require(.gcc32)
        try withScratch { dir in
            let fixture = try LinkageFixture(dir)
            // A stand-in libcrypt.so.1 to link against; the root will not have it.
            let build = dir + "/build"
            try fixture.library("libcrypt.so.1", source: "char *crypt(const char *k, const char *s) { return 0; }\n", in: build)
            try FileManager.default.createSymbolicLink(atPath: build + "/libcrypt.so", withDestinationPath: "libcrypt.so.1")
            let source = """
                #include <math.h>
                #include <pthread.h>
                #include <dlfcn.h>
                char *crypt(const char *, const char *);
                int main(int c, char **v) { pthread_self(); dlerror(); crypt("a", "b"); return (int)sqrt((double)c); }
                """
            let program = try fixture.program("libs", source: source, flags: [
                "-Wl,--no-as-needed", "-lm", "-lpthread", "-ldl", "-L\(build)", "-lcrypt",
            ])
            try MuslRoot.addGlibcLoaderLink(at: fixture.root)
            let report = try fixture.analyze(program)
            for name in ["libc.so.6", "libm.so.6"] {
                #expect(report.outcome(of: name) == .providedByLoader, "\(name)")
            }
            #expect(report.outcome(of: "libcrypt.so.1") == .notFound(searched: ["/lib", "/usr/local/lib", "/usr/lib"]))
            #expect(report.verdict.outcome == .wontRun)
            #expect(report.verdict.remedies.contains { $0.contains("so:libcrypt.so.1") })
        }
    }

    @Test func originRunpathFindsTheAppsOwnLibrary() throws {
        try HostRequirement.require(.gcc32)
        try withScratch { dir in
            let fixture = try LinkageFixture(dir)
            try fixture.library("libdemo.so.1", source: "int demo_answer(void) { return 42; }\n", in: fixture.root + "/app/lib")
            try FileManager.default.createSymbolicLink(atPath: fixture.root + "/app/lib/libdemo.so", withDestinationPath: "libdemo.so.1")
            try FileTree.makeDirectories(fixture.root + "/app/bin")
            let source = "int demo_answer(void);\nint main(void) { return demo_answer() - 42; }\n"
            try CCompiler.build("prog", source: source, flags: [
                "-m32", "-L\(fixture.root)/app/lib", "-ldemo", "-Wl,-rpath,$ORIGIN/../lib", "-Wl,--enable-new-dtags",
            ], in: fixture.root + "/app/bin")
            try MuslRoot.addGlibcLoaderLink(at: fixture.root)
            let report = try fixture.analyze("/app/bin/prog")
            #expect(report.outcome(of: "libdemo.so.1") == .found("/app/lib/libdemo.so.1"))
            let answer = report.programImports.first { $0.name == "demo_answer" }
            #expect(answer?.provider == "libdemo.so.1")
            #expect(report.verdict.runsAsIs)
        }
    }

    @Test func pathFileDecidesTheSystemDirectories() throws {
        try HostRequirement.require(.gcc32)
        try withScratch { dir in
            let fixture = try LinkageFixture(dir)
            let build = dir + "/build"
            try fixture.library("libdemo.so.1", source: "int demo_answer(void) { return 42; }\n", in: build)
            try FileManager.default.createSymbolicLink(atPath: build + "/libdemo.so", withDestinationPath: "libdemo.so.1")
            let program = try fixture.program("prog", source: "int demo_answer(void);\nint main(void) { return demo_answer(); }\n",
                                              flags: ["-L\(build)", "-ldemo"])
            try MuslRoot.addGlibcLoaderLink(at: fixture.root)
            // The library lives in /opt/lib, reached through an absolute symlink inside the root.
            try FileTree.makeDirectories(fixture.root + "/opt/real")
            try FileManager.default.copyItem(atPath: build + "/libdemo.so.1", toPath: fixture.root + "/opt/real/libdemo.so.1")
            try FileManager.default.createSymbolicLink(atPath: fixture.root + "/opt/lib", withDestinationPath: "/opt/real")
            // Not in the default directories…
            #expect(try fixture.analyze(program).outcome(of: "libdemo.so.1") == .notFound(searched: ["/lib", "/usr/local/lib", "/usr/lib"]))
            // …found once the path file names /opt/lib…
            try FileTree.makeDirectories(fixture.root + "/etc")
            try writeFile(fixture.root + "/etc/ld-musl-i386.path", "/opt/lib\n")
            #expect(try fixture.analyze(program).outcome(of: "libdemo.so.1") == .found("/opt/real/libdemo.so.1"))
            // …and an empty path file means no system directories at all.
            try writeFile(fixture.root + "/etc/ld-musl-i386.path", "")
            try FileManager.default.copyItem(atPath: build + "/libdemo.so.1", toPath: fixture.root + "/lib/libdemo.so.1")
            #expect(try fixture.analyze(program).outcome(of: "libdemo.so.1") == .notFound(searched: []))
        }
    }

    @Test func symbolMissingEverywhereIsMissing() throws {
        try HostRequirement.require(.gcc32)
        try withScratch { dir in
            let fixture = try LinkageFixture(dir)
            let build = dir + "/build"
            // Link against a library that has only_in_build; the root's copy of it does not.
            try fixture.library("libdemo.so.1", source: "int only_in_build(void) { return 1; }\nint shared(void) { return 2; }\n", in: build)
            try FileManager.default.createSymbolicLink(atPath: build + "/libdemo.so", withDestinationPath: "libdemo.so.1")
            let program = try fixture.program("prog", source: "int only_in_build(void); int shared(void);\nint main(void) { return only_in_build() + shared(); }\n",
                                              flags: ["-L\(build)", "-ldemo"])
            try fixture.library("libdemo.so.1", source: "int shared(void) { return 2; }\n", in: fixture.root + "/lib")
            try MuslRoot.addGlibcLoaderLink(at: fixture.root)
            let report = try fixture.analyze(program)
            #expect(report.classification(of: "only_in_build") == .missing)
            #expect(report.classification(of: "shared") == .provided)
            #expect(report.verdict.outcome == .wontRun)
        }
    }

    @Test func libraryForAnotherArchitectureIsUnusable() throws {
        try HostRequirement.require(.gcc32)
        try withScratch { dir in
            let fixture = try LinkageFixture(dir)
            let build = dir + "/build"
            try fixture.library("libdemo.so.1", source: "int demo_answer(void) { return 42; }\n", in: build)
            try FileManager.default.createSymbolicLink(atPath: build + "/libdemo.so", withDestinationPath: "libdemo.so.1")
            let program = try fixture.program("prog", source: "int demo_answer(void);\nint main(void) { return demo_answer(); }\n",
                                              flags: ["-L\(build)", "-ldemo"])
            // A 64-bit build of the library where the 32-bit program will look.
            try CCompiler.build("libdemo.so.1", source: "int demo_answer(void) { return 42; }\n",
                                flags: ["-shared", "-fPIC", "-Wl,-soname,libdemo.so.1"], in: fixture.root + "/lib")
            try MuslRoot.addGlibcLoaderLink(at: fixture.root)
            let report = try fixture.analyze(program)
            guard case .unusable(let path, let reason)? = report.outcome(of: "libdemo.so.1") else {
                Issue.record("expected unusable, got \(String(describing: report.outcome(of: "libdemo.so.1")))")
                return
            }
            #expect(path == "/lib/libdemo.so.1")
            #expect(reason.contains("ELF64"))
            #expect(report.verdict.outcome == .wontRun)
        }
    }

    @Test func staticProgramNeedsNothingFromTheRoot() throws {
        try HostRequirement.require(.gcc32)
        try withScratch { dir in
            let fixture = try LinkageFixture(dir)
            let program = try fixture.program("static", flags: ["-static"])
            let report = try fixture.analyze(program)
            #expect(report.loader == nil)
            #expect(report.verdict.outcome == .runs)
        }
    }

    @Test func rootWithoutAnyLoaderSaysToAddMusl() throws {
        try HostRequirement.require(.gcc32)
        try withScratch { dir in
            let fixture = try LinkageFixture(dir)
            let program = try fixture.program("hello")
            try FileManager.default.removeItem(atPath: fixture.root + "/lib/ld-musl-i386.so.1")
            let report = try fixture.analyze(program)
            #expect(report.verdict.outcome == .wontRun)
            #expect(report.verdict.remedies.first?.contains("`musl` package for x86") == true)
        }
    }
}
