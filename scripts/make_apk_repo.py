#!/usr/bin/env python3
"""make-apk-repo: real apk v2 packages and a signed APKINDEX, for offline tests.

The formats are written by apkv2.py (see its docstring for the byte recipe real apk accepted);
this module adds repository folders, a JSON spec, the command line, and deliberately broken
variants. Use it as a command (`scripts/make-apk-repo --help`) or import it (scripts/ on
sys.path); it re-exports everything in apkv2:

    import make_apk_repo as apk
    key = apk.Key.find_or_generate("/tmp/keys", "test@example.org")
    musl = apk.Package("musl", "1.2.3-r0", arch="x86", files=[
        apk.Entry.file("lib/ld-musl-i386.so.1", data, 0o755),
        apk.Entry.symlink("lib/libc.musl-x86.so.1", "ld-musl-i386.so.1")],
        provides=["so:libc.musl-x86.so.1=1"])
    apk.write_repo("/tmp/repo/v3.24/main/x86", "x86", [musl], key,
                   breaks=[apk.Break("datahash-mismatch", "musl")])

Deliberately broken variants are `Break(kind, package)` values; BREAK_KINDS documents each one
and what real apk does with it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from apkv2 import *  # noqa: E402,F401,F403  (re-exported: the module's public API)
from apkv2 import BuiltPackage, Entry, Key, Package, build_index, build_package, control_member  # noqa: E402
from apkv2 import DEFAULT_MTIME, data_tar, gzip_member, index_member, index_record, pkginfo_text  # noqa: E402
from apkv2 import signature_member  # noqa: E402

#: Deliberate breakages: kind -> (needs a package name?, what it does, what real apk does with it).
BREAK_KINDS = {
    "index-unknown-key": (False, "index signed by a freshly generated key that is not in the keys dir",
                          "UNTRUSTED signature, no such package"),
    "index-wrong-key": (False, "index signed by a different key stored under the trusted key's file name",
                        "BAD signature"),
    "index-bad-signature": (False, "one bit flipped inside the index's RSA signature (gzip still valid)",
                            "BAD signature"),
    "index-corrupt-signature-member": (False, "one byte flipped in the compressed index signature member",
                                       "file format is invalid (apk 3) / IO ERROR (apk 2)"),
    "index-unsigned": (False, "APKINDEX.tar.gz without any signature member",
                       "UNTRUSTED signature"),
    "control-mismatch": (True, "the .apk's control member differs from the index C: (package re-signed)",
                         "apk 3: v2 package integrity error; apk 2: BAD signature"),
    "datahash-mismatch": (True, "the .apk's data member differs from .PKGINFO datahash (valid gzip)",
                          "apk 3: v2 package integrity error; apk 2: BAD signature"),
    "missing-from-index": (True, "the .apk is written but has no index record",
                           "no such package"),
    "missing-file": (True, "the index has a record but the .apk is not written",
                     "package mentioned in index not found / HTTP 404"),
    "other-arch": (True, "the index record says A:<other arch> (x86_64, or x86 in an x86_64 index)",
                   "apk 3: uninstallable; apk 2: fetches <repo>/<other arch>/<file>"),
    "package-unsigned": (True, "the .apk has no signature member",
                         "fine from an index; standalone add: UNTRUSTED"),
    "package-unknown-key": (True, "the .apk is signed by a key that is not in the keys dir",
                            "fine from an index; standalone add: UNTRUSTED"),
    "package-bad-signature": (True, "one bit flipped inside the .apk's RSA signature",
                              "fine from an index; standalone add: BAD signature"),
    "no-datahash": (True, ".PKGINFO without datahash (signature over control || data)",
                    "apk 3: v2 package format error"),
    "no-dirents": (True, "the data tar has no directory entries",
                   "every file: no dirent in archive; nothing installed; rc 2"),
    "no-pax-checksum": (True, "regular files lack the PAX APK-TOOLS.checksum.SHA1 record",
                        "apk 3: file format is obsolete, file not installed; apk 2: warning"),
    "typeflag-nul": (True, "regular files have typeflag NUL (V7) instead of '0'",
                     "the files are silently not installed, rc 0"),
    "control-end-blocks": (True, "the control tar ends with two zero blocks (not cut)",
                           "apk 3: unexpected end of file; apk 2: BAD archive"),
    "split-data": (True, "the data tar is split into two gzip members (datahash over both)",
                   "apk 3: file format is invalid or inconsistent; apk 2: warning, installs"),
    "no-checksum": (True, "the index record has no C: line",
                    "apk 3: the whole index is dropped (v2 database format error)"),
    "zero-installed-size": (True, "the index record says I:0",
                            "OK: 0 B, nothing installed, rc 0"),
}


# --------------------------------------------------------------------------------------------
# repositories, with deliberate breakages


@dataclasses.dataclass(frozen=True)
class Break:
    """One deliberate breakage: a BREAK_KINDS kind, and the package it applies to if it needs one."""

    kind: str
    package: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in BREAK_KINDS:
            raise ValueError(f"unknown breakage {self.kind!r}; one of {', '.join(BREAK_KINDS)}")
        needs_package = BREAK_KINDS[self.kind][0]
        if needs_package and not self.package:
            raise ValueError(f"breakage {self.kind!r} needs a package: {self.kind}=NAME")
        if not needs_package and self.package:
            raise ValueError(f"breakage {self.kind!r} applies to the index, not to a package")

    @staticmethod
    def parse(text: str) -> "Break":
        kind, _, package = text.partition("=")
        return Break(kind, package or None)


@dataclasses.dataclass
class RepoResult:
    """What write_repo wrote: the built packages (as written), index records, index bytes."""

    directory: str
    packages: dict[str, BuiltPackage]
    records: list[str]
    index: bytes


def throwaway_key(directory: str, file_name: str | None = None, name: str = "unknown@example.org") -> Key:
    """A fresh key in `directory` (the caller removes it), optionally stored under `file_name`
    (an .rsa.pub name) so it impersonates a trusted key's name."""
    directory = tempfile.mkdtemp(prefix="key-", dir=directory)
    key = Key.generate(directory, name)
    if file_name is None:
        return key
    private = os.path.join(directory, file_name[:-len(".pub")] if file_name.endswith(".pub") else file_name)
    os.replace(key.private_path, private)
    os.replace(key.public_path, private + ".pub")
    return Key(private)


