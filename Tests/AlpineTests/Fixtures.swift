import Alpine
import Foundation
import POSIX
import Testing
import TestSupport

/// Real apk inputs made at test time by scripts/make-apk-repo (Python stdlib + openssl,
/// independent of the Swift under test), with every file's gzip members split by Python's
/// zlib (the Archive module will do that job in barracks itself). One Python process per
/// repository does both, since starting Python is the slowest part of these tests.
enum Fixtures {
    /// A repository folder written by make-apk-repo, and its files taken apart.
    struct Repository {
        /// The `<arch>` folder holding APKINDEX.tar.gz and the .apk files.
        let folder: String
        /// The folder with the signing key (`<name>.rsa`) and its public half (`.rsa.pub`).
        let keyDirectory: String
        /// Where each file's members were written (`<file>/<n>.gz`, `<file>/<n>.tar`, `<file>/PKGINFO`).
        let membersDirectory: String

        var indexPath: String { folder + "/APKINDEX.tar.gz" }

        /// The gzip members of `file` (a name in ``folder``).
        func members(of file: String) throws -> [IndexArchive.Member] {
            try Fixtures.readMembers(membersDirectory + "/" + file)
        }

        /// The index archive, split into members.
        func indexArchive() throws -> IndexArchive {
            try IndexArchive(members: members(of: "APKINDEX.tar.gz"), source: indexPath)
        }

        /// The `.PKGINFO` of package `file`, read out of its control member by Python's tarfile.
        func packageInfo(of file: String) throws -> PackageInfo {
            try PackageInfo(text: readFile(membersDirectory + "/" + file + "/PKGINFO"), source: folder + "/" + file)
        }

        /// The file name of the trusted public key (what `.SIGN.RSA.<name>` must say).
        func publicKeyName() throws -> String {
            let names = try FileManager.default.contentsOfDirectory(atPath: keyDirectory).filter { $0.hasSuffix(".rsa.pub") }
            return try #require(names.count == 1 ? names.first : nil, "expected one .rsa.pub in \(keyDirectory): \(names)")
        }

        /// A keyring trusting only the repository's key.
        func keyring() throws -> Keyring {
            let name = try publicKeyName()
            var keyring = Keyring()
            try keyring.add(name: name, pem: readFile(keyDirectory + "/" + name), origin: keyDirectory + "/" + name)
            return keyring
        }
    }

    /// Two small x86 packages in the shape of Alpine's musl and busybox: busybox needs
    /// `so:libc.musl-x86.so.1`, musl provides it with a version.
    static var muslAndBusybox: [[String: Any]] { [
        ["name": "musl", "version": "1.2.3-r0", "license": "MIT", "provides": ["so:libc.musl-x86.so.1=1"],
         "files": [["path": "lib/ld-musl-i386.so.1", "content": "loader\n", "mode": "0755"],
                   ["path": "lib/libc.musl-x86.so.1", "symlink": "ld-musl-i386.so.1"]]],
        ["name": "busybox", "version": "1.35.0-r0", "depends": ["so:libc.musl-x86.so.1"],
         "provides": ["/bin/sh", "cmd:busybox=1.35.0-r0"], "provider_priority": 100,
         "files": [["path": "bin/busybox", "content": "busybox\n", "mode": "0755"]]],
    ] }

    /// A 2048-bit signing key made once by openssl and kept in .build/ (generating one per
    /// test would cost a third of a second each): `test@example.org-00000001.rsa` + `.rsa.pub`.
    static let sharedKey: Result<String, FixtureError> = {
        let directory = TestSupport.Repository.root + "/.build/alpine-test-key"
        let name = directory + "/test@example.org-00000001.rsa"
        if FileManager.default.fileExists(atPath: name + ".pub") { return .success(directory) }
        let staging = directory + ".\(getpid())"
        try? FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let key = staging + "/test@example.org-00000001.rsa"
        guard let made = try? run("openssl", ["genrsa", "-out", key, "2048"]), made.status.succeeded,
              let pub = try? run("openssl", ["rsa", "-in", key, "-pubout", "-out", key + ".pub"]), pub.status.succeeded else {
            return .failure(FixtureError(message: "openssl could not make a test key"))
        }
        // Another test process may have won the race; either copy is as good.
        if rename(staging, directory) != 0 { try? FileManager.default.removeItem(atPath: staging) }
        return .success(directory)
    }()

    struct FixtureError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Runs make-apk-repo in `scratch` with `packages` (spec JSON objects) and `arguments`
    /// such as `["--break", "index-unsigned"]`, then splits every file it wrote. Without
    /// `keyDirectory`, signs with a copy of ``sharedKey``.
    static func makeRepository(in scratch: String, packages: [[String: Any]] = muslAndBusybox, arch: String = "x86",
                               keyDirectory: String? = nil, arguments: [String] = []) throws -> Repository {
        let spec = scratch + "/spec.json"
        let data = try JSONSerialization.data(withJSONObject: ["packages": packages], options: [.sortedKeys])
        try writeFile(spec, Array(data))
        let folder = scratch + "/repo/v3.24/main/" + arch
        let keys = keyDirectory ?? scratch + "/keys"
        if keyDirectory == nil {
            let shared = try sharedKey.get()
            for file in ["test@example.org-00000001.rsa", "test@example.org-00000001.rsa.pub"] {
                try writeFile(keys + "/" + file, try readFile(shared + "/" + file), mode: 0o600)
            }
        }
        let members = scratch + "/members"
        let makeArguments = ["--out", folder, "--arch", arch, "--key-dir", keys] + arguments + [spec]
        let result = try run("python3", ["-c", explodeScript, TestSupport.Repository.root + "/scripts", members, folder] + makeArguments)
        try #require(result.status.succeeded, "make-apk-repo failed: \(result.errorOutput)")
        return Repository(folder: folder, keyDirectory: keys, membersDirectory: members)
    }

