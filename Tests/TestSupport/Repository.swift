import Foundation
import POSIX

/// Paths in the source tree and the build directory, for tests.
public enum Repository {
    /// The checkout's root (where Package.swift is).
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The directory holding the built products (`barracks`, the test bundle).
    public static let productsDirectory: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return FileTree.parentDirectory(of: exe)
    }()

    /// The `barracks` executable built alongside the tests.
    public static var barracks: String { productsDirectory + "/barracks" }

    /// Debian's i386 packages unpacked by scripts/install-deps.
    public static var debianFixtures: String { root + "/.fixtures/debian" }
}

/// Runs the built `barracks` with `arguments` and captures what it prints.
public func runBarracks(_ arguments: [String], environment: [String: String]? = nil,
                        workingDirectory: String? = nil, input: [UInt8]? = nil) throws -> ProcessResult {
    var process = Subprocess(Repository.barracks, arguments, environment: environment, workingDirectory: workingDirectory)
    if let input { process.standardInput = .bytes(input) }
    return try process.run()
}

/// Runs a host tool and captures its output.
public func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                workingDirectory: String? = nil) throws -> ProcessResult {
    try Subprocess(executable, arguments, environment: environment, workingDirectory: workingDirectory).run()
}
