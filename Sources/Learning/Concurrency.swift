import Foundation

/// A value shared between threads, behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// The result of work done on another thread, waited for once.
final class Outcome<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let result = Locked<Result<Value, Error>?>(nil)

    func set(_ value: Result<Value, Error>) {
        result.value = value
        done.signal()
    }

    func wait() throws -> Value {
        done.wait()
        guard let value = result.value else { preconditionFailure("Outcome signalled without a result") }
        return try value.get()
    }
}

/// A helper thread of a learning run (the watchdog, the exercise), joined before the run returns.
final class Companion: Sendable {
    private let done = DispatchSemaphore(value: 0)

    init(_ body: @escaping @Sendable () -> Void) {
        let done = self.done
        let thread = Thread {
            body()
            done.signal()
        }
        thread.start()
    }

    func join() { done.wait() }
}

/// NULL-terminated C string arrays for exec.
enum CStrings {
    /// Calls `body` with `strings` as a `char *const[]` (NULL when `strings` is nil).
    static func with<R>(_ strings: [String]?, _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>?) -> R) -> R {
        guard let strings else { return body(nil) }
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
