import Dispatch

/// Maps `items` through `transform` on all cores, keeping order. For batch commands over many
/// files (`inspect` over a whole directory), where each item is independent.
func parallelMap<T: Sendable>(_ items: [String], _ transform: @Sendable (String) -> T) -> [T] {
    guard items.count > 4 else { return items.map(transform) }
    let results = ResultSlots<T>(count: items.count)
    DispatchQueue.concurrentPerform(iterations: items.count) { index in
        results.set(index, transform(items[index]))
    }
    return results.values
}

/// One slot per index, each written exactly once by one thread.
private final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) {
        slots.withUnsafeMutableBufferPointer { $0[index] = value }
    }

    var values: [T] { slots.map { $0! } }
}
