import Dispatch
import Foundation
import Synchronization

/// Maps `items` through `transform` on all cores, keeping order. For batch commands over many
/// files (`inspect` over a whole directory), where each item is independent.
///
/// Each worker makes one `State` with `makeState` and passes it to every item it takes (a
/// read buffer, say), and takes the next item from a shared counter, so a slow file holds up
/// only its own worker.
func parallelMap<T: Sendable, State>(
    _ items: [String],
    makeState: @Sendable () -> State,
    _ transform: @Sendable (String, State) -> T
) -> [T] {
    let workers = min(items.count, ProcessInfo.processInfo.activeProcessorCount)
    guard workers > 1, items.count > 4 else {
        let state = makeState()
        return items.map { transform($0, state) }
    }
    let results = ResultSlots<T>(count: items.count)
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        let state = makeState()
        while true {
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < items.count else { return }
            results.set(index, transform(items[index], state))
        }
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
