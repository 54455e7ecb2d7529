/// apk's own files in a root, so Alpine's apk can manage it later: `etc/apk/world` (the
/// world constraints, sorted, one a line), `etc/apk/arch`, `etc/apk/repositories` (the
/// repository lines used), `etc/apk/keys/` (the trusted public keys, under the file names
/// apk matches signatures by) and `lib/apk/db/installed`.
enum ApkConfiguration {
    /// Writes the trusted keys into `etc/apk/keys/`.
    static func writeKeys(_ keyring: Keyring, into root: String) throws(ProvisionError) {
        let writer = RootWriter(root: root)
        for name in keyring.names {
            guard let key = keyring.key(named: name) else { continue }
            try write(writer, ["etc", "apk", "keys", name], key.pem)
        }
    }

    /// Writes world, arch, repositories, keys and the installed database.
    static func write(root: String, world: [String], architecture: String, repositoryLines: [String], keyring: Keyring,
                      database: InstalledDatabase) throws(ProvisionError) {
        let writer = RootWriter(root: root)
        try write(writer, ["etc", "apk", "world"], lines(world.sorted()))
        try write(writer, ["etc", "apk", "arch"], lines([architecture]))
        try write(writer, ["etc", "apk", "repositories"], lines(repositoryLines))
        try writeKeys(keyring, into: root)
        try write(writer, InstalledDatabase.path, database.bytes)
    }

    private static func lines(_ items: [String]) -> [UInt8] {
        Array(items.map { $0 + "\n" }.joined().utf8)
    }

    private static func write(_ writer: RootWriter, _ path: [String], _ bytes: [UInt8]) throws(ProvisionError) {
        do {
            try writer.write(path, bytes)
        } catch {
            throw ProvisionError(.cache("cannot write /\(path.joined(separator: "/")) into the new root: \(error)"))
        }
    }
}
