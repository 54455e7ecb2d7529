import JSONDocument
/// Turns a parsed policy document into a ``Policy``, checking every field: unknown fields,
/// wrong types, unknown arches and syscall names, bad conditions. Each error names the file,
/// the JSON path and what was expected there.
struct PolicyReader {
    /// The file as the user named it, for messages.
    let file: String?

    func policy(from document: JSONValue) throws(PolicyError) -> Policy {
        let top = try JSONObjectReader(document, at: .root, file: file,
                                       fields: ["version", "learned", "default_action", "default_errno", "arches"])
        let version = try top.unsigned("version")
        guard version == UInt64(Policy.formatVersion) else {
            throw top.error("version", "this barracks reads policy version \(Policy.formatVersion), found \(version)")
        }
        var policy = Policy()
        if top.has("learned") { policy.learned = try top.bool("learned") }
        policy.defaultAction = try defaultAction(top)
        for member in try top.object("arches") {
            let path = JSONPath.root.appending("arches").appending(member.key)
            guard let arch = SeccompArch(name: member.key) else {
                throw PolicyError(file: file, path: path.description, message:
                    "unknown arch \(JSONWriter.quoted(member.key)) "
                    + "(expected one of \(SeccompArch.knownNames.joined(separator: ", ")))")
            }
            policy.arches[member.key] = try archPolicy(member.value, at: path, arch: arch)
        }
        return policy
    }

    private func defaultAction(_ top: JSONObjectReader) throws(PolicyError) -> DefaultAction {
        let name = top.has("default_action") ? try top.string("default_action") : "kill_process"
        let action: DefaultAction
        switch name {
        case "kill_process": action = .killProcess
        case "log": action = .log
        case "errno":
            guard top.has("default_errno") else {
                throw top.error(nil, "missing field \"default_errno\" (default_action errno needs an errno name or number)")
            }
            action = .errno(try errno(top))
        default:
            throw top.error("default_action", "expected \"kill_process\", \"errno\" or \"log\", found \(JSONWriter.quoted(name))")
        }
        if action.name != "errno" && top.has("default_errno") {
            throw top.error("default_errno", "\"default_errno\" is only for default_action errno")
        }
        return action
    }

    private func errno(_ top: JSONObjectReader) throws(PolicyError) -> Int32 {
        if case .string(let name) = try top.value("default_errno") {
            guard let value = ErrnoName.value(of: name) else {
                throw top.error("default_errno", "unknown errno name \(JSONWriter.quoted(name)) "
                    + "(expected e.g. \"EPERM\", \"ENOSYS\", or a number 1…4095)")
            }
            return value
        }
        let number = try top.unsigned("default_errno")
        guard (1...4095).contains(number) else { throw top.error("default_errno", "expected an errno 1…4095, found \(number)") }
        return Int32(number)
    }

    private func archPolicy(_ value: JSONValue, at path: JSONPath, arch: SeccompArch) throws(PolicyError) -> ArchPolicy {
        let object = try JSONObjectReader(value, at: path, file: file, fields: ["syscalls"])
        let table = SyscallTable(arch: arch)
        var result = ArchPolicy()
        var firstPosition: [String: Int] = [:]
        for (position, element) in try object.array("syscalls").enumerated() {
            let entryPath = path.appending("syscalls").appending(position)
            let (name, entry) = try syscallEntry(element, at: entryPath, table: table)
            if let earlier = firstPosition[name] {
                throw PolicyError(file: file, path: entryPath.appending("name").description, message:
                    "duplicate syscall \(JSONWriter.quoted(name)) (also at \(path.appending("syscalls").appending(earlier)))")
            }
            firstPosition[name] = position
            result.syscalls[name] = entry
        }
        return result
    }

    private func syscallEntry(
        _ value: JSONValue, at path: JSONPath, table: SyscallTable
    ) throws(PolicyError) -> (String, SyscallEntry) {
        let object = try JSONObjectReader(value, at: path, file: file, fields: ["name", "count", "first_seen", "conditions"])
        let name = try object.string("name")
        let count = object.has("count") ? try object.unsigned("count") : 0
        var firstSeen: String?
        if object.has("first_seen") {
            let text = try object.string("first_seen")
            guard Self.isTimestamp(text) else {
                throw object.error("first_seen", "expected a UTC time like \"2025-01-31T23:59:59Z\", found \(JSONWriter.quoted(text))")
            }
            firstSeen = text
        }
        var conditions: [[ArgumentComparison]]?
        if object.has("conditions") {
            conditions = []
            for (position, alternative) in try object.array("conditions").enumerated() {
                let alternativePath = path.appending("conditions").appending(position)
                guard case .array(let items) = alternative else {
                    throw PolicyError(file: file, path: alternativePath.description, message:
                        "expected an array of comparisons (one alternative), found \(alternative.kind)")
                }
                var comparisons: [ArgumentComparison] = []
                for (item, element) in items.enumerated() {
                    comparisons.append(try comparison(element, at: alternativePath.appending(item)))
                }
                conditions?.append(comparisons)
            }
        }
        if let problem = PolicyRules.problem(with: name, conditions: conditions, table: table) {
            var at = path
            for component in problem.relativePath {
                switch component {
                case .key(let key): at = at.appending(key)
                case .index(let index): at = at.appending(index)
                }
            }
            throw PolicyError(file: file, path: at.description, message: problem.message)
        }
        return (name, SyscallEntry(count: count, firstSeen: firstSeen, conditions: conditions))
    }

    private func comparison(_ value: JSONValue, at path: JSONPath) throws(PolicyError) -> ArgumentComparison {
        let object = try JSONObjectReader(value, at: path, file: file, fields: ["index", "op", "value", "mask"])
        let index = try object.unsigned("index")
        guard index <= 5 else { throw object.error("index", "expected an argument index 0…5, found \(index)") }
        let opName = try object.string("op")
        guard let op = ComparisonOperator(rawValue: opName) else {
            let names = ComparisonOperator.allCases.map(\.name).joined(separator: ", ")
            throw object.error("op", "unknown op \(JSONWriter.quoted(opName)) (expected one of \(names))")
        }
        let mask = object.has("mask") ? try object.unsigned("mask", hexAllowed: true) : nil
        return ArgumentComparison(index: Int(index), op: op, value: try object.unsigned("value", hexAllowed: true), mask: mask)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, digits where digits belong.
    static func isTimestamp(_ text: String) -> Bool {
        let pattern = Array("dddd-dd-ddTdd:dd:ddZ".utf8)
        let bytes = Array(text.utf8)
        guard bytes.count == pattern.count else { return false }
        return zip(bytes, pattern).allSatisfy { byte, expected in
            expected == UInt8(ascii: "d") ? (byte >= 0x30 && byte <= 0x39) : byte == expected
        }
    }
}
