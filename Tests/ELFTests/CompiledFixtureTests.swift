import ELF
import Foundation
import Testing
import TestSupport

/// Real binaries built by gcc at test time: every report field checked for each kind.
@Suite struct CompiledFixtureTests {
    @Test func nonPIE32BitGlibcProgram() throws {
        try HostRequirement.require(.gcc32)
        try withScratch { dir in
            let path = try CCompiler.build("hello", source: CCompiler.helloSource, flags: ["-m32", "-no-pie", "-fno-pie", "-O0"], in: dir)
            let s = try summary(of: path)
            #expect(s.header.elfClass == .elf32)
            #expect(s.header.byteOrder == .littleEndian)
            #expect(s.header.machine == .i386)
            #expect(s.architecture?.alpine == "x86")
            #expect(s.architecture?.seccomp == "x86")
            #expect(s.architecture?.auditArch == 0x4000_0003)
            #expect(s.architecture?.muslLoader == "/lib/ld-musl-i386.so.1")
            #expect(s.kind == .executable)
            #expect(s.interpreter == "/lib/ld-linux.so.2")
            #expect(s.libcFamily == .glibc)
            #expect(s.needed == ["libc.so.6"])
            #expect(s.soname == nil && s.rpath == nil && s.runpath == nil)
            // printf, strcpy, __libc_start_main at least.
            #expect(s.strongImports >= 3)
            #expect(s.glibcVersions.first == "GLIBC_2.0")
            #expect(s.minimumGlibc.map { VersionName.numbers($0).count >= 2 } == true)
            #expect(!s.executableStack)
        }
    }

    @Test func pie32BitProgram() throws {
        try HostRequirement.require(.gcc32)
        try withScratch { dir in
            let path = try CCompiler.build("hello", source: CCompiler.helloSource, flags: ["-m32", "-pie", "-fPIE"], in: dir)
            let s = try summary(of: path)
            #expect(s.header.type == .sharedObject)
            #expect(s.kind == .pie)
            #expect(s.dynamicFlags.contains("PIE (FLAGS_1)"))
            #expect(s.interpreter == "/lib/ld-linux.so.2")
        }
    }

    @Test func pie64BitAndNonPIE64Bit() throws {
        try withScratch { dir in
            let pie = try summary(of: try CCompiler.build("pie", source: CCompiler.helloSource, flags: ["-pie", "-fPIE"], in: dir))
            #expect(pie.header.elfClass == .elf64)
            #expect(pie.header.machine == .x86_64)
            #expect(pie.architecture?.alpine == "x86_64")
            #expect(pie.architecture?.auditArch == 0xC000_003E)
            #expect(pie.kind == .pie)
            #expect(pie.interpreter == "/lib64/ld-linux-x86-64.so.2")
            #expect(pie.glibcVersions.first == "GLIBC_2.2.5")
            let exec = try summary(of: try CCompiler.build("exec", source: CCompiler.helloSource, flags: ["-no-pie", "-fno-pie"], in: dir))
            #expect(exec.kind == .executable)
            #expect(exec.header.type == .executable)
        }
    }

    @Test func staticPrograms() throws {
        try HostRequirement.require(.gcc32)
        try withScratch { dir in
            for flags in [["-m32", "-static"], ["-static"]] {
                let s = try summary(of: try CCompiler.build("static", source: CCompiler.helloSource, flags: flags, in: dir))
                #expect(s.kind == .staticExecutable, "\(flags)")
                #expect(s.interpreter == nil)
                #expect(s.needed.isEmpty)
                #expect(s.strongImports == 0)
            }
        }
    }

    @Test func staticPIEProgram() throws {
        try withScratch { dir in
            let s = try summary(of: try CCompiler.build("spie", source: CCompiler.helloSource, flags: ["-static-pie", "-fPIE"], in: dir))
            #expect(s.kind == .staticPIE)
            #expect(s.interpreter == nil)
            #expect(s.header.type == .sharedObject)
        }
    }

    @Test func sharedLibraryWithSonameAndOriginRunpath() throws {
        try HostRequirement.require(.gcc32)
        try withScratch { dir in
            let library = "int demo_value(void) { return 42; }\nint demo_answer(void) { return demo_value(); }\n"
            let path = try CCompiler.build("libdemo.so.1", source: library, flags: [
                "-m32", "-shared", "-fPIC", "-Wl,-soname,libdemo.so.1", "-Wl,-rpath,$ORIGIN/../lib", "-Wl,--enable-new-dtags",
            ], in: dir)
            let s = try summary(of: path)
            #expect(s.kind == .sharedObject)
            #expect(s.soname == "libdemo.so.1")
            #expect(s.runpath == "$ORIGIN/../lib")
            #expect(s.rpath == nil)
            #expect(s.interpreter == nil)
            #expect(s.exports >= 2)
        }
    }

    @Test func fortifiedAndUnfortifiedPrograms() throws {
        try HostRequirement.require(.gcc32)
        try withScratch { dir in
            let fortified = try CCompiler.build("fort", source: CCompiler.helloSource, flags: ["-m32", "-O2", "-D_FORTIFY_SOURCE=2"], in: dir)
            let plain = try CCompiler.build("plain", source: CCompiler.helloSource, flags: ["-m32", "-O0", "-U_FORTIFY_SOURCE"], in: dir)
            let fortifiedNames = try importNames(fortified)
            let plainNames = try importNames(plain)
            #expect(fortifiedNames.contains("__printf_chk"))
            #expect(!plainNames.contains { $0.hasSuffix("_chk") })
        }
    }

    @Test func fileWithoutSectionHeadersReadsTheSame() throws {
        try HostRequirement.require(.gcc32)
        try withScratch { dir in
            let path = try CCompiler.build("hello", source: CCompiler.helloSource, flags: ["-m32"], in: dir)
            var bytes = try readFile(path)
            let before = try summary(of: bytes)
            // Zero e_shoff, e_shnum and e_shstrndx: the loader never looks at sections.
            for offset in [32, 33, 34, 35, 48, 49, 50, 51] { bytes[offset] = 0 }
            let after = try summary(of: bytes)
            #expect(try ELFFile(copying: bytes).sectionHeaders().isEmpty)
            #expect(after.needed == before.needed)
            #expect(after.interpreter == before.interpreter)
            #expect(after.strongImports == before.strongImports)
            #expect(after.glibcVersions == before.glibcVersions)
        }
    }

    private func importNames(_ path: String) throws -> Set<String> {
        let file = try ELFFile(copying: try readFile(path))
        let dynamic = try #require(try file.dynamicSection())
        let table = try #require(try file.dynamicSymbols(dynamic))
        var names = Set<String>()
        for index in 1..<table.count {
            let symbol = try table.symbol(index)
            if symbol.isImport { names.insert(try table.name(of: symbol)) }
        }
        return names
    }
}
