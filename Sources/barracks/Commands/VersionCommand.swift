import Foundation

/// `barracks version [--json]`: the tool's version, and the versions of the C libraries
/// it was built against (what a bug report needs).
enum VersionCommand {
    static let spec = CommandSpec(
        name: "version",
        synopsis: "[--json]",
        summary: "Print barracks' version",
        discussion: "",
        options: [.flag("json", "print a JSON object")],
        positionals: (0, 0),
        run: { arguments, console in
            if arguments.has("json") {
                let data = try JSONSerialization.data(withJSONObject: ["version": BarracksCLI.version], options: [.sortedKeys])
                console.print(String(decoding: data, as: UTF8.self))
            } else {
                console.print("barracks \(BarracksCLI.version)")
            }
            return ExitCode.success
        }
    )
}
