// libFuzzer target for JSONDocument's parser, which reads every manifest, policy, lock file
// and bundle.json: any bytes must parse or throw a SyntaxError, never trap; and what parses
// must survive the canonical writer: write(parse(b)) parses back to the same value, and
// writing that again gives the same text. Compiled with Fuzz/JSON/sources.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let value: JSONValue
    do {
        value = try JSONParser.parse(bytes)
    } catch {
        _ = String(describing: error)
        return 0
    }
    let text = JSONWriter.write(value)
    guard let again = try? JSONParser.parse(Array(text.utf8)) else {
        fatalError("the writer's output does not parse: \(text)")
    }
    guard again == value else { fatalError("parse(write(v)) != v for \(text)") }
    guard JSONWriter.write(again) == text else { fatalError("the writer is not canonical for \(text)") }
    return 0
}
