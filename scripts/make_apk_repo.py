#!/usr/bin/env python3
"""Real apk v2 packages and a signed APKINDEX, for offline tests (Python stdlib + `openssl`).

This is an independent writer of Alpine's v2 formats, deliberately sharing no code with the Swift
module it tests. It follows the byte recipe that real apk 2.14.10 and 3.0.6 accepted
(shared/research/apk-real-checks.md section 2):

  .apk           = signature member || control member || data member   (three gzip members)
  data member    = one gzip member of a ustar tar: entries in C order, a directory entry
                   (typeflag 5) before its files, every regular file (typeflag '0', never NUL)
                   and symlink preceded by a PAX 'x' header carrying
                   APK-TOOLS.checksum.SHA1=<hex>; uid/gid 0, root/root, fixed mtime
  .PKGINFO       = key = value lines, `datahash = <sha256 of the compressed data member>` last
  control member = .PKGINFO (+ install scripts) as a CUT tar (no end blocks), one gzip member
  signature      = .SIGN.RSA.<key>.rsa.pub (SHA-1) or .SIGN.RSA256.<key>.rsa.pub (SHA-256):
                   `openssl dgst -sign` over the compressed control member, cut tar, one gzip member
  APKINDEX.tar.gz = signature member (over the compressed index member) || index member
                   (DESCRIPTION + APKINDEX, GNU magic, with end blocks)
  C:             = "Q1" + base64(SHA-1(compressed control member))

Use it as a command (see `make-apk-repo --help`) or import it (scripts/ on sys.path):

    import make_apk_repo as apk
    key = apk.Key.find_or_generate("/tmp/keys", "test@example.org")
    musl = apk.Package("musl", "1.2.3-r0", arch="x86", files=[
        apk.Entry.file("lib/ld-musl-i386.so.1", data, 0o755),
        apk.Entry.symlink("lib/libc.musl-x86.so.1", "ld-musl-i386.so.1")],
        provides=["so:libc.musl-x86.so.1=1"])
    apk.write_repo("/tmp/repo/v3.24/main/x86", "x86", [musl], key,
                   breaks=[apk.Break("datahash-mismatch", "musl")])

Deliberately broken variants are `Break(kind, package)` values; BREAK_KINDS documents each one.
Same inputs and key give the same bytes (fixed mtimes, gzip mtime 0, deterministic RSA PKCS#1 v1.5).
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import hashlib
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import zlib

#: Default mtime of every tar entry and `builddate` (2023-11-14T22:13:20Z), like SOURCE_DATE_EPOCH.
DEFAULT_MTIME = 1700000000

#: Install scripts apk accepts in the control member (abuild's names).
SCRIPT_NAMES = (".pre-install", ".post-install", ".pre-deinstall", ".post-deinstall",
                ".pre-upgrade", ".post-upgrade", ".trigger")

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
    "no-checksum": (True, "the index record has no C: line",
                    "apk 3: the whole index is dropped (v2 database format error)"),
    "zero-installed-size": (True, "the index record says I:0",
                            "OK: 0 B, nothing installed, rc 0"),
}


# --------------------------------------------------------------------------------------------
# gzip, tar


def gzip_member(data: bytes) -> bytes:
    """One gzip member, byte-identical to `gzip -n -9` on the same zlib: mtime 0, XFL 2, OS 3."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS, 8)
    body = compressor.compress(data) + compressor.flush()
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03"
    return header + body + struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data) & 0xFFFFFFFF)


def _octal(value: int, width: int) -> bytes:
    digits = b"%0*o" % (width - 1, value)
    if len(digits) > width - 1:
        raise ValueError(f"{value} does not fit a {width}-byte tar field")
    return digits + b"\0"


def _split_name(name: bytes) -> tuple[bytes, bytes] | None:
    """(prefix, name) fitting ustar's 155/100-byte fields, or None."""
    if len(name) <= 100:
        return b"", name
    for index in range(len(name) - 1, 0, -1):
        if name[index:index + 1] == b"/" and index <= 155 and len(name) - index - 1 <= 100:
            return name[:index], name[index + 1:]
    return None


