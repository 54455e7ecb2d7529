/// One `.SIGN.<ALG>.<keyname>` entry of a signature member: a raw RSA PKCS#1 v1.5
/// signature (256 bytes for a 2048-bit key, 512 for 4096) by the key whose file name is
/// `<keyname>`.
public struct SignatureFile: Equatable, Sendable {
    /// The signature scheme named in the entry.
    public enum Algorithm: String, Sendable {
        /// `.SIGN.RSA.`: SHA-1, what Alpine's builders use.
        case rsaSHA1 = "RSA"
        /// `.SIGN.RSA256.`: SHA-256.
        case rsaSHA256 = "RSA256"
        /// `.SIGN.RSA512.`: accepted by apk, skipped here as apko does.
        case rsaSHA512 = "RSA512"
        /// `.SIGN.DSA.`: legacy, skipped here as apko does.
        case dsa = "DSA"

        var digest: Digest? {
            switch self {
            case .rsaSHA1: return .sha1
            case .rsaSHA256: return .sha256
            case .rsaSHA512, .dsa: return nil
            }
        }
    }

    /// The entry name, e.g. `.SIGN.RSA.alpine-devel@lists.alpinelinux.org-61666e3f.rsa.pub`.
    public var entryName: String
    /// The raw signature.
    public var signature: [UInt8]

    public init(entryName: String, signature: [UInt8]) {
        self.entryName = entryName
        self.signature = signature
    }

    /// The leading `.SIGN.*` entries of a package's or index's first gzip member (given
    /// decompressed); empty when the member starts with anything else (an unsigned file,
    /// whose first member is already the control or index member).
    public static func entries(ofFirstMember decompressed: [UInt8], file: String) throws(AlpineFormatError) -> [SignatureFile] {
        let entries = try TarEntries.read(decompressed, file: file, part: "gzip member 1")
        return entries.prefix { $0.name.hasPrefix(".SIGN.") }.map { SignatureFile(entryName: $0.name, signature: $0.contents) }
    }

    /// The scheme and key name from ``entryName``, or nil if it is not a `.SIGN.*` name apk
    /// knows (apk's order: RSA512, RSA256, RSA, DSA, each followed by a dot).
    public var parsedName: (algorithm: Algorithm, keyName: String)? {
        guard entryName.hasPrefix(".SIGN.") else { return nil }
        let rest = entryName.dropFirst(6)
        for algorithm in [Algorithm.rsaSHA512, .rsaSHA256, .rsaSHA1, .dsa] {
            let prefix = algorithm.rawValue + "."
            if rest.hasPrefix(prefix) {
                let keyName = rest.dropFirst(prefix.count)
                return keyName.isEmpty ? nil : (algorithm, String(keyName))
            }
        }
        return nil
    }
}

/// Which trusted key verified a signature.
public struct VerifiedSignature: Equatable, Sendable, CustomStringConvertible {
    public var keyName: String
    public var algorithm: SignatureFile.Algorithm

    public init(keyName: String, algorithm: SignatureFile.Algorithm) {
        self.keyName = keyName
        self.algorithm = algorithm
    }

    public var description: String { "\(algorithm.rawValue) signature by \(keyName)" }
}

/// A signature that does not establish trust.
public struct SignatureError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        /// No `.SIGN.RSA.`/`.SIGN.RSA256.` entry at all (also: only DSA/RSA512, or too large).
        case noSignature
        /// Signed only by keys not in the keyring (their names).
        case unknownKeys([String])
        /// The first signature by a trusted key does not verify.
        case badSignature(keyName: String, algorithm: SignatureFile.Algorithm)
    }

    /// The file or URL the signed data came from.
    public var file: String
    public var problem: Problem

    public init(file: String, problem: Problem) {
        self.file = file
        self.problem = problem
    }

    public var description: String {
        switch problem {
        case .noSignature:
            return "\(file): no signature (no .SIGN.RSA.* or .SIGN.RSA256.* entry); refusing an unsigned file"
        case .unknownKeys(let names):
            let list = names.map { "`\($0)`" }.joined(separator: ", ")
            return "\(file): signed by an unknown key \(list); if you trust it, add its public key file, under exactly that name, to the manifest's keys directory"
        case .badSignature(let keyName, let algorithm):
            return "\(file): BAD signature: the \(algorithm.rawValue) signature by trusted key `\(keyName)` does not match the data (corrupt or tampered download, or a different key under that name)"
        }
    }
}

extension Keyring {
    /// Verifies `signatures` (the entries of a signature member, in order) over `signedData`
    /// (for an index: the compressed index member; for a package: the compressed control
    /// member) the way apk does: entries that are not RSA/RSA256 or exceed 64 KiB are
    /// skipped, the **first** signature by a trusted key decides, and signatures by unknown
    /// keys are passed over.
    public func verify(signatures: [SignatureFile], signedData: UnsafeRawBufferPointer,
                       file: String) throws(SignatureError) -> VerifiedSignature {
        var unknown: [String] = []
        for signature in signatures {
            guard let (algorithm, keyName) = signature.parsedName, let digest = algorithm.digest,
                  signature.signature.count <= 65536 else { continue }
            guard let key = key(named: keyName) else {
                unknown.append(keyName)
                continue
            }
            guard key.publicKey.verify(signature: signature.signature, message: signedData, digest: digest) else {
                throw SignatureError(file: file, problem: .badSignature(keyName: keyName, algorithm: algorithm))
            }
            return VerifiedSignature(keyName: keyName, algorithm: algorithm)
        }
        throw SignatureError(file: file, problem: unknown.isEmpty ? .noSignature : .unknownKeys(unknown))
    }

    /// ``verify(signatures:signedData:file:)`` over bytes in an array.
    public func verify(signatures: [SignatureFile], signedData: [UInt8], file: String) throws(SignatureError) -> VerifiedSignature {
        // withUnsafeBytes only rethrows untyped errors; carry the typed one out in a Result.
        let result = signedData.withUnsafeBytes { buffer -> Result<VerifiedSignature, SignatureError> in
            do throws(SignatureError) { return .success(try verify(signatures: signatures, signedData: buffer, file: file)) } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Verifies one detached signature made with `openssl dgst -sign` by the key `keyName`
    /// (e.g. `sbin/apk.static.SIGN.RSA.sha256.<keyname>` over `sbin/apk.static`).
    public func verifyDetached(signature: [UInt8], keyName: String, algorithm: SignatureFile.Algorithm,
                               data: [UInt8], file: String) throws(SignatureError) -> VerifiedSignature {
        try verify(signatures: [SignatureFile(entryName: ".SIGN.\(algorithm.rawValue).\(keyName)", signature: signature)],
                   signedData: data, file: file)
    }
}
