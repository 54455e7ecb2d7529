/// One syscall for which a compiled filter does something other than its policy says.
public struct FilterMismatch: Equatable, Sendable, CustomStringConvertible {
    /// The input the filter was run on.
    public var data: SeccompData
    /// The arch's name, or its token in hex when libseccomp knows no such arch.
    public var arch: String
    /// The syscall's name on that arch, if it has one.
    public var syscall: String?
    /// What the policy says.
    public var expected: SeccompAction
    /// What the filter does.
    public var actual: SeccompAction

    public var description: String {
        let number = UInt32(bitPattern: data.nr)
        let nr = number >= 0x4000_0000 ? "0x" + String(number, radix: 16) : String(data.nr)
        let name = syscall.map { " (\($0))" } ?? ""
        let arguments = data.args.allSatisfy { $0 == 0 } ? ""
            : " args [" + data.args.map { "0x" + String($0, radix: 16) }.joined(separator: ", ") + "]"
        return "\(arch) syscall \(nr)\(name)\(arguments): policy says \(expected), filter does \(actual)"
    }
}
