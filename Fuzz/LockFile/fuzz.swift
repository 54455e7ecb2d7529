// libFuzzer target for the lock file reader (`<name>.lock.json`, which --locked trusts):
// any bytes must decode or throw a DocumentError, never trap; and a lock file that decodes
// must come back the same through the writer (what barracks writes, it reads back as
// written). Compiled with Fuzz/LockFile/sources.
import JSONDocument

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLockFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let lock: LockFile
    do {
        lock = try LockFile.decode(bytes, file: "fuzz.lock.json")
    } catch {
        _ = error.description
        return 0
    }
    let written = lock.encode()
    guard let again = try? LockFile.decode(written, file: "rewritten") else {
        fatalError("the writer's lock file does not decode: \(String(decoding: written, as: UTF8.self))")
    }
    guard again == lock else { fatalError("decode(encode(lock)) != lock: \(String(decoding: written, as: UTF8.self))") }
    return 0
}
