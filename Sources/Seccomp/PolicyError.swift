import JSONDocument

/// A policy that cannot be used: where (file and JSON path) and what was expected there.
///
/// `policy.json: $.arches.x86.syscalls[3].name: unknown syscall "opne" for x86`
public typealias PolicyError = DocumentError