def tar_header(name: str, *, typeflag: bytes, size: int = 0, mode: int = 0o644, linkname: str = "",
               mtime: int = DEFAULT_MTIME, gnu_magic: bool = False) -> bytes:
    """One 512-byte ustar header (uid/gid 0, root/root). Names that do not fit are truncated:
    callers that care put the full name in a PAX `path` record first."""
    raw = name.encode()
    prefix, short = _split_name(raw) or (b"", raw[:100])
    header = bytearray(512)

    def put(offset: int, value: bytes) -> None:
        header[offset:offset + len(value)] = value

    put(0, short)
    put(100, _octal(mode, 8))
    put(108, _octal(0, 8))
    put(116, _octal(0, 8))
    put(124, _octal(size, 12))
    put(136, _octal(mtime, 12))
    put(148, b" " * 8)
    put(156, typeflag)
    put(157, linkname.encode()[:100])
    put(257, b"ustar  \0" if gnu_magic else b"ustar\x0000")
    put(265, b"root")
    put(297, b"root")
    put(329, _octal(0, 8))
    put(337, _octal(0, 8))
    put(345, prefix)
    put(148, b"%06o\0 " % sum(header))
    return bytes(header)


def _padded(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % 512)


def pax_record(key: str, value: str) -> bytes:
    """A PAX extended-header record `"<len> <key>=<value>\\n"`, <len> counting itself."""
    payload = f" {key}={value}\n".encode()
    length = len(payload) + 1
    while len(str(length)) + len(payload) != length:
        length = len(str(length)) + len(payload)
    return str(length).encode() + payload


def tar_file(name: str, data: bytes, mode: int = 0o644, mtime: int = DEFAULT_MTIME,
             gnu_magic: bool = False) -> bytes:
    """A plain ustar member (header + padded content), as in control, signature and index tars."""
    return tar_header(name, typeflag=b"0", size=len(data), mode=mode, mtime=mtime,
                      gnu_magic=gnu_magic) + _padded(data)


# --------------------------------------------------------------------------------------------
# package contents


@dataclasses.dataclass(frozen=True)
class Entry:
    """One path of a package's data tar. `path` is relative (no leading or trailing slash)."""

    path: str
    kind: str  # "file", "dir" or "symlink"
    data: bytes = b""
    target: str = ""
    mode: int = 0o644

    @staticmethod
    def file(path: str, data: bytes, mode: int = 0o644) -> "Entry":
        return Entry(path.strip("/"), "file", data=data, mode=mode)

    @staticmethod
    def directory(path: str, mode: int = 0o755) -> "Entry":
        return Entry(path.strip("/"), "dir", mode=mode)

    @staticmethod
    def symlink(path: str, target: str) -> "Entry":
        return Entry(path.strip("/"), "symlink", target=target, mode=0o777)


def _with_parent_directories(entries: list[Entry]) -> list[Entry]:
    """Adds a 0755 directory entry for every parent not listed (apk: "no dirent in archive")."""
    by_path: dict[str, Entry] = {}
    for entry in entries:
        if not entry.path or entry.path.startswith("/") or ".." in entry.path.split("/"):
            raise ValueError(f"bad package path {entry.path!r}: relative, no '..'")
        if entry.path in by_path:
            raise ValueError(f"path {entry.path!r} listed twice")
        by_path[entry.path] = entry
    for entry in list(by_path.values()):
        parts = entry.path.split("/")
        for depth in range(1, len(parts)):
            parent = "/".join(parts[:depth])
            existing = by_path.setdefault(parent, Entry.directory(parent))
            if existing.kind != "dir":
                raise ValueError(f"{parent!r} is both a {existing.kind} and a directory")
    return sorted(by_path.values(), key=lambda entry: entry.path.encode())


