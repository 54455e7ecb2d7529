import JSONDocument
/// What a filter is compiled from: the policy file's syscalls plus additions that are not
/// written into it (bwrap's native needs, the i386 safety margin), remembering where each
/// entry came from so `policy show` can mark them.
public struct EffectivePolicy: Equatable, Sendable {
    /// The policy as read from its file.
    public let source: Policy
    /// Everything the filter allows: `source` with the additions merged in (count 0).
    public let policy: Policy
    /// The file the source came from, for messages.
    public let file: String?
    private let origins: [String: [String: EntryOrigin]]

    /// Adds `additions` to `policy`, and the ``SafetyMargin`` when `safetyMargin` is on and
    /// the policy is learned and has an `x86` side. A name not of its arch is an error
    /// naming the file, the arch, the name and where it came from.
    public init(_ policy: Policy, file: String? = nil, additions: [PolicyAddition] = [], safetyMargin: Bool = true) throws {
        var all = additions
        if safetyMargin && policy.learned && policy.arches[SafetyMargin.arch] != nil {
            all.append(PolicyAddition(arch: SafetyMargin.arch, syscalls: SafetyMargin.syscalls, origin: .safetyMargin))
        }
        var merged = policy
        var origins: [String: [String: EntryOrigin]] = [:]
        for addition in all {
            guard let arch = SeccompArch(name: addition.arch) else {
                throw PolicyError(file: file, message: "unknown arch \"\(addition.arch)\" (from \(addition.origin.rawValue))")
            }
            let table = SyscallTable(arch: arch)
            for name in addition.syscalls {
                guard table.resolve(name) != nil else {
                    throw PolicyError(file: file, message:
                        "unknown syscall \(JSONWriter.quoted(name)) for \(arch.name) (from \(addition.origin.rawValue))")
                }
                let existing = merged.arches[addition.arch]?.syscalls[name]
                // An addition matters only where it widens: a new name, or a conditional one made unconditional.
                if existing == nil || existing?.conditions != nil {
                    if origins[addition.arch]?[name] == nil { origins[addition.arch, default: [:]][name] = addition.origin }
                    merged.arches[addition.arch, default: ArchPolicy()].merge(ArchPolicy(syscalls: [name: SyscallEntry()]))
                }
            }
        }
        self.source = policy
        self.policy = merged
        self.file = file
        self.origins = origins
    }

    /// Why `syscall` of `arch` is allowed (``EntryOrigin/policy`` when the file allows it).
    public func origin(arch: String, syscall: String) -> EntryOrigin {
        origins[arch]?[syscall] ?? .policy
    }

    /// The syscalls an addition put in, per arch, sorted.
    public func added(arch: String) -> [(name: String, origin: EntryOrigin)] {
        (origins[arch] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
