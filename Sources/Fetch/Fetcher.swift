/// Downloads files into the content-addressed cache, verified, with retries and resume.
///
///     let fetcher = Fetcher(options: options)
///     let zip = try fetcher.fetch(FetchRequest(url, integrity: .sha256(pinned)))
///     let files = try fetcher.fetchAll(packages.map { FetchRequest($0, integrity: .verifiedLater("signed index"), immutable: true) })
///
/// Calls block the calling thread until every request is done; progress arrives as
/// ``FetchEvent``s on that thread. Values are `Sendable`: separate calls may run on separate
/// threads (and processes) at once, and the cache's per-URL locks keep them from colliding.
public struct Fetcher: Sendable {
    /// How this fetcher downloads.
    public var options: FetchOptions

    /// A fetcher with `options`.
    public init(options: FetchOptions = FetchOptions()) {
        self.options = options
    }

    /// Fetches one file (or takes it from the cache) and returns where it is.
    public func fetch(_ request: FetchRequest, observer: ((FetchEvent) -> Void)? = nil) throws(FetchError) -> FetchResult {
        do {
            return try fetchAll([request], observer: observer)[0]
        } catch {
            throw error.failures.first ?? FetchError(url: request.url, reason: .transfer("failed"))
        }
    }

    /// Fetches every request, up to ``FetchOptions/maxParallelTransfers`` at once, and returns
    /// the results in request order. Identical requests are fetched once. When any fails,
    /// throws one ``FetchFailures`` listing every failure (the others are in the cache by then,
    /// so a second run only fetches what failed).
    public func fetchAll(_ requests: [FetchRequest], observer: ((FetchEvent) -> Void)? = nil) throws(FetchFailures) -> [FetchResult] {
        var unique: [FetchRequest] = []
        var index: [FetchRequest: Int] = [:]
        for request in requests where index[request] == nil {
            index[request] = unique.count
            unique.append(request)
        }
        let cache: BlobCache
        do {
            cache = try BlobCache(root: options.resolvedCacheDirectory)
        } catch {
            let failures = unique.map { FetchError(url: $0.url, reason: .cache("\(error)")) }
            throw FetchFailures(failures: failures, requestCount: unique.count)
        }
        let context = TransferContext(options: options, cache: cache, observer: observer)
        let transfers = unique.map { Transfer(request: $0, context: context) }
        TransferScheduler(context: context).run(transfers)

        var failures: [FetchError] = []
        var results: [FetchResult?] = []
        for transfer in transfers {
            switch transfer.outcome {
            case .success(let result): results.append(result)
            case .failure(let error): failures.append(error); results.append(nil)
            case nil: failures.append(FetchError(url: transfer.request.url, reason: .transfer("not run"))); results.append(nil)
            }
        }
        guard failures.isEmpty else { throw FetchFailures(failures: failures, requestCount: unique.count) }
        return requests.compactMap { request in index[request].flatMap { results[$0] } }
    }
}
