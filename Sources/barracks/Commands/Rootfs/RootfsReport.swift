import Alpine
import Foundation

/// What `barracks rootfs` prints: a table of the packages, the scripts not run, and the
/// warnings (on standard error); or one JSON object with `--json`.
struct RootfsReport {
    let root: ProvisionedRoot
    let destination: String
    let request: RootRequest

    func print(to console: Console, json: Bool) {
        for warning in root.warnings { console.warn(warning) }
        if json {
            console.print(ReportJSON.text(jsonObject))
            return
        }
        let rows = [["PACKAGE", "VERSION", "ARCH", "SIZE", "INSTALLED"]]
            + root.packages.map { [$0.name, $0.version, $0.arch, Self.size($0.size), Self.size($0.installedSize)] }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for (number, row) in rows.enumerated() {
            let line = row.enumerated().map { column, cell in
                column == 4 ? cell : cell.padding(toLength: widths[column] + 2, withPad: " ", startingAt: 0)
            }.joined()
            console.print(number == 0 ? console.paint(line, .bold) : line)
        }
        if !root.scripts.isEmpty {
            console.print("scripts not run (--run-scripts runs them): " + root.scripts.joined(separator: ", "))
        }
        let installed = root.packages.reduce(UInt64(0)) { $0 + $1.installedSize }
        let count = root.packages.count
        console.print(console.paint("wrote \(destination)", .green) + ": \(count) package\(count == 1 ? "" : "s"), "
                      + "\(Self.size(installed)) installed, \(request.installer.rawValue) installer"
                      + (root.reused ? ", cached root reused" : ""))
    }

    private var jsonObject: [String: Any] {
        [
            "root": destination,
            "arch": request.arch,
            "installer": request.installer.rawValue,
            "reused": root.reused,
            "packages": root.packages.map { package -> [String: Any] in
                var item: [String: Any] = ["name": package.name, "version": package.version, "arch": package.arch,
                                           "checksum": package.checksum, "url": package.url, "size": package.size,
                                           "installed_size": package.installedSize]
                item["sha256"] = package.sha256 ?? NSNull()
                return item
            },
            "indexes": root.indexes.map { ["url": $0.url, "sha256": $0.sha256, "key": $0.key ?? NSNull()] as [String: Any] },
            "scripts_not_run": root.scripts,
            "warnings": root.warnings,
        ]
    }

    /// `413 KiB`, `1.0 MiB`, `512 B`.
    static func size(_ bytes: UInt64) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return "\((bytes + 512) / 1024) KiB" }
        return String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }
}
