// libFuzzer target for the bundle.json reader (verify, doctor and rebuilds read it from
// bundles that may have been copied from anywhere): any bytes must decode or throw a
// DocumentError, never trap; and a record that decodes must come back the same through the
// writer. Compiled with Fuzz/BundleRecord/sources.
import JSONDocument

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBundleRecord(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let record: BundleRecord
    do {
        record = try BundleRecordFile.decode(bytes, file: "bundle.json")
    } catch {
        _ = error.description
        return 0
    }
    let written = BundleRecordFile.encode(record)
    guard let again = try? BundleRecordFile.decode(written, file: "rewritten") else {
        fatalError("the writer's bundle.json does not decode: \(String(decoding: written, as: UTF8.self))")
    }
    guard again == record else { fatalError("decode(encode(record)) != record: \(String(decoding: written, as: UTF8.self))") }
    return 0
}
