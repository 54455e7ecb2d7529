import Foundation
import POSIX

/// Zip archives for app fixtures, written by Python's zipfile (standard library, not the
/// Archive module under test), deterministically: sorted entries, 2020-01-01 times, Unix modes.
public enum ZipFixture {
    /// Zips the contents of `directory` under one top-level folder `top` (as program downloads
    /// are laid out) into `zip`.
    public static func make(from directory: String, top: String, to zip: String) throws {
        try python("""
            import os, stat, sys, zipfile
            source, top, out = sys.argv[1:4]
            entries = []
            for folder, dirs, files in os.walk(source):
                for name in dirs + files:
                    path = os.path.join(folder, name)
                    entries.append((top + "/" + os.path.relpath(path, source), path))
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
                info = zipfile.ZipInfo(top + "/", date_time=(2020, 1, 1, 0, 0, 0))
                info.create_system = 3
                info.external_attr = ((stat.S_IFDIR | 0o755) << 16) | 0x10
                archive.writestr(info, b"")
                for name, path in sorted(entries):
                    mode = os.lstat(path).st_mode
                    is_directory = stat.S_ISDIR(mode)
                    info = zipfile.ZipInfo(name + ("/" if is_directory else ""), date_time=(2020, 1, 1, 0, 0, 0))
                    info.create_system = 3
                    info.external_attr = (mode << 16) | (0x10 if is_directory else 0)
                    if is_directory:
                        archive.writestr(info, b"")
                    else:
                        info.compress_type = zipfile.ZIP_DEFLATED
                        with open(path, "rb") as handle:
                            archive.writestr(info, handle.read())
            """, [directory, top, zip])
    }

    /// Rewrites `zip` in place with `text` appended to every member whose name ends with
    /// `member` (the other members, their modes and times unchanged): the same download, one
    /// file changed.
    public static func append(_ text: String, toMember member: String, in zip: String) throws {
        try python("""
            import os, sys, zipfile
            path, member, text = sys.argv[1:4]
            with zipfile.ZipFile(path) as source, zipfile.ZipFile(path + ".new", "w") as target:
                changed = 0
                for info in source.infolist():
                    data = source.read(info)
                    if info.filename.endswith(member):
                        data += text.encode()
                        changed += 1
                    target.writestr(info, data)
            if changed == 0:
                sys.exit(f"no member ends with {member}")
            os.replace(path + ".new", path)
            """, [zip, member, text])
    }

    private static func python(_ script: String, _ arguments: [String]) throws {
        let result = try run("/usr/bin/python3", ["-I", "-S", "-c", script] + arguments)
        guard result.status.succeeded else {
            throw ZipFixtureError(description: "python3 zipfile: \(result.errorOutput)")
        }
    }
}

struct ZipFixtureError: Error, CustomStringConvertible {
    let description: String
}
