import ELF
import POSIX

/// What the build needs to know about the program before it has a root: its architecture
/// (which decides the Alpine arch when the manifest says "auto") and the loader it asks for.
struct ProgramFacts {
    let architecture: Architecture?
    let alpineArch: String
    let interpreter: String?

    init(path: String, manifest: Manifest) throws {
        let summary: ObjectSummary
        do {
            let mapping = try MappedFile(path: path)
            let file = try ELFFile(bytes: mapping.bytes, owner: mapping)
            summary = try withExtendedLifetime(mapping) { try ObjectSummary(file) }
        } catch let error as ELFError {
            throw BuildError(step: .inspect, "app.entry \(manifest.app.entry) is not a program barracks can run: \(error)")
        }
        guard summary.kind == .executable || summary.kind == .pie || summary.kind == .staticExecutable || summary.kind == .staticPIE else {
            throw BuildError(step: .inspect, "app.entry \(manifest.app.entry) is a \(summary.kind.rawValue), not a program")
        }
        architecture = summary.architecture
        interpreter = summary.interpreter
        guard let alpine = summary.architecture?.alpine else {
            throw BuildError(step: .inspect, "app.entry \(manifest.app.entry) is for \(summary.header.machine) (\(summary.header.elfClass)), which has no Alpine port")
        }
        if let wanted = manifest.alpine.arch, wanted != alpine && !(wanted == "armv7" && alpine == "armhf") {
            throw BuildError(step: .inspect, "alpine.arch is \(wanted), but \(manifest.app.entry) is an \(alpine) program; set alpine.arch to \"\(alpine)\" or \"auto\"")
        }
        alpineArch = manifest.alpine.arch ?? alpine
    }
}
