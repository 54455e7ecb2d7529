import Alpine
import Fetch
import Foundation
import POSIX

/// Provisioning tasks (the demo root: musl + busybox for x86), with the download cache in
/// CACHE (warm after the first run: packages are immutable, only the index is revalidated):
/// - `provision-install MIRROR KEYS CACHE`: clears CACHE/roots (the root cache), then one
///   native install; what `barracks rootfs` does minus the copy to --out.
/// - `provision-timing MIRROR KEYS CACHE ROUNDS`: per round, a native install into an empty
///   root cache, then a re-provision of the same inputs (the cached root reused), each timed
///   in-process; prints the best of each and their ratio.
let provisionBenchTasks: [String: BenchTask] = [
    "provision-install": { arguments in
        guard arguments.count == 3 else { throw BenchUsage("usage: barracks-bench provision-install MIRROR KEYS CACHE") }
        let (provisioner, request) = ProvisionBench.setup(arguments)
        FileTree.removeTree(arguments[2] + "/roots")
        let root = try provisioner.provision(request)
        print("\(root.packages.count) packages in \(root.path) (reused: \(root.reused))")
    },
    "provision-timing": { arguments in
        guard arguments.count == 4, let rounds = Int(arguments[3]), rounds > 0 else {
            throw BenchUsage("usage: barracks-bench provision-timing MIRROR KEYS CACHE ROUNDS")
        }
        let (provisioner, request) = ProvisionBench.setup(arguments)
        var installs: [Double] = [], reuses: [Double] = []
        for _ in 0..<rounds {
            FileTree.removeTree(arguments[2] + "/roots")
            var start = Date()
            let first = try provisioner.provision(request)
            installs.append(Date().timeIntervalSince(start))
            start = Date()
            let again = try provisioner.provision(request)
            reuses.append(Date().timeIntervalSince(start))
            guard !first.reused, again.reused else { throw BenchUsage("expected a fresh install, then a reuse") }
        }
        let install = installs.min() ?? 0, reuse = reuses.min() ?? 0
        print(String(format: "install %.2f ms, reuse %.2f ms, ratio %.1f", install * 1000, reuse * 1000, install / max(reuse, 1e-9)))
    },
]

enum ProvisionBench {
    static func setup(_ arguments: [String]) -> (Provisioner, RootRequest) {
        var options = FetchOptions()
        options.cacheDirectory = arguments[2]
        let provisioner = Provisioner(fetcher: Fetcher(options: options), cacheDirectory: arguments[2])
        let request = RootRequest(mirror: arguments[0], branch: "v3.24", arch: "x86", world: ["musl", "busybox"],
                                  extraKeysDirectory: arguments[1])
        return (provisioner, request)
    }
}
