#if canImport(Glibc)
import Glibc
#endif
import POSIX
import JSONDocument

/// `seccomp/policy.json`: reading with full checking, and writing in one canonical form.
///
/// The written form is stable: keys sorted (a syscall entry leads with its `name`),
/// syscalls sorted by name, one syscall per line, two-space indentation, numbers in
/// decimal. The same policy always gives the same bytes, and a diff shows syscalls.
public enum PolicyFile {
    /// Reads and checks the policy at `path` (named as given in every message).
    public static func read(_ path: String) throws -> Policy {
        let descriptor = try FileDescriptor.open(path, O_RDONLY)
        defer { try? descriptor.close() }
        return try decode(descriptor.readAll(), file: path)
    }

    /// Parses and checks a policy document. `file` names it in messages.
    public static func decode(_ bytes: [UInt8], file: String?) throws(PolicyError) -> Policy {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw PolicyError(file: file, path: error.path.description,
                              message: "line \(error.line), column \(error.column): \(error.message)")
        }
        return try PolicyReader(file: file).policy(from: document)
    }

    /// The canonical text of `policy`.
    public static func encode(_ policy: Policy) -> [UInt8] {
        Array(JSONWriter.write(policy.jsonValue, inlineDepth: 4).utf8)
    }

    /// Writes `policy` to `path` atomically (a temporary file beside it, then rename).
    public static func write(_ policy: Policy, to path: String) throws {
        try FileTree.writeAtomically(path, encode(policy))
    }
}

extension Policy {
    /// The document ``PolicyFile`` writes, members already in canonical order.
    var jsonValue: JSONValue {
        var top: [JSONMember] = []
        let arches = self.arches.keys.sorted().map { name in
            JSONMember(name, .object([JSONMember("syscalls", .array(
                (self.arches[name]?.syscalls ?? [:]).sorted { $0.key < $1.key }.map { Self.entryValue($0.key, $0.value) }))]))
        }
        top.append(JSONMember("arches", .object(arches)))
        top.append(JSONMember("default_action", .string(defaultAction.name)))
        if case .errno(let code) = defaultAction {
            top.append(JSONMember("default_errno", ErrnoName.name(of: code).map(JSONValue.string) ?? .number(String(code))))
        }
        top.append(JSONMember("learned", .bool(learned)))
        top.append(JSONMember("version", .number(String(Policy.formatVersion))))
        return .object(top)
    }

    private static func entryValue(_ name: String, _ entry: SyscallEntry) -> JSONValue {
        var members = [JSONMember("name", .string(name))]
        if let conditions = entry.conditions {
            members.append(JSONMember("conditions", .array(conditions.map { alternative in
                .array(alternative.map { comparison in
                    var fields = [JSONMember("index", .number(String(comparison.index)))]
                    if let mask = comparison.mask { fields.append(JSONMember("mask", .number(String(mask)))) }
                    fields.append(JSONMember("op", .string(comparison.op.name)))
                    fields.append(JSONMember("value", .number(String(comparison.value))))
                    return .object(fields)
                })
            })))
        }
        members.append(JSONMember("count", .number(String(entry.count))))
        if let firstSeen = entry.firstSeen { members.append(JSONMember("first_seen", .string(firstSeen))) }
        return .object(members)
    }
}

extension Policy: Codable {
    /// Decodes with the same checks as ``PolicyFile/decode(_:file:)`` (paths in errors are
    /// relative to the value being decoded).
    public init(from decoder: Decoder) throws {
        self = try PolicyReader(file: nil).policy(from: JSONValue(from: decoder))
    }

    /// Encodes the canonical document (use `.sortedKeys` to keep the order stable).
    public func encode(to encoder: Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
}
