import Foundation
import POSIX
import Testing
import TestSupport

/// Mistakes in a manifest, through `barracks build`: exit status 1, `FILE: $.path: what was
/// expected`, and nothing built or fetched.
@Suite struct BuildManifestErrorTests {
    static let good = """
        {"name": "demo",
         "alpine": {"mirror": "http://127.0.0.1:9/mirror", "branch": "v3.24", "packages": ["musl"]},
         "app": {"url": "standin-1.0.zip", "entry": "standin", "state": ["logs"]}}
        """

    /// Writes `text` as `name` in `dir` and builds it; returns the result.
    func build(_ text: String, _ name: String, in dir: String) throws -> ProcessResult {
        try writeFile(dir + "/" + name, text)
        return try runBarracks(["build", name, "--cache", "cache", "--out", "bundles/demo"],
                               environment: ["PATH": "/usr/bin:/bin", "HOME": dir], workingDirectory: dir)
    }

    @Test(arguments: [
        ("\"strip\"", "\"entry\": \"standin\", \"strip\": \"yes\"",
         "bad.json: $.app.strip: expected \"auto\" or a number of components (0…63), found \"yes\""),
        ("unknown field", "\"entry\": \"standin\", \"colour\": \"red\"",
         "bad.json: $.app.colour: unknown field \"colour\""),
        ("wrong type", "\"entry\": \"standin\", \"state\": \"logs\"",
         "bad.json: $.app.state: expected an array, found a string"),
        ("state outside the app", "\"entry\": \"standin\", \"state\": [\"../etc\"]",
         "bad.json: $.app.state[0]: expected a relative path inside the app"),
    ])
    func aMistakeNamesTheFileAndThePath(_ kind: String, _ replacement: String, _ message: String) throws {
        try withScratch("manifest-error") { dir in
            let text = Self.good.replacingOccurrences(of: "\"entry\": \"standin\", \"state\": [\"logs\"]", with: replacement)
            #expect(text != Self.good, "the replacement did not apply")
            let result = try build(text, "bad.json", in: dir)
            #expect(result.status == .exited(1), "\(kind)")
            #expect(result.errorOutput.contains(message), "\(kind): \(result.errorOutput)")
            #expect(!FileTree.exists(dir + "/bundles") && !FileTree.exists(dir + "/cache"), "\(kind): something was built or fetched")
        }
    }

    @Test func aTruncatedManifestNamesTheLineAndColumn() throws {
        try withScratch("manifest-error") { dir in
            let result = try build("{\"name\": \"demo\",\n", "cut.json", in: dir)
            #expect(result.status == .exited(1))
            #expect(result.errorOutput.contains("cut.json: $.name: line 2, column 1:"), "\(result.errorOutput)")
        }
    }

    @Test func aMissingManifestIsNamed() throws {
        try withScratch("manifest-error") { dir in
            let result = try runBarracks(["build", dir + "/nowhere.json"], environment: ["PATH": "/usr/bin:/bin", "HOME": dir])
            #expect(result.status == .exited(1))
            #expect(result.errorOutput.contains(dir + "/nowhere.json: No such file or directory"), "\(result.errorOutput)")
            let noArgument = try runBarracks(["build"], environment: ["PATH": "/usr/bin:/bin", "HOME": dir], workingDirectory: dir)
            #expect(noArgument.status == .exited(1))
            #expect(noArgument.errorOutput.contains("manifest.json: No such file or directory"), "\(noArgument.errorOutput)")
        }
    }
}
