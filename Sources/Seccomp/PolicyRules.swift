import JSONDocument
/// The meaning checks a policy entry must pass, shared by ``PolicyReader`` (which adds the
/// JSON path) and ``Policy/record(_:arch:count:at:conditions:)``. Each rule exists because
/// libseccomp would otherwise refuse the rule, or silently compile something else.
enum PolicyRules {
    /// What is wrong, and where relative to the entry (`conditions[0][1].value`).
    struct Problem: Equatable {
        var relativePath: [JSONPath.Component]
        var message: String
    }

    /// The first problem with allowing `name` under `conditions` on `table`'s arch, if any.
    static func problem(with name: String, conditions: [[ArgumentComparison]]?, table: SyscallTable) -> Problem? {
        let arch = table.arch
        guard let resolution = table.resolve(name) else {
            return Problem(relativePath: [.key("name")], message: "unknown syscall \(JSONWriter.quoted(name)) for \(arch.name)")
        }
        guard let conditions else { return nil }
        if conditions.isEmpty {
            return Problem(relativePath: [.key("conditions")], message:
                "expected at least one alternative (leave out \"conditions\" to allow \(name) whatever its arguments)")
        }
        if resolution.multiplexer != nil, let multiplexer = table.multiplexer(number: resolution.multiplexer ?? -1) {
            return Problem(relativePath: [.key("conditions")], message:
                "conditions on \(name) cannot be enforced on \(arch.name): 32-bit programs reach it through "
                + "\(multiplexer.name), whose arguments sit behind a pointer seccomp cannot read; remove the conditions")
        }
        for (position, alternative) in conditions.enumerated() {
            let here: [JSONPath.Component] = [.key("conditions"), .index(position)]
            if alternative.isEmpty {
                return Problem(relativePath: here, message:
                    "expected at least one comparison (leave out \"conditions\" to allow \(name) whatever its arguments)")
            }
            var seen: Set<Int> = []
            for (item, comparison) in alternative.enumerated() {
                if let problem = problem(with: comparison, arch: arch) {
                    return Problem(relativePath: here + [.index(item)] + problem.relativePath, message: problem.message)
                }
                if !seen.insert(comparison.index).inserted {
                    return Problem(relativePath: here + [.index(item), .key("index")], message:
                        "argument \(comparison.index) is compared twice in one alternative; libseccomp allows one "
                        + "comparison per argument in a rule (use two alternatives, or masked_eq)")
                }
            }
        }
        return nil
    }

    /// The first problem with one comparison on `arch`, relative to the comparison object.
    static func problem(with comparison: ArgumentComparison, arch: SeccompArch) -> Problem? {
        guard (0...5).contains(comparison.index) else {
            return Problem(relativePath: [.key("index")], message: "expected an argument index 0…5, found \(comparison.index)")
        }
        let limit: UInt64 = arch.argumentBits >= 64 ? .max : (1 << UInt64(arch.argumentBits)) - 1
        if comparison.value > limit {
            return Problem(relativePath: [.key("value")], message:
                "\(comparison.value) does not fit the \(arch.argumentBits)-bit arguments of \(arch.name) "
                + "(libseccomp would silently compare only the low bits)")
        }
        switch (comparison.op, comparison.mask) {
        case (.maskedEq, nil):
            return Problem(relativePath: [], message: "missing field \"mask\" (op masked_eq compares argument & mask with value)")
        case (.maskedEq, let mask?):
            if mask > limit {
                return Problem(relativePath: [.key("mask")], message:
                    "\(mask) does not fit the \(arch.argumentBits)-bit arguments of \(arch.name)")
            }
            if comparison.value & ~mask != 0 {
                return Problem(relativePath: [.key("value")], message:
                    "value 0x\(String(comparison.value, radix: 16)) has bits outside mask 0x\(String(mask, radix: 16)): "
                    + "the comparison could never hold")
            }
        case (_, .some):
            return Problem(relativePath: [.key("mask")], message: "\"mask\" is only for op masked_eq, not \(comparison.op.name)")
        case (_, nil):
            break
        }
        return nil
    }
}
