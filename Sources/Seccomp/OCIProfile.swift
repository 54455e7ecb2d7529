import JSONDocument
/// The policy as an OCI runtime-spec `linux.seccomp` profile (also read by Docker, Podman
/// and Kubernetes `Localhost` profiles).
///
/// OCI names apply to every listed arch: it cannot say "this name on x86 only" (research
/// §5.1). The profile therefore allows the **union** over arches: a name allowed on any
/// arch is allowed on all, unconditionally if any arch allows it unconditionally, otherwise
/// under the union of the arches' alternatives. Each rule group says so in its `comment`
/// (a field Docker reads and other runtimes ignore). bwrap bundles use `filter.bpf`, which
/// keeps the per-arch lists; this file is for running the program in a container instead.
public struct OCIProfile: Sendable {
    /// The policy exported (the effective one, additions included, for a bundle).
    public let policy: Policy

    /// The profile of `policy`.
    public init(_ policy: Policy) {
        self.policy = policy
    }

    /// `SCMP_ARCH_*` names: 64-bit arches first, then by name (x86_64 before x86).
    public var architectures: [String] {
        policy.arches.keys.compactMap { SeccompArch(name: $0) }
            .sorted { ($0.is64Bit ? 0 : 1, $0.name) < ($1.is64Bit ? 0 : 1, $1.name) }
            .map(\.ociName)
    }

    /// Every allowed name with its conditions, merged over arches (the union).
    public var union: [String: SyscallEntry] {
        var result: [String: SyscallEntry] = [:]
        for arch in policy.arches.values {
            for (name, entry) in arch.syscalls {
                if var existing = result[name] { existing.merge(entry); result[name] = existing } else { result[name] = entry }
            }
        }
        return result
    }

    /// The profile document, keys sorted.
    var jsonValue: JSONValue {
        let archNames = policy.arches.keys.sorted().joined(separator: ", ")
        let union = self.union
        let unconditional = union.filter { $0.value.conditions == nil }.keys.sorted()
        var groups: [JSONValue] = []
        if !unconditional.isEmpty {
            groups.append(.object([
                JSONMember("action", .string("SCMP_ACT_ALLOW")),
                JSONMember("comment", .string(
                    "barracks: union of the allow-lists of \(archNames); OCI cannot restrict a name to one arch")),
                JSONMember("names", .array(unconditional.map(JSONValue.string))),
            ]))
        }
        for (name, entry) in union.sorted(by: { $0.key < $1.key }) {
            for alternative in entry.conditions ?? [] {
                let arches = policy.arches.filter { $0.value.syscalls[name] != nil }.keys.sorted().joined(separator: ", ")
                groups.append(.object([
                    JSONMember("action", .string("SCMP_ACT_ALLOW")),
                    JSONMember("args", .array(alternative.map(Self.argument))),
                    JSONMember("comment", .string("barracks: \(name) under these conditions on \(arches), applied to every arch")),
                    JSONMember("names", .array([.string(name)])),
                ]))
            }
        }
        var top = [JSONMember("architectures", .array(architectures.map(JSONValue.string)))]
        switch policy.defaultAction {
        case .killProcess: top.append(JSONMember("defaultAction", .string("SCMP_ACT_KILL_PROCESS")))
        case .log: top.append(JSONMember("defaultAction", .string("SCMP_ACT_LOG")))
        case .errno(let code):
            top.append(JSONMember("defaultAction", .string("SCMP_ACT_ERRNO")))
            top.append(JSONMember("defaultErrnoRet", .number(String(code))))
        }
        top.append(JSONMember("syscalls", .array(groups)))
        return .object(top)
    }

    /// The profile's text.
    public var bytes: [UInt8] { Array(JSONWriter.write(jsonValue, inlineDepth: 4).utf8) }

    /// OCI's `{index, value, valueTwo, op}`; for `masked_eq`, `value` is the mask and
    /// `valueTwo` the compared value (libseccomp's `datum_a`/`datum_b`).
    private static func argument(_ comparison: ArgumentComparison) -> JSONValue {
        let masked = comparison.op == .maskedEq
        return .object([
            JSONMember("index", .number(String(comparison.index))),
            JSONMember("op", .string(comparison.op.ociName)),
            JSONMember("value", .number(String(masked ? comparison.mask ?? 0 : comparison.value))),
            JSONMember("valueTwo", .number(String(masked ? comparison.value : 0))),
        ])
    }
}
