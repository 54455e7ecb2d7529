import ELF
import Testing
import TestSupport

/// Layouts gcc does not produce on this host, written field by field.
@Suite struct HandBuiltFileTests {
    @Test func bigEndian64BitFile() throws {
        var builder = ELFBuilder()
        builder.littleEndian = false
        builder.machine = 22  // s390
        builder.interpreter = "/lib/ld64.so.1"
        builder.needed = ["libc.so.6", "libz.so.1"]
        builder.runpath = "/opt/lib"
        builder.symbols = [("puts", false), ("exported", true)]
        let s = try summary(of: builder.build().bytes)
        #expect(s.header.byteOrder == .bigEndian)
        #expect(s.header.machine == .s390)
        #expect(s.architecture?.alpine == "s390x")
        #expect(s.architecture?.auditArch == 0x8000_0016)
        #expect(s.interpreter == "/lib/ld64.so.1")
        #expect(s.needed == ["libc.so.6", "libz.so.1"])
        #expect(s.runpath == "/opt/lib")
        #expect(s.strongImports == 1)
        #expect(s.exports == 1)
    }

    @Test func armHardFloatAndSoftFloat() throws {
        var builder = ELFBuilder()
        builder.is64 = false
        builder.machine = 40
        builder.flags = 0x0500_0400
        builder.interpreter = "/lib/ld-linux-armhf.so.3"
        let hard = try summary(of: builder.build().bytes)
        #expect(hard.architecture?.alpine == "armhf")
        #expect(hard.architecture?.musl == "armhf")
        #expect(hard.architecture?.seccomp == "arm")
        builder.flags = 0x0500_0200
        let soft = try summary(of: builder.build().bytes)
        #expect(soft.architecture?.alpine == nil)
        #expect(soft.architecture?.musl == "arm")
        #expect(soft.architecture?.glibcLoader == "/lib/ld-linux.so.3")
    }

    @Test func x32IsClass32OnX86_64() throws {
        var builder = ELFBuilder()
        builder.is64 = false
        builder.machine = 62
        let s = try summary(of: builder.build().bytes)
        #expect(s.architecture?.seccomp == "x32")
        #expect(s.architecture?.alpine == nil)
    }

    @Test func libcFamilyFromTheLoaderName() {
        #expect(LibcFamily(interpreter: "/lib/ld-musl-x86_64.so.1") == .musl)
        #expect(LibcFamily(interpreter: "/lib/ld-linux.so.2") == .glibc)
        #expect(LibcFamily(interpreter: "/lib64/ld64.so.2") == .glibc)
        #expect(LibcFamily(interpreter: "/system/bin/linker") == .other)
    }

    @Test func glibcVersionsSortByNumber() {
        let sorted = ["GLIBC_2.34", "GLIBC_2.1.3", "GLIBC_2.2", "GLIBC_2.0", "GLIBC_2.10"].sorted(by: VersionName.less)
        #expect(sorted == ["GLIBC_2.0", "GLIBC_2.1.3", "GLIBC_2.2", "GLIBC_2.10", "GLIBC_2.34"])
    }
}
