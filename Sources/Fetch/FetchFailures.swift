/// Every failed request of one ``Fetcher/fetchAll(_:observer:)``, reported together so a user
/// fixes them all in one go.
public struct FetchFailures: Error, Equatable, Sendable, CustomStringConvertible {
    /// The failures, in request order.
    public let failures: [FetchError]
    /// How many requests there were (duplicates counted once).
    public let requestCount: Int

    /// The aggregate of `failures` among `requestCount` requests.
    public init(failures: [FetchError], requestCount: Int) {
        self.failures = failures
        self.requestCount = requestCount
    }

    /// One line for every URL missing from the cache offline (with the advice once), then
    /// one line per other failure.
    public var description: String {
        let missing = failures.filter { $0.reason == .notInCache }.map(\.url)
        let others = failures.filter { $0.reason != .notInCache }
        var lines: [String] = []
        if failures.count > 1 || requestCount > 1 {
            lines.append("\(failures.count) of \(requestCount) downloads failed:")
        }
        if !missing.isEmpty {
            lines.append("offline: not in cache: " + missing.joined(separator: ", ")
                + "; run once without --offline or use `barracks mirror`")
        }
        lines += others.map(\.description)
        if lines.count == 1 { return lines[0] }
        return lines[0] + lines.dropFirst().map { "\n  - " + $0 }.joined()
    }
}
