import Foundation
import Seccomp

/// What `barracks policy show` prints: the policy per arch (with what compiling adds,
/// marked), and the compiled filter's size, cost, cache eligibility and proof.
struct PolicyShowReport {
    let file: String
    let effective: EffectivePolicy
    let filter: CompiledFilter?
    let cost: FilterCost?
    let proof: FilterProof?
    let bwrap: BwrapNativeNeeds?

    init(file: String, effective: EffectivePolicy, filter: CompiledFilter?, bwrap: BwrapNativeNeeds?) throws {
        self.file = file
        self.effective = effective
        self.filter = filter
        self.bwrap = bwrap
        cost = try filter.map { try FilterCost(program: $0.program, policy: effective.policy) }
        proof = try filter.map { try FilterProof(program: $0.program, policy: effective.policy) }
    }

    func print(to console: Console, json: Bool) {
        if json {
            console.print(ReportJSON.text(jsonObject))
            return
        }
        let policy = effective.source
        console.print("\(file): \(policy.learned ? "learned" : "NOT LEARNED (a template: the launcher refuses it)"), "
            + "default action \(policy.defaultAction)")
        if let cost, let proof {
            var line = "filter: \(cost.instructionCount) BPF instructions (limit 4096)"
            if let weighted = cost.weightedAverageInstructions {
                line += "; \(Self.format(weighted)) run per syscall, weighted by learned counts"
            } else if let average = cost.averageInstructions {
                line += "; \(Self.format(average)) run per allowed syscall (no counts to weight by)"
            }
            console.print(line)
            console.print(proof.proven
                ? "proof: the filter does exactly what the policy says (\(proof.evaluations) evaluations)"
                : "proof: FAILED, \(proof.mismatches.count) disagreement(s) with the policy; compile would refuse, e.g. "
                    + (proof.mismatches.first.map(String.init(describing:)) ?? ""))
        } else {
            console.print("filter: none (the policy has no arches)")
        }
        console.print(bwrap.map { "bwrap's native side (\($0.arch.name)): " + $0.syscalls.joined(separator: ", ") }
            ?? "bwrap's native side: not added (--no-bwrap)")
        for arch in effective.policy.arches.keys.sorted() {
            let syscalls = effective.policy.arches[arch]?.syscalls ?? [:]
            console.print("")
            var header = "\(arch): \(syscalls.count) syscalls"
            if let archCost = cost?.arches.first(where: { $0.name == arch }) {
                header += archCost.actionCacheEligible
                    ? "; action cache: every allowed syscall"
                    : "; action cache: not for " + archCost.argumentDependent.joined(separator: ", ") + " (argument checks)"
            }
            console.print(header)
            console.print("  " + "count".leftPadded(10) + "  " + "first seen".padded(20) + "  syscall")
            for (name, entry) in syscalls.sorted(by: { $0.key < $1.key }) {
                var line = "  " + String(entry.count).leftPadded(10) + "  " + (entry.firstSeen ?? "").padded(20) + "  " + name
                if let conditions = entry.conditions { line += "  if " + Self.conditions(conditions) }
                switch effective.origin(arch: arch, syscall: name) {
                case .policy: break
                case .safetyMargin: line += "  [safety margin]"
                case .bwrap: line += "  [bwrap]"
                case .added: line += "  [added]"
                }
                console.print(line)
            }
        }
    }

    private var jsonObject: [String: Any] {
        let policy = effective.source
        var object: [String: Any] = ["file": file, "learned": policy.learned, "default_action": policy.defaultAction.name]
        if case .errno(let code) = policy.defaultAction { object["default_errno"] = Int(code) }
        if let cost, let proof {
            object["filter"] = [
                "instructions": cost.instructionCount,
                "weighted_average_instructions": cost.weightedAverageInstructions.map { $0 as Any } ?? NSNull(),
                "average_instructions": cost.averageInstructions.map { $0 as Any } ?? NSNull(),
                "action_cache_eligible": cost.actionCacheEligible,
                "proven": proof.proven,
                "evaluations": proof.evaluations,
                "mismatches": proof.mismatches.map(String.init(describing:)),
            ] as [String: Any]
        } else {
            object["filter"] = NSNull()
        }
        object["bwrap"] = bwrap.map { ["arch": $0.arch.name, "syscalls": $0.syscalls] as [String: Any] } ?? NSNull()
        object["arches"] = effective.policy.arches.keys.sorted().map { arch -> [String: Any] in
            let archCost = cost?.arches.first { $0.name == arch }
            let syscalls = (effective.policy.arches[arch]?.syscalls ?? [:]).sorted { $0.key < $1.key }.map { name, entry in
                var item: [String: Any] = ["name": name, "count": entry.count,
                                           "origin": effective.origin(arch: arch, syscall: name).rawValue]
                if let firstSeen = entry.firstSeen { item["first_seen"] = firstSeen }
                if let conditions = entry.conditions { item["conditions"] = ReportJSON.conditions(conditions) }
                return item
            }
            return ["arch": arch, "syscalls": syscalls,
                    "action_cache_eligible": archCost.map { $0.actionCacheEligible as Any } ?? NSNull(),
                    "argument_dependent": archCost?.argumentDependent ?? []]
        }
        return object
    }

    /// `a0 == 0 or a0 >= 10 && a1 < 3`.
    static func conditions(_ alternatives: [[ArgumentComparison]]) -> String {
        alternatives.map { $0.map(\.summary).joined(separator: " && ") }.joined(separator: " or ")
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}

extension String {
    func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
