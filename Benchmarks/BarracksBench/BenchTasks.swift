/// A benchmark task: runs with its command-line arguments.
typealias BenchTask = @Sendable ([String]) throws -> Void

/// The benchmark tasks, by name. Each area adds its entries in its own file
/// (`<Area>Bench.swift`) and one line here.
let benchTasks: [String: BenchTask] = [:]
    .merging(posixBenchTasks) { a, _ in a }
    .merging(fetchBenchTasks) { a, _ in a }
    .merging(seccompBenchTasks) { a, _ in a }
    .merging(archiveBenchTasks) { a, _ in a }
    .merging(learnBenchTasks) { a, _ in a }
    .merging(provisionBenchTasks) { a, _ in a }
    .merging(bundleBenchTasks) { a, _ in a }

/// A task given the wrong arguments; the text is the usage line.
struct BenchUsage: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
