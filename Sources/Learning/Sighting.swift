import Foundation

/// What learning saw of one syscall: how often, when first, and the values of its one
/// enforceable argument (``ArgumentCapture``), if it has one.
public struct Sighting: Equatable, Sendable {
    /// How many times it was seen.
    public var count: UInt64
    /// When it was first seen, if known (journald's audit lines carry no time).
    public var firstSeen: Date?
    /// The distinct values of the captured argument, at most ``ArgumentCapture/maximumValues``
    /// (empty when the syscall has no capture or only multiplexed calls were seen).
    public private(set) var argumentValues: Set<UInt64>
    /// Whether more distinct values were seen than are kept: then no condition is derived.
    public private(set) var tooManyValues: Bool
    /// Whether some sighting had no captured value (a call through a multiplexer, or an
    /// imported log record, which has no arguments): then no condition is derived either.
    public private(set) var uncaptured: Bool

    /// A sighting of `count` calls first seen at `firstSeen`, with `value` as the captured
    /// argument (`nil`: none captured).
    public init(count: UInt64 = 1, firstSeen: Date? = nil, value: UInt64? = nil) {
        self.count = count
        self.firstSeen = firstSeen
        argumentValues = value.map { [$0] } ?? []
        tooManyValues = false
        uncaptured = value == nil
    }

    /// Adds `other`: counts add (saturating), the earlier first sighting stays, values unite.
    public mutating func merge(_ other: Sighting) {
        let (sum, overflow) = count.addingReportingOverflow(other.count)
        count = overflow ? .max : sum
        switch (firstSeen, other.firstSeen) {
        case (let a?, let b?): firstSeen = min(a, b)
        case (nil, let b?): firstSeen = b
        default: break
        }
        uncaptured = uncaptured || other.uncaptured
        tooManyValues = tooManyValues || other.tooManyValues
        for value in other.argumentValues where !tooManyValues {
            if argumentValues.count >= ArgumentCapture.maximumValues && !argumentValues.contains(value) {
                tooManyValues = true
                argumentValues = []
            } else {
                argumentValues.insert(value)
            }
        }
    }

    /// Whether the captured values can become a condition (every sighting captured, not too many).
    var conditionable: Bool { !uncaptured && !tooManyValues && !argumentValues.isEmpty }
}
