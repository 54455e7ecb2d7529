"""Tests of scripts/make-apk-repo and scripts/check-apk-repo against each other.

    python3 -m unittest discover -s Tests/Support -p 'test_*.py'

The writer (apkv2.py / make_apk_repo.py) and the checker share no code: the checker uses zlib
member boundaries, GNU tar, tarfile, `openssl dgst -verify` and hashlib. So a good repository
that the checker accepts, and every deliberate breakage that it rejects with the matching
message, test both sides: a writer bug that broke the format, or a breakage that silently
produced a good file, would fail here.
"""

import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import make_apk_repo as apk  # noqa: E402

CHECK = os.path.join(ROOT, "scripts", "check-apk-repo")

#: What check-apk-repo must say for each breakage (a substring of one of its FAIL lines).
EXPECTED_FAILURE = {
    "index-unknown-key": "APKINDEX.tar.gz: no signature by a key in",
    "index-wrong-key": "FAIL  APKINDEX.tar.gz: openssl dgst -sha1 -verify",
    "index-bad-signature": "FAIL  APKINDEX.tar.gz: openssl dgst -sha1 -verify",
    "index-corrupt-signature-member": "APKINDEX.tar.gz: gzip members unreadable",
    "index-unsigned": "APKINDEX.tar.gz: two gzip members (signature, index), found 1",
    "control-mismatch": "lib-1.0-r0.apk: SHA-1(control)",
    "datahash-mismatch": "lib-1.0-r0.apk: .PKGINFO ends with datahash",
    "missing-from-index": "FAIL  lib-1.0-r0.apk is in the index",
    "missing-file": "lib-1.0-r0.apk exists",
    "other-arch": "lib-1.0-r0: A:x86_64 = folder arch x86",
    "package-unsigned": "lib-1.0-r0.apk: three gzip members",
    "package-unknown-key": "lib-1.0-r0.apk: no signature by a key in",
    "package-bad-signature": "FAIL  lib-1.0-r0.apk: openssl dgst -sha1 -verify",
    "no-datahash": "lib-1.0-r0.apk: .PKGINFO ends with datahash",
    "no-dirents": "usr/lib/libexample.so.1: no directory entry for usr/lib/ before it",
    "no-pax-checksum": "APK-TOOLS.checksum.SHA1 is None",
    "typeflag-nul": "lib-1.0-r0.apk: no typeflag NUL",
    "control-end-blocks": "lib-1.0-r0.apk: control tar is cut",
    "split-data": "lib-1.0-r0.apk: three gzip members",
    "no-checksum": "lib-1.0-r0: C: is Q1 + base64 SHA-1 (missing)",
    "zero-installed-size": "lib-1.0-r0: I: is non-zero (0)",
}


def sample_packages():
    """Two small packages: nested directories, a symlink, scripts, deps and provides."""
    return [
        apk.Package("lib", "1.0-r0", arch="x86", description="a library", url="https://example.org/",
                    license="MIT", provides=["so:libexample.so.1=1"], files=[
                        apk.Entry.file("usr/lib/libexample.so.1", b"\x7fELF not really\n", 0o755),
                        apk.Entry.symlink("usr/lib/libexample.so", "libexample.so.1"),
                        apk.Entry.file("usr/share/doc/example/README", b"read me\n")]),
        apk.Package("tool", "2.1_rc1-r3", arch="noarch", description="a tool", license="GPL-2.0-only",
                    depends=["so:libexample.so.1", "/bin/sh"], provides=["cmd:tool=2.1_rc1-r3"],
                    provider_priority=10, install_if=["lib"], scripts={".post-install": b"#!/bin/sh\nexit 0\n"},
                    files=[apk.Entry.file("usr/bin/tool", b"#!/bin/sh\necho tool\n", 0o755)]),
    ]


def members(blob):
    """Compressed gzip members, found with zlib (independent of the writer)."""
    import zlib
    result = []
    while blob:
        inflater = zlib.decompressobj(31)
        inflater.decompress(blob)
        result.append(blob[:len(blob) - len(inflater.unused_data)])
        blob = inflater.unused_data
    return result


class ApkRepoTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.mkdtemp(prefix="test-apk-repo-")
        cls.key = apk.Key.generate(os.path.join(cls.scratch, "private"), "test@example.org")
        cls.keys_dir = os.path.join(cls.scratch, "keys")
        os.makedirs(cls.keys_dir)
        shutil.copy(cls.key.public_path, cls.keys_dir)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.scratch)

    def repo(self, name, **options):
        folder = os.path.join(self.scratch, name, "v3.24", "main", "x86")
        apk.write_repo(folder, "x86", sample_packages(), self.key, **options)
        return folder

    def check(self, folder):
        return subprocess.run([CHECK, "--keys-dir", self.keys_dir, folder], capture_output=True, text=True)

    def test_good_repository_verifies_with_independent_tools(self):
        result = self.check(self.repo("good"))
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("check-apk-repo: all verified", result.stdout)

    def test_rsa256_signatures_verify(self):
        folder = self.repo("rsa256", algorithm="RSA256")
        result = self.check(folder)
        self.assertEqual(result.returncode, 0, result.stdout)
        self.assertIn(f"openssl dgst -sha256 -verify .SIGN.RSA256.{self.key.name}", result.stdout)

    def test_same_inputs_give_the_same_bytes(self):
        first, second = self.repo("first"), self.repo("second")
        names = sorted(os.listdir(first))
        self.assertEqual(names, ["APKINDEX.tar.gz", "lib-1.0-r0.apk", "tool-2.1_rc1-r3.apk"])
        for name in names:
            with open(os.path.join(first, name), "rb") as a, open(os.path.join(second, name), "rb") as b:
                self.assertEqual(a.read(), b.read(), name)

    def test_every_breakage_is_caught_by_the_checker(self):
        self.assertEqual(set(EXPECTED_FAILURE), set(apk.BREAK_KINDS), "a breakage without a test")
        for kind, expected in EXPECTED_FAILURE.items():
            with self.subTest(kind):
                needs_package = apk.BREAK_KINDS[kind][0]
                folder = self.repo(f"break-{kind}", breaks=[apk.Break(kind, "lib" if needs_package else None)])
                result = self.check(folder)
                self.assertEqual(result.returncode, 1, result.stdout)
                failures = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
                self.assertTrue(any(expected in line for line in result.stdout.splitlines()
                                    if line.startswith(("FAIL", "  "))),
                                f"{kind}: expected {expected!r} among\n" + "\n".join(failures))
                if needs_package:  # the other package is untouched
                    self.assertFalse(any("tool-2.1_rc1-r3" in line for line in failures), failures)

    def test_data_member_layout_matches_the_recipe(self):
        built = apk.build_package(sample_packages()[0], self.key)
        self.assertEqual(built.data_member[:10], bytes.fromhex("1f8b0800000000000203"))
        tar = gzip.decompress(built.data_member)
        with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
            listing = [(info.name, info.type, oct(info.mode), info.uname, info.mtime) for info in archive]
            checksums = {info.name: info.pax_headers.get("APK-TOOLS.checksum.SHA1") for info in archive}
        self.assertEqual([item[:3] for item in listing], [
            ("usr", b"5", "0o755"), ("usr/lib", b"5", "0o755"),
            ("usr/lib/libexample.so", b"2", "0o777"), ("usr/lib/libexample.so.1", b"0", "0o755"),
            ("usr/share", b"5", "0o755"), ("usr/share/doc", b"5", "0o755"),
            ("usr/share/doc/example", b"5", "0o755"), ("usr/share/doc/example/README", b"0", "0o644")])
        self.assertTrue(all(item[3] == "root" and item[4] == apk.DEFAULT_MTIME for item in listing))
        self.assertEqual(checksums["usr/lib/libexample.so"], hashlib.sha1(b"libexample.so.1").hexdigest())
        self.assertEqual(checksums["usr/share/doc/example/README"], hashlib.sha1(b"read me\n").hexdigest())
        self.assertIn(b"68 APK-TOOLS.checksum.SHA1=", tar)  # the record length counts itself
        self.assertEqual(built.pkginfo.splitlines()[-1], f"datahash = {hashlib.sha256(built.data_member).hexdigest()}")

    def test_index_records_carry_every_field(self):
        folder = self.repo("fields")
        with open(os.path.join(folder, "APKINDEX.tar.gz"), "rb") as handle:
            signature, index = members(handle.read())
        with tarfile.open(fileobj=io.BytesIO(gzip.decompress(index))) as archive:
            self.assertEqual(archive.getnames(), ["DESCRIPTION", "APKINDEX"])
            text = archive.extractfile("APKINDEX").read().decode()
        with open(os.path.join(folder, "tool-2.1_rc1-r3.apk"), "rb") as handle:
            tool = handle.read()
        control = members(tool)[1]
        record = text.split("\n\n")[1].splitlines()
        self.assertEqual([line[:2] for line in record],
                         ["C:", "P:", "V:", "A:", "S:", "I:", "T:", "U:", "L:", "o:", "t:", "k:", "D:", "p:", "i:"])
        self.assertIn("C:Q1" + __import__("base64").b64encode(hashlib.sha1(control).digest()).decode(), record)
        self.assertIn("A:x86", record)  # noarch rewritten to the repository arch
        self.assertIn(f"S:{len(tool)}", record)
        self.assertIn("D:so:libexample.so.1 /bin/sh", record)
        self.assertTrue(text.endswith("\n\n"))

    def test_command_line_builds_from_a_json_spec(self):
        work = os.path.join(self.scratch, "cli")
        os.makedirs(work)
        with open(os.path.join(work, "payload.bin"), "wb") as handle:
            handle.write(b"payload")
        os.chmod(os.path.join(work, "payload.bin"), 0o755)
        spec = {"packages": [{"name": "demo", "version": "1-r0", "depends": ["lib"], "files": [
            {"path": "/opt/demo/bin", "source": "payload.bin"},
            {"path": "opt/demo/link", "symlink": "bin"},
            {"path": "etc/demo.conf", "content": "x=1\n", "mode": "0600"},
            {"path": "var/lib/demo", "directory": True, "mode": "0700"}],
            "scripts": {"pre-install": "#!/bin/sh\n"}}]}
        with open(os.path.join(work, "spec.json"), "w") as handle:
            json.dump(spec, handle)
        out = os.path.join(work, "repo", "x86_64")
        result = subprocess.run([os.path.join(ROOT, "scripts", "make-apk-repo"), "--key-dir", os.path.join(work, "k"),
                                 "--key-name", "cli@example.org", "--out", out, "--arch", "x86_64", "spec.json"],
                                cwd=work, capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("generated key", result.stderr)
        keys = os.listdir(os.path.join(work, "k"))
        self.assertEqual(len(keys), 2)
        check = subprocess.run([CHECK, "--keys-dir", os.path.join(work, "k"), out], capture_output=True, text=True)
        self.assertEqual(check.returncode, 0, check.stdout)
        with open(os.path.join(out, "demo-1-r0.apk"), "rb") as handle:
            _, control, data = members(handle.read())
        with tarfile.open(fileobj=io.BytesIO(gzip.decompress(data))) as archive:
            modes = {info.name: oct(info.mode) for info in archive}
        self.assertEqual(modes["opt/demo/bin"], "0o755")  # the source's exec bit
        self.assertEqual(modes["etc/demo.conf"], "0o600")
        self.assertEqual(modes["var/lib/demo"], "0o700")
        with tarfile.open(fileobj=io.BytesIO(gzip.decompress(control) + b"\0" * 1024)) as archive:
            self.assertEqual(archive.getnames(), [".PKGINFO", ".pre-install"])

    def test_bad_specs_are_reported_with_their_path(self):
        with self.assertRaisesRegex(ValueError, r"packages\[0\]\.files\[0\]: expected exactly one of"):
            apk.packages_from_spec({"packages": [{"name": "a", "version": "1-r0", "files": [{"path": "x"}]}]},
                                   self.scratch, "x86")
        with self.assertRaisesRegex(ValueError, "needs a package"):
            apk.Break.parse("datahash-mismatch")
        with self.assertRaisesRegex(ValueError, "unknown breakage"):
            apk.Break.parse("nonsense=lib")


if __name__ == "__main__":
    unittest.main()
