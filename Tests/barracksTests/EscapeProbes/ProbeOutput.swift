import POSIX

/// What one run of the escape probe (Tests/Support/escape-probe.c) printed, and how it ended.
///
/// The probe prints `BEGIN <attack>` before each attack and `ATTACK <attack> key=value…`
/// after it, then `probe: done`. A run the seccomp filter killed ends with a `BEGIN` that
/// has no `ATTACK` line and exit status 159 (128 + SIGSYS, bwrap's report of the kill).
struct ProbeOutput: Sendable, CustomStringConvertible {
    let status: ExitStatus
    /// The attacks begun, in order.
    let begun: [String]
    /// The fields each finished attack reported.
    let fields: [String: [String: String]]
    /// Whether the probe got to its end.
    let finished: Bool
    /// Everything it printed (standard output, then error), for failure messages.
    let text: String

    init(_ result: ProcessResult) {
        status = result.status
        var begun: [String] = []
        var fields: [String: [String: String]] = [:]
        var finished = false
        for line in result.output.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count >= 2 && words[0] == "BEGIN" {
                begun.append(String(words[1]))
            } else if words.count >= 2 && words[0] == "ATTACK" {
                var values: [String: String] = [:]
                for word in words.dropFirst(2) {
                    guard let equals = word.firstIndex(of: "=") else { continue }
                    values[String(word[..<equals])] = String(word[word.index(after: equals)...])
                }
                fields[String(words[1])] = values
            } else if line == "probe: done" {
                finished = true
            }
        }
        self.begun = begun
        self.fields = fields
        self.finished = finished
        text = result.output + result.errorOutput
    }

    /// What `attack` reported for `key` (`nil` when it did not finish or has no such field).
    subscript(attack: String, key: String) -> String? {
        fields[attack]?[key]
    }

    /// Whether the run was killed by seccomp at `attack`: the attack began, never finished,
    /// and bwrap reported the program killed by SIGSYS.
    func killedBySeccomp(at attack: String) -> Bool {
        status == .exited(128 + 31) && begun.last == attack && fields[attack] == nil
    }

    var description: String {
        "\(status); output:\n" + text.split(separator: "\n").map { "  " + $0.prefix(300) }.joined(separator: "\n")
    }
}

/// Hex text (as the probe prints file contents) back to bytes; `nil` when it is not hex
/// (an errno name such as `ENOENT`, or `-` for an empty file).
func bytes(fromHex text: String) -> [UInt8]? {
    let digits = Array(text.utf8)
    guard !digits.isEmpty, digits.count % 2 == 0 else { return nil }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(digits.count / 2)
    for index in stride(from: 0, to: digits.count, by: 2) {
        guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
        bytes.append(byte)
    }
    return bytes
}
