// libFuzzer target for the PEM / SubjectPublicKeyInfo reader behind RSAPublicKey's fast
// path (key files come from the manifest's keys directory): any bytes must give a key or
// nil, never a trap, whether read as PEM or as DER. Compiled with Fuzz/PublicKey/sources.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPublicKey(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = SubjectPublicKeyInfo.rsaPublicKey(pem: bytes)
    _ = SubjectPublicKeyInfo.rsaPublicKey(der: bytes)
    return 0
}