def data_tar(entries: list[Entry], mtime: int = DEFAULT_MTIME) -> bytes:
    """The data tar: sorted, directories first, PAX SHA-1 checksums, end blocks + 10240 padding."""
    out = bytearray()
    for entry in _with_parent_directories(entries):
        name = entry.path + ("/" if entry.kind == "dir" else "")
        records = b""
        if entry.kind in ("file", "symlink"):
            payload = entry.data if entry.kind == "file" else entry.target.encode()
            records += pax_record("APK-TOOLS.checksum.SHA1", hashlib.sha1(payload).hexdigest())
        if _split_name(name.encode()) is None:
            records += pax_record("path", name)
        if len(entry.target.encode()) > 100:
            records += pax_record("linkpath", entry.target)
        if records:
            directory, _, base = entry.path.rpartition("/")
            pax_name = f"{directory or '.'}/PaxHeaders/{base}"[:100]
            out += tar_header(pax_name, typeflag=b"x", size=len(records), mtime=mtime) + _padded(records)
        if entry.kind == "dir":
            out += tar_header(name, typeflag=b"5", mode=entry.mode, mtime=mtime)
        elif entry.kind == "symlink":
            out += tar_header(name, typeflag=b"2", mode=entry.mode, linkname=entry.target, mtime=mtime)
        elif entry.kind == "file":
            out += tar_header(name, typeflag=b"0", size=len(entry.data), mode=entry.mode, mtime=mtime)
            out += _padded(entry.data)
        else:
            raise ValueError(f"unknown entry kind {entry.kind!r} for {entry.path!r}")
    out += b"\0" * 1024
    out += b"\0" * (-len(out) % 10240)
    return bytes(out)


# --------------------------------------------------------------------------------------------
# keys and signatures


