import Foundation
import POSIX
import Testing
import TestSupport

/// `barracks inspect` end to end: the built binary on real files.
@Suite struct InspectCommandTests {
    func json(_ result: ProcessResult) throws -> [[String: Any]] {
        try #require(JSONSerialization.jsonObject(with: Data(result.standardOutput)) as? [[String: Any]])
    }

    @Test func jsonReportForAGlibcProgramAgainstAMuslRoot() throws {
        try HostRequirement.require(.gcc32)
        try withScratch { dir in
            let root = try MuslRoot.make(at: dir + "/root")
            let program = try CCompiler.build("hello", source: CCompiler.helloSource, flags: ["-m32", "-O0"], in: dir)
            let result = try runBarracks(["inspect", "--json", "--root", root, program])
            #expect(result.status == .exited(0))
            let report = try #require(try json(result).first)
            #expect(report["path"] as? String == program)
            #expect(report["elfClass"] as? String == "ELF32")
            #expect(report["kind"] as? String == "pie")
            #expect(report["interpreter"] as? String == "/lib/ld-linux.so.2")
            #expect(report["libc"] as? String == "glibc")
            #expect(report["needed"] as? [String] == ["libc.so.6"])
            let machine = try #require(report["machine"] as? [String: Any])
            #expect(machine["alpine"] as? String == "x86")
            #expect(machine["seccomp"] as? String == "x86")
            #expect(machine["auditArch"] as? String == "40000003")
            let linkage = try #require(report["linkage"] as? [String: Any])
            let verdict = try #require(linkage["verdict"] as? [String: Any])
            #expect(verdict["outcome"] as? String == "needs-loader-link")
            let loader = try #require(linkage["loader"] as? [String: Any])
            let link = try #require(loader["suggestedLink"] as? [String: Any])
            #expect(link["path"] as? String == "/lib/ld-linux.so.2")
            #expect(link["target"] as? String == "ld-musl-i386.so.1")
        }
    }

    @Test func checkFollowsTheVerdict() throws {
        try HostRequirement.require(.gcc32)
        try withScratch { dir in
            let root = try MuslRoot.make(at: dir + "/root")
            try MuslRoot.addGlibcLoaderLink(at: root)
            let plain = try CCompiler.build("plain", source: CCompiler.helloSource, flags: ["-m32", "-O0", "-D_FILE_OFFSET_BITS=64"], in: dir)
            let fortified = try CCompiler.build("fortified", source: CCompiler.helloSource, flags: ["-m32", "-O2", "-D_FORTIFY_SOURCE=2"], in: dir)
            let good = try runBarracks(["inspect", "--check", "--root", root, plain])
            #expect(good.status == .exited(0))
            #expect(good.output.contains("runs on this root"))
            let bad = try runBarracks(["inspect", "--check", "--root", root, fortified])
            #expect(bad.status == .exited(3))
            #expect(bad.output.contains("__printf_chk"))
            #expect(bad.output.contains("add `gcompat`"))
        }
    }

    @Test func checkWithoutARootIsAUsageError() throws {
        let result = try runBarracks(["inspect", "--check", "/bin/true"])
        #expect(result.status == .exited(2))
        #expect(result.errorOutput.contains("--check needs --root"))
    }

    @Test func badFilesAreNamedAndTheRestIsStillReported() throws {
        try withScratch { dir in
            try writeFile(dir + "/script", "#!/bin/sh\n")
            try writeFile(dir + "/empty", "")
            let result = try runBarracks(["inspect", dir + "/script", dir, "/bin/true", dir + "/empty", dir + "/absent"])
            #expect(result.status == .exited(1))
            #expect(result.errorOutput.contains("\(dir)/script: e_ident at 0x0: not an ELF file"))
            #expect(result.errorOutput.contains("\(dir): read \(dir): Is a directory"))
            #expect(result.errorOutput.contains("\(dir)/empty: e_ident at 0x0: the file is empty"))
            #expect(result.errorOutput.contains("\(dir)/absent: open \(dir)/absent: No such file or directory"))
            #expect(result.output.contains("/bin/true\n"))
        }
    }

    /// Files are inspected on every core, each worker taking the next file; the reports still
    /// come back in the order the files were given, large (mapped) and small (read) alike.
    @Test func manyFilesComeBackInTheOrderGiven() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: "/usr/bin").sorted()
        let programs = names.map { "/usr/bin/" + $0 }.filter { path in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) == nil
                && (try? Data(contentsOf: URL(fileURLWithPath: path)).prefix(4)) == Data([0x7F, 0x45, 0x4C, 0x46])
        }
        let given = Array(programs.prefix(60).reversed())
        try #require(given.count >= 20)
        let result = try runBarracks(["inspect", "--json"] + given)
        #expect(result.status == .exited(0))
        #expect(try json(result).map { $0["path"] as? String } == given)
    }

    /// A FIFO named by mistake is refused at once: opening it for reading must not wait for
    /// a writer that never comes.
    @Test(.timeLimit(.minutes(1))) func aFIFOIsRefusedNotWaitedOn() throws {
        try withScratch { dir in
            #expect(mkfifo(dir + "/fifo", 0o600) == 0)
            let result = try runBarracks(["inspect", dir + "/fifo", "/bin/true"])
            #expect(result.status == .exited(1))
            #expect(result.errorOutput.contains("\(dir)/fifo: read \(dir)/fifo: Invalid argument"))
        }
    }

    @Test func hostRootIsAnalysedWithGlibcRules() throws {
        let result = try runBarracks(["inspect", "--json", "--root", "/", "/bin/ls"])
        #expect(result.status == .exited(0))
        let report = try #require(try json(result).first)
        let linkage = try #require(report["linkage"] as? [String: Any])
        let loader = try #require(linkage["loader"] as? [String: Any])
        #expect(loader["flavor"] as? String == "glibc")
        let verdict = try #require(linkage["verdict"] as? [String: Any])
        #expect(verdict["outcome"] as? String == "runs")
        let libraries = try #require(linkage["libraries"] as? [[String: Any]])
        let libc = try #require(libraries.first { $0["name"] as? String == "libc.so.6" })
        let outcome = try #require(libc["outcome"] as? [String: Any])
        let found = try #require(outcome["found"] as? [String: Any])
        #expect((found["_0"] as? String)?.hasSuffix("/libc.so.6") == true)
    }
}
