#!/usr/bin/env python3
"""apk v2 format writer: gzip members, ustar/PAX tars, RSA signatures, .PKGINFO, APKINDEX.

Python stdlib + the `openssl` CLI, sharing no code with the Swift under test. It follows the byte
recipe that real apk 2.14.10 and 3.0.6 accepted (shared/research/apk-real-checks.md section 2):

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

Same inputs and key give the same bytes (fixed mtimes, gzip mtime 0, deterministic RSA PKCS#1
v1.5). Repositories and deliberate breakages are in make_apk_repo.py, which re-exports this.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import os
import struct
import subprocess
import time
import zlib

#: Default mtime of every tar entry and `builddate` (2023-11-14T22:13:20Z), like SOURCE_DATE_EPOCH.
DEFAULT_MTIME = 1700000000

#: Install scripts apk accepts in the control member (abuild's names).
SCRIPT_NAMES = (".pre-install", ".post-install", ".pre-deinstall", ".post-deinstall",
                ".pre-upgrade", ".post-upgrade", ".trigger")

# --------------------------------------------------------------------------------------------
# gzip, tar


def gzip_member(data: bytes) -> bytes:
    """One gzip member (zlib level 9) with the header `gzip -n -9` writes: mtime 0, XFL 2, OS 3."""
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


def data_tar(entries: list[Entry], mtime: int = DEFAULT_MTIME, *, dirents: bool = True,
             pax_checksums: bool = True, file_typeflag: bytes = b"0") -> bytes:
    """The data tar: sorted, directories first, PAX SHA-1 checksums, end blocks + 10240 padding.
    The keyword arguments exist to write the broken variants real apk rejects or mishandles."""
    out = bytearray()
    for entry in _with_parent_directories(entries):
        if entry.kind == "dir" and not dirents:
            continue
        name = entry.path + ("/" if entry.kind == "dir" else "")
        records = b""
        if entry.kind == "symlink" or (entry.kind == "file" and pax_checksums):
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
            out += tar_header(name, typeflag=file_typeflag, size=len(entry.data), mode=entry.mode, mtime=mtime)
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


def control_member(pkginfo: str, scripts: dict[str, bytes], mtime: int = DEFAULT_MTIME, *,
                   end_blocks: bool = False) -> bytes:
    """`.PKGINFO` then the install scripts (0755), a CUT tar (no end blocks), one gzip member."""
    tar = tar_file(".PKGINFO", pkginfo.encode(), mtime=mtime)
    for script in sorted(scripts):
        if script not in SCRIPT_NAMES:
            raise ValueError(f"unknown install script {script!r}; one of {', '.join(SCRIPT_NAMES)}")
        tar += tar_file(script, scripts[script], mode=0o755, mtime=mtime)
    return gzip_member(tar + (b"\0" * 1024 if end_blocks else b""))


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
                  with_datahash: bool = True, mtime: int | None = None, dirents: bool = True,
                  pax_checksums: bool = True, file_typeflag: bytes = b"0", control_end_blocks: bool = False,
                  split_data: bool = False) -> BuiltPackage:
    """A well-formed .apk; `key=None` leaves out the signature member. The other keyword
    arguments write the format-level broken variants (see BREAK_KINDS)."""
    mtime = package.builddate if mtime is None else mtime
    tar = data_tar(package.files, mtime, dirents=dirents, pax_checksums=pax_checksums,
                   file_typeflag=file_typeflag)
    if split_data:
        half = len(tar) // 1024 * 512
        data = gzip_member(tar[:half]) + gzip_member(tar[half:])
    else:
        data = gzip_member(tar)
    datahash = hashlib.sha256(data).hexdigest() if with_datahash else None
    pkginfo = pkginfo_text(package, datahash)
    control = control_member(pkginfo, package.scripts, mtime, end_blocks=control_end_blocks)
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