@dataclasses.dataclass(frozen=True)
class Key:
    """An RSA signing key: `<dir>/<name>-<hex>.rsa` and its public half `<...>.rsa.pub`.

    `name` is the public key's file name, the name apk matches in `.SIGN.RSA.<name>`."""

    private_path: str

    @property
    def public_path(self) -> str:
        return self.private_path + ".pub"

    @property
    def name(self) -> str:
        return os.path.basename(self.public_path)

    def sign(self, data: bytes, algorithm: str = "RSA") -> bytes:
        """Raw RSASSA-PKCS1-v1_5 signature (`openssl dgst -sha1|-sha256 -sign`)."""
        digest = {"RSA": "-sha1", "RSA256": "-sha256"}[algorithm]
        return subprocess.run(["openssl", "dgst", digest, "-sign", self.private_path],
                              input=data, stdout=subprocess.PIPE, check=True).stdout

    @staticmethod
    def generate(directory: str, name: str, bits: int = 2048, stamp: int | None = None) -> "Key":
        """A new key named like abuild-keygen does: `<name>-<hex unix time>.rsa`."""
        os.makedirs(directory, exist_ok=True)
        stamp = int(time.time()) if stamp is None else stamp
        while os.path.exists(os.path.join(directory, f"{name}-{stamp:08x}.rsa")):
            stamp += 1
        private = os.path.join(directory, f"{name}-{stamp:08x}.rsa")
        subprocess.run(["openssl", "genrsa", "-out", private + ".tmp", str(bits)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(["openssl", "rsa", "-in", private + ".tmp", "-pubout", "-out", private + ".pub"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.chmod(private + ".pub", 0o644)
        os.replace(private + ".tmp", private)
        return Key(private)

    @staticmethod
    def find(directory: str, name: str | None = None) -> "Key | None":
        """The key in `directory` (with its .pub), optionally the one whose file starts `<name>-`."""
        if not os.path.isdir(directory):
            return None
        found = sorted(entry for entry in os.listdir(directory)
                       if entry.endswith(".rsa") and os.path.exists(os.path.join(directory, entry + ".pub"))
                       and (name is None or entry.startswith(name + "-")))
        if len(found) > 1:
            raise ValueError(f"{directory} holds several keys ({', '.join(found)}); pass --key-name")
        return Key(os.path.join(directory, found[0])) if found else None

    @staticmethod
    def find_or_generate(directory: str, name: str, bits: int = 2048) -> "Key":
        return Key.find(directory, name) or Key.generate(directory, name, bits)


def flip_bit(data: bytes, offset: int, bit: int = 0) -> bytes:
    changed = bytearray(data)
    changed[offset] ^= 1 << bit
    return bytes(changed)


def signature_member(key: Key, signed: bytes, algorithm: str = "RSA", *, corrupt: bool = False,
                     mtime: int = DEFAULT_MTIME) -> bytes:
    """`.SIGN.<algorithm>.<key name>` as a cut tar in one gzip member; `corrupt` flips one bit of
    the RSA signature itself, so the gzip and tar stay valid."""
    signature = key.sign(signed, algorithm)
    if corrupt:
        signature = flip_bit(signature, len(signature) // 2)
    return gzip_member(tar_file(f".SIGN.{algorithm}.{key.name}", signature, mtime=mtime))


# --------------------------------------------------------------------------------------------
# packages


@dataclasses.dataclass
class Package:
    """What a package holds; the fields are the .PKGINFO / APKINDEX fields of the same names."""

    name: str
    version: str
    arch: str = "noarch"
    files: list[Entry] = dataclasses.field(default_factory=list)
    description: str = ""
    url: str = ""
    license: str = ""
    origin: str | None = None
    maintainer: str | None = None
    depends: list[str] = dataclasses.field(default_factory=list)
    provides: list[str] = dataclasses.field(default_factory=list)
    provider_priority: int | None = None
    install_if: list[str] = dataclasses.field(default_factory=list)
    replaces: list[str] = dataclasses.field(default_factory=list)
    scripts: dict[str, bytes] = dataclasses.field(default_factory=dict)
    builddate: int = DEFAULT_MTIME
    installed_size: int | None = None  # default: sum of file sizes, at least 1

    @property
    def filename(self) -> str:
        return f"{self.name}-{self.version}.apk"

    def computed_installed_size(self) -> int:
        if self.installed_size is not None:
            return self.installed_size
        return max(1, sum(len(entry.data) for entry in self.files if entry.kind == "file"))


def pkginfo_text(package: Package, datahash: str | None, comment: str = "") -> str:
    """`.PKGINFO` in abuild's key order, `datahash` last (omitted when None)."""
    lines = ["# Generated by barracks scripts/make_apk_repo.py (test fixture)"]
    if comment:
        lines.append(f"# {comment}")

    def add(key: str, value: object) -> None:
        lines.append(f"{key} = {value}")

    add("pkgname", package.name)
    add("pkgver", package.version)
    add("pkgdesc", package.description)
    add("url", package.url)
    add("builddate", package.builddate)
    add("size", package.computed_installed_size())
    add("arch", package.arch)
    add("origin", package.origin or package.name)
    if package.maintainer:
        add("maintainer", package.maintainer)
    if package.provider_priority is not None:
        add("provider_priority", package.provider_priority)
    add("license", package.license)
    for value in package.replaces:
        add("replaces", value)
    for value in package.depends:
        add("depend", value)
    for value in package.provides:
        add("provides", value)
    if package.install_if:
        add("install_if", " ".join(package.install_if))
    if datahash is not None:
        add("datahash", datahash)
    return "\n".join(lines) + "\n"


def control_member(pkginfo: str, scripts: dict[str, bytes], mtime: int = DEFAULT_MTIME) -> bytes:
    """`.PKGINFO` then the install scripts (0755), a CUT tar (no end blocks), one gzip member."""
    tar = tar_file(".PKGINFO", pkginfo.encode(), mtime=mtime)
    for script in sorted(scripts):
        if script not in SCRIPT_NAMES:
            raise ValueError(f"unknown install script {script!r}; one of {', '.join(SCRIPT_NAMES)}")
        tar += tar_file(script, scripts[script], mode=0o755, mtime=mtime)
    return gzip_member(tar)


@dataclasses.dataclass
class BuiltPackage:
    """A package's three members plus what the index needs."""

    package: Package
    signature_member: bytes
    control_member: bytes
    data_member: bytes
    pkginfo: str

    @property
    def apk(self) -> bytes:
        return self.signature_member + self.control_member + self.data_member

    @property
    def checksum(self) -> str:
        """The index `C:` value: Q1 + base64 SHA-1 of the compressed control member."""
        return "Q1" + base64.b64encode(hashlib.sha1(self.control_member).digest()).decode()

    @property
    def datahash(self) -> str:
        return hashlib.sha256(self.data_member).hexdigest()


def build_package(package: Package, key: Key | None, algorithm: str = "RSA", *,
                  with_datahash: bool = True, mtime: int | None = None) -> BuiltPackage:
    """A well-formed .apk; `key=None` leaves out the signature member."""
    mtime = package.builddate if mtime is None else mtime
    data = gzip_member(data_tar(package.files, mtime))
    datahash = hashlib.sha256(data).hexdigest() if with_datahash else None
    pkginfo = pkginfo_text(package, datahash)
    control = control_member(pkginfo, package.scripts, mtime)
    signed = control if with_datahash else control + data
    signature = signature_member(key, signed, algorithm, mtime=mtime) if key else b""
    return BuiltPackage(package, signature, control, data, pkginfo)


def index_record(built: BuiltPackage, arch: str | None = None, *, checksum: bool = True,
                 installed_size: int | None = None) -> str:
    """One APKINDEX record in apk's order C P V A S I T U L o m t k D p i, newline-terminated.
    `arch` overrides A: (the repository arch replaces `noarch`, like `apk index --rewrite-arch`)."""
    package = built.package
    lines = []
    if checksum:
        lines.append(f"C:{built.checksum}")
    lines += [f"P:{package.name}", f"V:{package.version}", f"A:{arch or package.arch}",
              f"S:{len(built.apk)}",
              f"I:{package.computed_installed_size() if installed_size is None else installed_size}",
              f"T:{package.description}", f"U:{package.url}", f"L:{package.license}",
              f"o:{package.origin or package.name}"]
    if package.maintainer:
        lines.append(f"m:{package.maintainer}")
    if package.builddate:
        lines.append(f"t:{package.builddate}")
    if package.provider_priority:
        lines.append(f"k:{package.provider_priority}")
    if package.depends:
        lines.append("D:" + " ".join(package.depends))
    if package.provides:
        lines.append("p:" + " ".join(package.provides))
    if package.install_if:
        lines.append("i:" + " ".join(package.install_if))
    return "\n".join(lines) + "\n"


def index_member(records: list[str], description: str | None, mtime: int = DEFAULT_MTIME) -> bytes:
    """DESCRIPTION + APKINDEX (records separated by blank lines), GNU magic, end blocks, gzip."""
    text = "".join(record + "\n" for record in records).encode()
    tar = b""
    if description is not None:
        tar += tar_file("DESCRIPTION", description.encode(), mtime=mtime, gnu_magic=True)
    tar += tar_file("APKINDEX", text, mtime=mtime, gnu_magic=True) + b"\0" * 1024
    return gzip_member(tar)


def build_index(records: list[str], key: Key | None, algorithm: str = "RSA", *,
                description: str | None = "barracks test repository", corrupt_signature: bool = False,
                mtime: int = DEFAULT_MTIME) -> bytes:
    """APKINDEX.tar.gz: signature member over the compressed index member, then that member."""
    index = index_member(records, description, mtime)
    if key is None:
        return index
    return signature_member(key, index, algorithm, corrupt=corrupt_signature, mtime=mtime) + index


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


def throwaway_key(file_name: str | None = None, name: str = "unknown@example.org") -> Key:
    """A fresh key in a temporary directory (left for the OS to clean), optionally stored under
    `file_name` (an .rsa.pub name) so it impersonates a trusted key's name."""
    directory = tempfile.mkdtemp(prefix="make-apk-repo-key-")
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
    written: dict[str, BuiltPackage] = {}
    records: list[str] = []
    for package in sorted(packages, key=lambda package: package.name):
        name = package.name
        signing_key: Key | None = key
        if broken("package-unsigned", name):
            signing_key = None
        elif broken("package-unknown-key", name):
            signing_key = throwaway_key()
        built = build_package(package, signing_key, algorithm, with_datahash=not broken("no-datahash", name))
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
        index_key = throwaway_key()
    elif broken("index-wrong-key"):
        index_key = throwaway_key(key.name)
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
breaks=[Break("datahash-mismatch", "musl")]), throwaway_key(), gzip_member, data_tar, tar_file.

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
