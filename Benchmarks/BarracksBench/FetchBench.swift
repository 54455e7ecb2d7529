import Fetch

/// `download URL [--sha256 HEX] [--cache DIR] [--ca-file PEM]`: one download through
/// ``Fetcher`` (hashing, fsync and the cache included), as `barracks build` does it. Prints
/// `<sha256>  <path>  <source>`; the tests also use it as a second, concurrent process.
let fetchBenchTasks: [String: BenchTask] = [
    "download": { arguments in
        var options = FetchOptions()
        var integrity = Integrity.none
        var url: String?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let value = index + 1 < arguments.count ? arguments[index + 1] : nil
            switch argument {
            case "--sha256": integrity = .sha256(value ?? ""); index += 1
            case "--cache": options.cacheDirectory = value; index += 1
            case "--ca-file": options.caFile = value; index += 1
            default: url = argument
            }
            index += 1
        }
        guard let url else { throw BenchUsage("usage: barracks-bench download URL [--sha256 HEX] [--cache DIR] [--ca-file PEM]") }
        let result = try Fetcher(options: options).fetch(FetchRequest(url, integrity: integrity))
        print("\(result.sha256.hex)  \(result.path)  \(result.source.rawValue)")
    },
]
