/// What a finished ``Subprocess`` left behind.
public struct ProcessResult: Sendable {
    public var command: String
    public var status: ExitStatus
    public var standardOutput: [UInt8]
    public var standardError: [UInt8]

    public var output: String { String(decoding: standardOutput, as: UTF8.self) }
    public var errorOutput: String { String(decoding: standardError, as: UTF8.self) }
}
