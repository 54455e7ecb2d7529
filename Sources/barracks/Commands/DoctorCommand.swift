import Builder
import Foundation
import Sandbox

/// `barracks doctor [BUNDLE] [--json]`
enum DoctorCommand {
    static let spec = CommandSpec(
        name: "doctor",
        synopsis: "[BUNDLE] [--json]",
        summary: "Check that this host can run bundles (and BUNDLE)",
        discussion: """
        Checks what a bundle needs from a deployment host, by trying it: bubblewrap and its
        version (and whether it can forbid user namespaces inside the sandbox), unprivileged
        user namespaces (including Ubuntu's AppArmor restriction), the seccomp actions the
        kernel offers, IA-32 emulation (a 32-bit program is run), and, for BUNDLE, the host's
        /etc/resolv.conf when the bundle binds it and every file against bundle.json.
        Every failed check says what to do. Exit status 0: all pass (warnings allowed);
        3: something fails.
        """,
        options: [.flag("json", "print {\"ok\", \"checks\": [{name, status, detail, fix}]}")],
        positionals: (0, 1),
        run: { arguments, console in try run(arguments, console) }
    )

    static func run(_ arguments: ParsedArguments, _ console: Console) throws -> Int32 {
        var record: BundleRecord?
        var layout: BundleLayout?
        if let path = arguments.positionals.first {
            layout = BundleLayout(directory: path)
            record = try BundleVerifier.record(of: layout!)
        }
        let is32 = record.map { ["x86", "armhf", "armv7"].contains($0.alpineArch) } ?? true
        var checks = HostDoctor().run(needs32Bit: is32 && record?.alpineArch != "armhf" && record?.alpineArch != "armv7",
                                      needsResolvConf: record?.sandbox.resolvConf ?? false)
        if let layout {
            let differences = try BundleVerifier.verify(layout)
            if differences.isEmpty {
                checks.append(HostCheck(name: "bundle", status: .pass, detail: "\(layout.directory): every file matches bundle.json"))
            } else {
                checks.append(HostCheck(name: "bundle", status: .fail,
                                        detail: "\(differences.count) file(s) differ from bundle.json: " + differences.prefix(3).map(\.description).joined(separator: "; "),
                                        fix: "run 'barracks verify \(layout.directory)' for the list; rebuild or copy the bundle again"))
            }
        }
        let ok = !checks.contains { $0.status == .fail }
        if arguments.has("json") {
            let object: [String: Any] = ["ok": ok, "checks": checks.map { check -> [String: Any] in
                var entry: [String: Any] = ["name": check.name, "status": check.status.rawValue, "detail": check.detail]
                if let fix = check.fix { entry["fix"] = fix }
                return entry
            }]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            console.print(String(decoding: data, as: UTF8.self))
        } else {
            for check in checks {
                let mark: String
                switch check.status {
                case .pass: mark = console.paint("ok  ", .green)
                case .warn: mark = console.paint("warn", .yellow)
                case .fail: mark = console.paint("FAIL", .red, .bold)
                }
                console.print("\(mark)  \(check.name.padded(to: 16))\(check.detail)")
                if let fix = check.fix, check.status != .pass { console.print("      " + String(repeating: " ", count: 16) + "→ " + fix) }
            }
        }
        return ok ? ExitCode.success : ExitCode.checkFailed
    }
}