    /// Splits every .apk and .tar.gz file in `folder` into `into/<file>/…` (see ``Repository``).
    static func explode(_ folder: String, into: String) throws {
        let result = try run("python3", ["-c", explodeScript, TestSupport.Repository.root + "/scripts", into, folder])
        try #require(result.status.succeeded, "splitting \(folder) failed: \(result.errorOutput)")
    }

    /// Extracts the regular files of a tar (decompressed bytes) into `directory`, with
    /// Python's tarfile, and returns their names.
    static func extractTar(_ tar: [UInt8], into directory: String) throws -> [String] {
        try FileTree.makeDirectories(directory)
        try writeFile(directory + "/.input.tar", tar)
        let script = """
            import os, sys, tarfile
            with tarfile.open(sys.argv[1], "r:") as archive:
                for member in archive:
                    if member.isfile():
                        target = os.path.join(sys.argv[2], member.name)
                        os.makedirs(os.path.dirname(target), exist_ok=True)
                        open(target, "wb").write(archive.extractfile(member).read())
                        print(member.name)
            """
        let result = try run("python3", ["-c", script, directory + "/.input.tar", directory])
        try #require(result.status.succeeded, "extracting failed: \(result.errorOutput)")
        return result.output.split(separator: "\n").map(String.init)
    }

    static func readMembers(_ directory: String) throws -> [IndexArchive.Member] {
        var members: [IndexArchive.Member] = []
        while FileManager.default.fileExists(atPath: "\(directory)/\(members.count).gz") {
            let index = members.count
            members.append(IndexArchive.Member(compressed: try readFile("\(directory)/\(index).gz"),
                                               decompressed: try readFile("\(directory)/\(index).tar")))
        }
        try #require(!members.isEmpty, "no members in \(directory)")
        return members
    }

    /// argv: SCRIPTS_DIR OUT FOLDER [make-apk-repo arguments…]
    private static let explodeScript = """
        import io, os, sys, tarfile, zlib
        scripts, out, folder, make_arguments = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
        if make_arguments:
            sys.path.insert(0, scripts)
            import make_apk_repo
            status = make_apk_repo.main(make_arguments)
            if status:
                sys.exit(status)
        for name in sorted(os.listdir(folder)):
            if not (name.endswith(".apk") or name.endswith(".tar.gz")):
                continue
            data = open(os.path.join(folder, name), "rb").read()
            target = os.path.join(out, name)
            os.makedirs(target, exist_ok=True)
            position = count = 0
            raws = []
            while position < len(data):
                inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                raw = inflater.decompress(data[position:]) + inflater.flush()
                if not inflater.eof:
                    sys.exit("%s: member %d is truncated" % (name, count))
                used = len(data) - position - len(inflater.unused_data)
                open(os.path.join(target, "%d.gz" % count), "wb").write(data[position:position + used])
                open(os.path.join(target, "%d.tar" % count), "wb").write(raw)
                raws.append(raw)
                position += used
                count += 1
            if name.endswith(".apk"):
                for raw in raws[:2]:
                    with tarfile.open(fileobj=io.BytesIO(raw), mode="r:") as archive:
                        member = next((m for m in archive if m.name == ".PKGINFO"), None)
                        if member is not None:
                            open(os.path.join(target, "PKGINFO"), "wb").write(archive.extractfile(member).read())
                            break
        """
}

/// Index text written by hand for resolver and parser tests: each record gets a valid,
/// made-up `C:` (its SHA-1 field is derived from the name and version, not real content).
enum IndexText {
    /// `records` are field lines without `C:`, e.g. `["P:foo", "V:1.0-r0", "A:x86"]`.
    static func index(_ records: [[String]], source: String = "test") throws -> APKIndex {
        try APKIndex(text: Array(text(records).utf8), source: source)
    }

    static func text(_ records: [[String]]) -> String {
        records.map { fields in
            (["C:" + checksum(for: fields.joined(separator: "|"))] + fields).joined(separator: "\n") + "\n"
        }.joined(separator: "\n")
    }

    /// A syntactically valid `Q1…` identity derived from `seed`.
    static func checksum(for seed: String) -> String {
        var bytes = [UInt8](repeating: 0, count: 20)
        for (offset, byte) in seed.utf8.enumerated() { bytes[offset % 20] = bytes[offset % 20] &* 31 &+ byte }
        return "Q1" + Data(bytes).base64EncodedString()
    }
}
