/// What every transfer of one fetch shares: options, cache, retry rules and the observer.
final class TransferContext {
    let options: FetchOptions
    let cache: BlobCache
    let retry: RetryPolicy
    private let observer: ((FetchEvent) -> Void)?

    init(options: FetchOptions, cache: BlobCache, observer: ((FetchEvent) -> Void)?) {
        self.options = options
        self.cache = cache
        self.observer = observer
        retry = RetryPolicy(maxAttempts: max(1, options.maxAttempts), firstDelay: max(0, options.retryDelay),
                            maxDelay: max(0, options.maxRetryDelay))
    }

    func emit(_ event: FetchEvent) {
        observer?(event)
    }
}
