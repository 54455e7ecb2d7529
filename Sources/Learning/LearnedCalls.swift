import Foundation
import Seccomp

/// The syscalls a learning run (or an imported log) saw, per arch and name, with counts,
/// first sightings and captured argument values; plus the numbers no table could name.
///
/// Merging only adds (counts add, values unite). ``policy(defaultAction:conditions:)`` turns
/// it into a learned ``Policy`` fragment to merge into a bundle's `seccomp/policy.json`.
public struct LearnedCalls: Equatable, Sendable {
    /// Every named syscall seen.
    public private(set) var sightings: [LearnedSyscall: Sighting] = [:]
    /// Numbers no table names, with how often each was seen.
    public private(set) var unnamed: [UnnamedSyscall: UInt64] = [:]

    /// Nothing seen.
    public init() {}

    /// Records `count` calls of `syscall` at `time`, with `value` its captured argument
    /// (``ArgumentCapture``; `nil` when none was captured).
    public mutating func record(_ syscall: LearnedSyscall, count: UInt64 = 1, at time: Date? = nil, value: UInt64? = nil) {
        let sighting = Sighting(count: count, firstSeen: time, value: value)
        if var existing = sightings[syscall] {
            existing.merge(sighting)
            sightings[syscall] = existing
        } else {
            sightings[syscall] = sighting
        }
    }

    /// Records `count` calls of a number no table names.
    public mutating func recordUnnamed(_ syscall: UnnamedSyscall, count: UInt64 = 1) {
        let (sum, overflow) = unnamed[syscall, default: 0].addingReportingOverflow(count)
        unnamed[syscall] = overflow ? .max : sum
    }

    /// Adds everything `other` saw.
    public mutating func merge(_ other: LearnedCalls) {
        for (syscall, sighting) in other.sightings {
            if var existing = sightings[syscall] {
                existing.merge(sighting)
                sightings[syscall] = existing
            } else {
                sightings[syscall] = sighting
            }
        }
        for (syscall, count) in other.unnamed { recordUnnamed(syscall, count: count) }
    }

    /// Whether nothing at all was seen.
    public var isEmpty: Bool { sightings.isEmpty && unnamed.isEmpty }

    /// The names seen on `arch`.
    public func names(arch: String) -> Set<String> {
        Set(sightings.keys.filter { $0.arch == arch }.map(\.name))
    }

    /// The arches something was seen on, sorted.
    public var arches: [String] { Set(sightings.keys.map(\.arch)).sorted() }

    /// A learned policy allowing everything seen (counts and first sightings kept), with
    /// `defaultAction`. With `conditions`, syscalls with an ``ArgumentCapture`` are allowed
    /// only for the values seen, where seccomp can enforce that on the arch (not for calls
    /// reached through `socketcall` on x86, say: those stay unconditional, as do syscalls with
    /// uncaptured sightings or too many values). Unnamed numbers cannot be part of a policy.
    public func policy(defaultAction: DefaultAction = .killProcess, conditions: Bool = false) throws -> Policy {
        var policy = Policy(learned: true, defaultAction: defaultAction)
        for (syscall, sighting) in sightings.sorted(by: { $0.key < $1.key }) {
            var alternatives: [[ArgumentComparison]]?
            if conditions, sighting.conditionable, let capture = ArgumentCapture.of(syscall.name) {
                alternatives = sighting.argumentValues.sorted().map(capture.condition(for:))
            }
            do {
                try policy.record(syscall.name, arch: syscall.arch, count: sighting.count, at: sighting.firstSeen,
                                  conditions: alternatives)
            } catch where alternatives != nil {
                // Not enforceable on this arch (a multiplexed sub-call): allowed whatever its arguments.
                try policy.record(syscall.name, arch: syscall.arch, count: sighting.count, at: sighting.firstSeen)
            }
        }
        return policy
    }
}
