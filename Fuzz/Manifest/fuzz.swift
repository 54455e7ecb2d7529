// libFuzzer target for the manifest reader (manifests come from users and from whoever they
// copied one from): any bytes must decode or throw a DocumentError that describes itself,
// never trap. Compiled with Fuzz/Manifest/sources.
import JSONDocument

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let manifest = try ManifestReader.decode(bytes, file: "fuzz.json", directory: "/fuzz")
        _ = manifest.resolve(manifest.app.url)
    } catch {
        _ = error.description
    }
    return 0
}
