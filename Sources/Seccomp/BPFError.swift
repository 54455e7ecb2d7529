/// A filter the kernel would refuse (or the evaluator cannot run): which instruction, what
/// is wrong with it.
public struct BPFError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The instruction's index, or `nil` for the program as a whole.
    public var instruction: Int?
    /// What is wrong.
    public var message: String

    /// An error about instruction `instruction` (or the whole program).
    public init(instruction: Int? = nil, _ message: String) {
        self.instruction = instruction
        self.message = message
    }

    public var description: String {
        guard let instruction else { return "BPF program: \(message)" }
        return "BPF instruction \(instruction): \(message)"
    }
}
