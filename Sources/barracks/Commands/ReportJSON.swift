import Foundation
import Seccomp

/// JSON output of the policy reports: sorted keys, two-space indentation by Foundation,
/// slashes unescaped (paths stay readable).
enum ReportJSON {
    static func text(_ object: Any) -> String {
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: options)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// Conditions as in policy files: alternatives of `{index, op, value, mask?}`.
    static func conditions(_ alternatives: [[ArgumentComparison]]) -> [[[String: Any]]] {
        alternatives.map { alternative in
            alternative.map { comparison in
                var item: [String: Any] = ["index": comparison.index, "op": comparison.op.name, "value": comparison.value]
                if let mask = comparison.mask { item["mask"] = mask }
                return item
            }
        }
    }
}
