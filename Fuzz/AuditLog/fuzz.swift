// libFuzzer target for the audit-log importer (`barracks learn --from-log` reads whatever
// dmesg, journalctl or audit.log holds, written partly by the sandboxed program: comm= and
// exe= are its own): any bytes must import, never trap, and what it learned must turn into
// a policy or a PolicyError. Compiled with Fuzz/AuditLog/sources.
import Learning
import Seccomp

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAuditLog(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let imported = AuditLogImporter().importLog(bytes)
    _ = try? imported.calls.policy(defaultAction: .killProcess)
    _ = String(describing: imported.loss)
    return 0
}
