import ELF
import Linkage

/// One file's `inspect` result, as `--json` prints it. Field names are part of barracks'
/// interface: scripts parse them.
struct InspectReport: Encodable, Sendable {
    struct MachineInfo: Encodable, Sendable {
        var name: String
        var number: UInt16
        var alpine: String?
        var seccomp: String?
        var auditArch: String?
        var muslLoader: String?
        var glibcLoader: String?
    }

    struct Imports: Encodable, Sendable {
        var strong: Int
        var weak: Int
        var glibcVersions: [String]
        var minimumGlibc: String?
    }

    var path: String
    var error: String?
    var elfClass: String?
    var byteOrder: String?
    var osABI: UInt8?
    var machine: MachineInfo?
    var elfType: String?
    var kind: String?
    var interpreter: String?
    var libc: String?
    var needed: [String]?
    var soname: String?
    var rpath: String?
    var runpath: String?
    var flags: [String]?
    var imports: Imports?
    var exports: Int?
    var executableStack: Bool?
    var warnings: [String]?
    var linkage: LinkageReport?

    init(path: String, error: String) {
        self.path = path
        self.error = error
    }

    init(path: String, summary: ObjectSummary, linkage: LinkageReport?) {
        self.path = path
        let header = summary.header
        let arch = summary.architecture
        elfClass = header.elfClass.description
        byteOrder = header.byteOrder.description
        osABI = header.osABI
        machine = MachineInfo(name: header.machine.description, number: header.machine.rawValue, alpine: arch?.alpine,
                              seccomp: arch?.seccomp, auditArch: arch?.auditArchHex, muslLoader: arch?.muslLoader,
                              glibcLoader: arch?.glibcLoader)
        elfType = header.type.description
        kind = summary.kind.rawValue
        interpreter = summary.interpreter
        libc = summary.libcFamily?.rawValue
        needed = summary.needed
        soname = summary.soname
        rpath = summary.rpath
        runpath = summary.runpath
        flags = summary.dynamicFlags
        imports = Imports(strong: summary.strongImports, weak: summary.weakImports, glibcVersions: summary.glibcVersions,
                          minimumGlibc: summary.minimumGlibc)
        exports = summary.exports
        executableStack = summary.executableStack
        warnings = summary.warnings
        self.linkage = linkage
    }
}
