import Builder
import Foundation
import POSIX
import TestSupport

extension DemoBuildFixture {
    /// Builds `manifest` (the fixture's default one) with the Builder library in this process,
    /// into `out` (the fixture's bundle), with the fixture's cache; `configure` sets options.
    @discardableResult
    func buildInProcess(manifest: String? = nil, out: String? = nil,
                        configure: (inout BuildOptions) -> Void = { _ in }) throws -> BuildResult {
        var options = BuildOptions()
        options.bundleDirectory = out ?? bundle
        options.cacheDirectory = cache
        configure(&options)
        return try Build(manifest: try ManifestReader.read(manifest ?? self.manifest), options: options, toolVersion: "test").run()
    }

    /// The current generation's name (what `.current` points at), if any.
    func currentGeneration(of bundle: String? = nil) -> String? {
        GenerationStore(layout: BundleLayout(directory: bundle ?? self.bundle)).currentGeneration()
    }

    /// What `barracks verify` would report for the bundle (empty: intact).
    func verify(_ bundle: String? = nil) throws -> [String] {
        try BundleVerifier.verify(BundleLayout(directory: bundle ?? self.bundle)).map(\.description)
    }

    /// `run --help`: the stand-in prints its usage and exits 0 (so the bundle starts).
    func runsHelp(_ bundle: String? = nil) throws -> Bool {
        let result = try run((bundle ?? self.bundle) + "/run", ["--help"], environment: environment)
        return result.status == .exited(0) && result.output.contains("usage: standin")
    }
}
