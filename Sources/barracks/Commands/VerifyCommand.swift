import Builder
import Foundation

/// `barracks verify BUNDLE [--json]`
enum VerifyCommand {
    static let spec = CommandSpec(
        name: "verify",
        synopsis: "BUNDLE [--json]",
        summary: "Check every file of a bundle against its bundle.json",
        discussion: """
        Compares each file, directory and symlink under run, rootfs/, app/ and seccomp/ with the
        content digest, mode and target recorded when the bundle was built, and names every
        file that is missing, added or changed. state/ is the program's and is not checked.
        Exit status 0: intact; 3: something differs.
        """,
        options: [.flag("json", "print {\"bundle\", \"intact\", \"differences\": [{kind, path, detail}]}")],
        positionals: (1, 1),
        run: { arguments, console in
            let layout = BundleLayout(directory: arguments.positionals[0])
            let differences = try BundleVerifier.verify(layout)
            if arguments.has("json") {
                let object: [String: Any] = [
                    "bundle": layout.directory, "intact": differences.isEmpty,
                    "differences": differences.map { ["kind": $0.kind.rawValue, "path": $0.path, "detail": $0.detail] },
                ]
                let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                console.print(String(decoding: data, as: UTF8.self))
            } else if differences.isEmpty {
                console.print(console.paint("\(layout.directory): intact", .green))
            } else {
                for difference in differences {
                    console.print(console.paint(difference.kind.rawValue, .red) + "  \(difference.path)"
                                  + (difference.detail.isEmpty ? "" : "  (\(difference.detail))"))
                }
                console.error("\(layout.directory): \(differences.count) difference\(differences.count == 1 ? "" : "s") from bundle.json; rebuild with 'barracks build' to restore it")
            }
            return differences.isEmpty ? ExitCode.success : ExitCode.checkFailed
        }
    )
}
