import Linkage

/// The human-readable `inspect` report: one block per file, aligned labels, problems in
/// colour on a terminal.
struct InspectFormatter {
    let console: Console
    let listSymbols: Bool

    func print(_ report: InspectReport) {
        console.print(console.paint(report.path, .bold))
        if let elfClass = report.elfClass, let byteOrder = report.byteOrder {
            line("class", "\(elfClass), \(byteOrder), OS/ABI \(report.osABI ?? 0)")
        }
        if let machine = report.machine {
            var names: [String] = []
            if let alpine = machine.alpine { names.append("alpine \(alpine)") }
            if let seccomp = machine.seccomp { names.append("seccomp \(seccomp)") }
            if let audit = machine.auditArch { names.append("audit \(audit)") }
            line("machine", machine.name + (names.isEmpty ? "" : " (\(names.joined(separator: ", ")))"))
        }
        if let kind = report.kind { line("type", "\(kind) (\(report.elfType ?? "?"))") }
        if let interpreter = report.interpreter {
            line("loader", "\(interpreter) (\(report.libc ?? "other"))")
        } else {
            line("loader", "none")
        }
        if let needed = report.needed, !needed.isEmpty { line("needs", needed.joined(separator: ", ")) }
        if let soname = report.soname { line("soname", soname) }
        if let rpath = report.rpath { line("rpath", rpath) }
        if let runpath = report.runpath { line("runpath", runpath) }
        if let flags = report.flags, !flags.isEmpty { line("flags", flags.joined(separator: " ")) }
        if let imports = report.imports {
            var text = (imports.strong == 1 ? "1 symbol" : "\(imports.strong) symbols") + (imports.weak > 0 ? " (+\(imports.weak) weak)" : "")
            if let minimum = imports.minimumGlibc {
                text += "; glibc versions \(imports.glibcVersions.first!)…\(minimum.dropFirst(6)) (needs glibc ≥ \(minimum.dropFirst(6)))"
            }
            line("imports", text)
        }
        if let exports = report.exports, exports > 0 { line("exports", exports == 1 ? "1 symbol" : "\(exports) symbols") }
        if report.executableStack == true { line("stack", console.paint("executable", .yellow)) }
        for warning in report.warnings ?? [] { line("warning", console.paint(warning, .yellow)) }
        if let linkage = report.linkage { printLinkage(linkage) }
        console.print()
    }

    private func printLinkage(_ linkage: LinkageReport) {
        if let loader = linkage.loader {
            var text: String
            if let resolved = loader.resolved {
                text = resolved == loader.requested ? "present" : "present → \(resolved)"
            } else {
                text = console.paint("missing", .yellow)
                if let used = loader.used { text += "; \(used) can serve it" }
            }
            if let flavor = loader.flavor { text += " (\(flavor.rawValue))" }
            if let link = loader.suggestedLink { text += "\n" + pad("") + "link needed: \(link)" }
            line("root loader", text)
        }
        for library in linkage.libraries {
            line("  " + library.name, describe(library.outcome) + (library.neededBy == linkage.program ? "" : "  (needed by \(library.neededBy))"))
        }
        let imports = linkage.objects.flatMap(\.imports).filter { !$0.weak }
        let groups = Dictionary(grouping: imports, by: \.classification)
        var parts = ["\(groups[.provided]?.count ?? 0) provided"]
        for (classification, label) in [(ImportResult.Classification.needsGcompat, "need gcompat"), (.missing, "missing"), (.abiHazard, "ABI hazards")] {
            guard let items = groups[classification], !items.isEmpty else { continue }
            let names = Set(items.map(\.name)).sorted().joined(separator: ", ")
            parts.append(console.paint("\(items.count) \(label)", classification == .abiHazard ? .yellow : .red) + " (\(names))")
        }
        line("resolution", parts.joined(separator: "; "))
        if listSymbols {
            for object in linkage.objects {
                console.print("    \(object.object):")
                for item in object.imports.sorted(by: { $0.name < $1.name }) {
                    let name = item.name + (item.version.map { "@\($0)" } ?? "") + (item.weak ? " (weak)" : "")
                    let provider = item.provider.map { " ← \($0)" } ?? ""
                    let status = item.weak && item.provider == nil ? "absent (weak: allowed)" : item.classification.rawValue
                    console.print("      \(name.padded(to: 36)) \(status)\(provider)")
                }
            }
        }
        let verdict = linkage.verdict
        switch verdict.outcome {
        case .runs: line("verdict", console.paint("runs on this root", .green))
        case .runsWithWarnings: line("verdict", console.paint("runs on this root, with warnings", .yellow))
        case .needsLoaderLink: line("verdict", console.paint("runs once the loader link exists", .yellow))
        case .wontRun: line("verdict", console.paint("will not run on this root", .red))
        }
        for remedy in verdict.remedies { console.print(pad("") + "- " + remedy) }
    }

    private func describe(_ outcome: LibraryResolution.Outcome) -> String {
        switch outcome {
        case .providedByLoader: return "provided by the loader"
        case .found(let path): return path
        case .alreadyLoaded(let path): return "\(path) (already loaded)"
        case .unusable(let path, let reason): return console.paint("UNUSABLE", .red) + " \(path): \(reason)"
        case .notFound(let searched):
            return console.paint("NOT FOUND", .red) + (searched.isEmpty ? "" : " (searched \(searched.joined(separator: ":")))")
        }
    }

    private func line(_ label: String, _ value: String) {
        console.print(pad(label) + value)
    }

    private func pad(_ label: String) -> String {
        "  " + label.padded(to: 14)
    }
}

extension String {
    /// The string followed by spaces up to `width` characters, and at least one space.
    /// (Foundation's `padding(toLength:)` goes through NSString, which is slow in loops.)
    func padded(to width: Int) -> String {
        self + String(repeating: " ", count: Swift.max(1, width - count))
    }
}
