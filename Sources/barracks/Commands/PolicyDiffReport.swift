import Foundation
import Seccomp

/// What `barracks policy diff` prints: per arch, `+` added, `-` removed, `~` conditions
/// changed, `#` count changed; the default action and learned marker when they changed.
struct PolicyDiffReport {
    let old: String
    let new: String
    let diff: PolicyDiff

    func print(to console: Console, json: Bool) {
        if json {
            console.print(ReportJSON.text(jsonObject))
            return
        }
        console.print("--- \(old)")
        console.print("+++ \(new)")
        if let change = diff.defaultAction { console.print("default action: \(change.before) -> \(change.after)") }
        if let change = diff.learned { console.print("learned: \(change.before) -> \(change.after)") }
        for arch in diff.arches {
            console.print("\(arch.arch):")
            for name in arch.added { console.print("  + \(name)") }
            for name in arch.removed { console.print("  - \(name)") }
            for change in arch.changed {
                console.print("  ~ \(change.name): \(Self.conditions(change.before)) -> \(Self.conditions(change.after))")
            }
            for change in arch.recounted { console.print("  # \(change.name): count \(change.before.count) -> \(change.after.count)") }
        }
        if diff.arches.isEmpty && diff.defaultAction == nil && diff.learned == nil { console.print("no differences") }
    }

    private static func conditions(_ entry: SyscallEntry) -> String {
        entry.conditions.map { PolicyShowReport.conditions($0) } ?? "always"
    }

    private var jsonObject: [String: Any] {
        func change(_ change: PolicyDiff.Change) -> [String: Any] {
            func side(_ entry: SyscallEntry) -> [String: Any] {
                var item: [String: Any] = ["count": entry.count]
                item["conditions"] = entry.conditions.map { ReportJSON.conditions($0) as Any } ?? NSNull()
                return item
            }
            return ["name": change.name, "before": side(change.before), "after": side(change.after)]
        }
        var object: [String: Any] = ["old": old, "new": new, "allows_the_same": diff.allowsTheSame]
        object["arches"] = diff.arches.map { arch -> [String: Any] in
            ["arch": arch.arch, "added": arch.added, "removed": arch.removed,
             "changed": arch.changed.map(change), "recounted": arch.recounted.map(change)]
        }
        if let action = diff.defaultAction {
            object["default_action"] = ["before": action.before.description, "after": action.after.description]
        }
        if let learned = diff.learned { object["learned"] = ["before": learned.before, "after": learned.after] }
        return object
    }
}