def _tampered_files(files: list[Entry]) -> list[Entry]:
    """The same tree with the first regular file's content changed (or, without one, a new file)."""
    changed = list(files)
    for position, entry in enumerate(changed):
        if entry.kind == "file":
            changed[position] = dataclasses.replace(entry, data=entry.data + b"\nTAMPERED\n")
            return changed
    return changed + [Entry.file("TAMPERED", b"TAMPERED\n")]


def _write_atomically(path: str, data: bytes) -> None:
    temporary = path + ".tmp"
    with open(temporary, "wb") as output:
        output.write(data)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def write_repo(directory: str, arch: str, packages: list[Package], key: Key, *,
               algorithm: str = "RSA", breaks: list[Break] = (), description: str | None = None,
               clean: bool = True) -> RepoResult:
    """Writes `<name>-<version>.apk` files and APKINDEX.tar.gz into `directory` (the repository's
    `<arch>` folder). `noarch` packages get `A:<arch>` in the index. With `clean`, other .apk
    files already there are removed. `breaks` apply the deliberate breakages of BREAK_KINDS."""
    names = {package.name for package in packages}
    for item in breaks:
        if item.package and item.package not in names:
            raise ValueError(f"breakage {item.kind}={item.package}: no package {item.package!r} in the spec")

    def broken(kind: str, name: str | None = None) -> bool:
        return any(item.kind == kind and item.package == name for item in breaks)

    os.makedirs(directory, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="make-apk-repo-") as scratch:
        return _write_repo(directory, arch, packages, key, algorithm, broken, description, clean, scratch)


