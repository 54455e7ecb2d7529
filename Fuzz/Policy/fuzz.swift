// libFuzzer target for the policy reader (`seccomp/policy.json` is human-editable, and a
// manifest's starting policy may come from anywhere): any bytes must decode or throw a
// PolicyError, never trap; and a policy that decodes must come back the same through the
// canonical writer, which must then be a fixed point. Compiled with Fuzz/Policy/sources.
import Seccomp

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicy(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let policy: Policy
    do {
        policy = try PolicyFile.decode(bytes, file: "policy.json")
    } catch {
        _ = error.description
        return 0
    }
    let written = PolicyFile.encode(policy)
    guard let again = try? PolicyFile.decode(written, file: "rewritten") else {
        fatalError("the writer's policy does not decode: \(String(decoding: written, as: UTF8.self))")
    }
    guard again == policy else { fatalError("decode(encode(policy)) != policy: \(String(decoding: written, as: UTF8.self))") }
    guard PolicyFile.encode(again) == written else { fatalError("the writer is not canonical: \(String(decoding: written, as: UTF8.self))") }
    return 0
}