def _write_repo(directory, arch, packages, key, algorithm, broken, description, clean, scratch) -> RepoResult:
    """write_repo's body; `broken(kind, name)` says which breakages apply, `scratch` holds throwaway keys."""
    written: dict[str, BuiltPackage] = {}
    records: list[str] = []
    for package in sorted(packages, key=lambda package: package.name):
        name = package.name
        signing_key: Key | None = key
        if broken("package-unsigned", name):
            signing_key = None
        elif broken("package-unknown-key", name):
            signing_key = throwaway_key(scratch)
        built = build_package(package, signing_key, algorithm, with_datahash=not broken("no-datahash", name),
                              dirents=not broken("no-dirents", name),
                              pax_checksums=not broken("no-pax-checksum", name),
                              file_typeflag=b"\0" if broken("typeflag-nul", name) else b"0",
                              control_end_blocks=broken("control-end-blocks", name),
                              split_data=broken("split-data", name))
        if broken("package-bad-signature", name):
            signed = built.control_member if not broken("no-datahash", name) else built.control_member + built.data_member
            built.signature_member = signature_member(key, signed, algorithm, corrupt=True, mtime=package.builddate)

        other_arch = "x86" if arch == "x86_64" else "x86_64"
        record_arch = other_arch if broken("other-arch", name) else (arch if package.arch == "noarch" else package.arch)
        record = index_record(built, record_arch, checksum=not broken("no-checksum", name),
                              installed_size=0 if broken("zero-installed-size", name) else None)

        if broken("control-mismatch", name):
            pkginfo = pkginfo_text(package, built.datahash, "changed after the index was made (control-mismatch)")
            control = control_member(pkginfo, package.scripts, package.builddate)
            built = BuiltPackage(package, signature_member(key, control, algorithm, mtime=package.builddate),
                                 control, built.data_member, pkginfo)
        if broken("datahash-mismatch", name):
            data = gzip_member(data_tar(_tampered_files(package.files), package.builddate))
            built = BuiltPackage(package, built.signature_member, built.control_member, data, built.pkginfo)
        if not broken("missing-from-index", name):
            records.append(record)
        if not broken("missing-file", name):
            written[name] = built

    index_key: Key | None = key
    if broken("index-unsigned"):
        index_key = None
    elif broken("index-unknown-key"):
        index_key = throwaway_key(scratch)
    elif broken("index-wrong-key"):
        index_key = throwaway_key(scratch, key.name)
    description = description if description is not None else f"barracks test repository {arch}"
    index = build_index(records, index_key, algorithm, corrupt_signature=broken("index-bad-signature"),
                        description=description)
    if broken("index-corrupt-signature-member") and index_key is not None:
        signature_length = len(index) - len(index_member(records, description))
        changed = bytearray(index)
        changed[signature_length // 2] ^= 0xFF
        index = bytes(changed)

    keep = {built.package.filename for built in written.values()}
    if clean:
        for entry in os.listdir(directory):
            if entry.endswith(".apk") and entry not in keep:
                os.unlink(os.path.join(directory, entry))
    for built in written.values():
        _write_atomically(os.path.join(directory, built.package.filename), built.apk)
    _write_atomically(os.path.join(directory, "APKINDEX.tar.gz"), index)
    return RepoResult(directory, written, records, index)


# --------------------------------------------------------------------------------------------
# JSON spec


def _mode(value: object, default: int) -> int:
    if value is None:
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return int(value, 8)
    raise ValueError(f"mode {value!r}: an integer or an octal string like \"0755\"")


def _entry_from_spec(item: dict, base: str, where: str) -> Entry:
    path = item.get("path")
    if not isinstance(path, str):
        raise ValueError(f"{where}.path: expected a string")
    kinds = [key for key in ("source", "content", "symlink", "directory") if key in item]
    if len(kinds) != 1:
        raise ValueError(f"{where}: expected exactly one of source, content, symlink, directory")
    if "source" in item:
        source = os.path.join(base, item["source"])
        with open(source, "rb") as handle:  # follows symlinks: the real file's bytes
            data = handle.read()
        default = 0o755 if os.access(source, os.X_OK) else 0o644
        return Entry.file(path, data, _mode(item.get("mode"), default))
    if "content" in item:
        return Entry.file(path, item["content"].encode(), _mode(item.get("mode"), 0o644))
    if "symlink" in item:
        return Entry.symlink(path, item["symlink"])
    return Entry.directory(path, _mode(item.get("mode"), 0o755))


def packages_from_spec(spec: dict, base: str, default_arch: str) -> list[Package]:
    """Packages from the JSON spec (see --help); file sources are relative to `base`."""
    result = []
    for number, item in enumerate(spec.get("packages", [])):
        where = f"packages[{number}]"
        for required in ("name", "version"):
            if not isinstance(item.get(required), str):
                raise ValueError(f"{where}.{required}: expected a string")
        files = [_entry_from_spec(entry, base, f"{where}.files[{index}]")
                 for index, entry in enumerate(item.get("files", []))]
        scripts = {}
        for script, text in (item.get("scripts") or {}).items():
            scripts["." + script.lstrip(".")] = text.encode()
        result.append(Package(
            name=item["name"], version=item["version"], arch=item.get("arch", default_arch), files=files,
            description=item.get("description", ""), url=item.get("url", ""),
            license=item.get("license", ""), origin=item.get("origin"), maintainer=item.get("maintainer"),
            depends=list(item.get("depends", [])), provides=list(item.get("provides", [])),
            provider_priority=item.get("provider_priority"), install_if=list(item.get("install_if", [])),
            replaces=list(item.get("replaces", [])), scripts=scripts,
            builddate=int(item.get("builddate", spec.get("builddate", DEFAULT_MTIME))),
            installed_size=item.get("installed_size")))
    return result


# --------------------------------------------------------------------------------------------
# command line

HELP_EPILOG = """\
spec.json:
  {"builddate": 1700000000,                   optional; every mtime and builddate
   "description": "text",                     optional; the index DESCRIPTION
   "packages": [
     {"name": "musl", "version": "1.2.3-r0", "arch": "x86",     arch defaults to --arch
      "description": "...", "url": "...", "license": "MIT", "origin": "musl",
      "depends": ["so:libc.musl-x86.so.1"], "provides": ["so:libc.musl-x86.so.1=1"],
      "provider_priority": 100, "install_if": ["a", "b"], "replaces": [],
      "installed_size": 123,                  optional; default: sum of file sizes, at least 1
      "files": [
        {"path": "lib/ld-musl-i386.so.1", "source": "../musl/libc.so", "mode": "0755"},
        {"path": "lib/libc.musl-x86.so.1", "symlink": "ld-musl-i386.so.1"},
        {"path": "etc/motd", "content": "text\\n"},
        {"path": "var/empty", "directory": true, "mode": "0755"}],
      "scripts": {"post-install": "#!/bin/sh\\n..."}}]}
  `source` paths are relative to the spec file and are read through symlinks. Parent
  directories get 0755 entries automatically. File mode defaults: 0644 (content), the
  source's exec bit (source), 0755 (directories), 0777 (symlinks).

key: --key-dir DIR holds <name>-<hex>.rsa and <name>-<hex>.rsa.pub (abuild-keygen naming; the
  .rsa.pub file name is what apk matches). If DIR has no key named --key-name, one is generated.

--break KIND[=PACKAGE] (repeatable), deliberately broken variants:
""" + "\n".join(f"  {kind}{'=PKG' if needs else ''}\n      {what}\n      real apk: {effect}"
                for kind, (needs, what, effect) in BREAK_KINDS.items()) + """

Python API (scripts/ on sys.path, `import make_apk_repo`): Key.find_or_generate(dir, name),
Key.generate, Entry.file/directory/symlink, Package(...), build_package(pkg, key, "RSA"),
index_record(built, arch), build_index(records, key), write_repo(dir, arch, packages, key,
breaks=[Break("datahash-mismatch", "musl")]), throwaway_key(dir), gzip_member, data_tar, tar_file.

Example:
  scripts/make-apk-repo --key-dir keys --out repo/v3.24/main/x86 --arch x86 spec.json
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make-apk-repo", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Write real apk v2 packages and a signed APKINDEX.tar.gz (test fixtures).",
        epilog=HELP_EPILOG)
    parser.add_argument("spec", help="JSON description of the packages (see below)")
    parser.add_argument("--out", required=True, help="the repository's <arch> folder, e.g. REPO/v3.24/main/x86")
    parser.add_argument("--arch", required=True, help="the repository arch (x86, x86_64, ...)")
    parser.add_argument("--key-dir", required=True, help="where the signing key is (or is generated)")
    parser.add_argument("--key-name", default="test@example.org",
                        help="key name prefix; a new key is <name>-<hex time>.rsa (default: %(default)s)")
    parser.add_argument("--key-bits", type=int, default=2048, help="size of a generated key (default: %(default)s)")
    parser.add_argument("--sign-alg", choices=["RSA", "RSA256"], default="RSA",
                        help="signature scheme for packages and index: RSA = SHA-1, RSA256 = SHA-256")
    parser.add_argument("--break", dest="breaks", action="append", default=[], metavar="KIND[=PKG]",
                        help="write a deliberately broken variant (see below)")
    parser.add_argument("--no-clean", action="store_true", help="keep other .apk files in --out")
    args = parser.parse_args(argv)
    try:
        breaks = [Break.parse(text) for text in args.breaks]
        with open(args.spec, encoding="utf-8") as handle:
            spec = json.load(handle)
        packages = packages_from_spec(spec, os.path.dirname(os.path.abspath(args.spec)), args.arch)
        key = Key.find(args.key_dir, args.key_name)
        if key is None:
            key = Key.generate(args.key_dir, args.key_name, args.key_bits)
            print(f"make-apk-repo: generated key {key.private_path}", file=sys.stderr)
        result = write_repo(args.out, args.arch, packages, key, algorithm=args.sign_alg, breaks=breaks,
                            description=spec.get("description"), clean=not args.no_clean)
    except (OSError, ValueError, subprocess.CalledProcessError) as error:
        print(f"make-apk-repo: {error}", file=sys.stderr)
        return 1
    for name, built in sorted(result.packages.items()):
        print(f"{os.path.join(result.directory, built.package.filename)}  C:{built.checksum}  "
              f"members {len(built.signature_member)}+{len(built.control_member)}+{len(built.data_member)}")
    print(f"{os.path.join(result.directory, 'APKINDEX.tar.gz')}  signed by {key.name}"
          + (f"  breaks: {', '.join(args.breaks)}" if args.breaks else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
