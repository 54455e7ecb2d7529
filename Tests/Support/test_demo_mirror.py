"""Tests of scripts/make-demo-mirror: layout, verification, determinism, the apk.static double.

    python3 -m unittest discover -s Tests/Support -p 'test_*.py'

Needs .fixtures/debian (scripts/install-deps); skipped with the reason when it is missing.
"""

import gzip
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import unittest
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEBIAN = os.path.join(ROOT, ".fixtures", "debian")
MAKE = os.path.join(ROOT, "scripts", "make-demo-mirror")
CHECK = os.path.join(ROOT, "scripts", "check-apk-repo")


def data_tree(apk_path):
    """name -> (TarInfo, bytes) of a package's data member."""
    with open(apk_path, "rb") as handle:
        blob = handle.read()
    members = []
    while blob:
        inflater = zlib.decompressobj(31)
        inflater.decompress(blob)
        members.append(blob[:len(blob) - len(inflater.unused_data)])
        blob = inflater.unused_data
    archive = tarfile.open(fileobj=io.BytesIO(gzip.decompress(members[-1])))
    return {info.name: (info, archive.extractfile(info).read() if info.isreg() else b"") for info in archive}


@unittest.skipUnless(os.path.exists(os.path.join(DEBIAN, "musl.deb")), "run scripts/install-deps first")
class DemoMirrorTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.mkdtemp(prefix="test-demo-mirror-")
        cls.out = os.path.join(cls.scratch, "mirror")
        result = subprocess.run([MAKE, cls.out], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        with open(os.path.join(cls.out, "mirror.json")) as handle:
            cls.summary = json.load(handle)
        cls.repo = os.path.join(cls.out, "v3.24", "main")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.scratch)

    def test_both_folders_verify_with_the_published_key(self):
        keys = os.listdir(os.path.join(self.out, "keys"))
        self.assertEqual(keys, [self.summary["key"]])
        self.assertRegex(keys[0], r"^barracks-demo@example\.org-[0-9a-f]{8}\.rsa\.pub$")
        result = subprocess.run([CHECK, "-q", "--keys-dir", os.path.join(self.out, "keys"),
                                 os.path.join(self.repo, "x86"), os.path.join(self.repo, "x86_64")],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stdout)

    def test_musl_is_laid_out_as_alpine_lays_it_out(self):
        musl = next(item for item in self.summary["packages"]["x86"] if item["name"] == "musl")
        self.assertRegex(musl["version"], r"^\d+\.\d+\.\d+-r0$")
        tree = data_tree(os.path.join(self.repo, "x86", musl["file"]))
        self.assertEqual(sorted(tree), ["lib", "lib/ld-musl-i386.so.1", "lib/libc.musl-x86.so.1"])
        loader, content = tree["lib/ld-musl-i386.so.1"]
        self.assertTrue(loader.isreg())
        self.assertEqual(loader.mode, 0o755)
        with open(os.path.join(DEBIAN, "musl", "lib", "i386-linux-musl", "libc.so"), "rb") as handle:
            self.assertEqual(content, handle.read())  # the real file, not Debian's symlink
        link = tree["lib/libc.musl-x86.so.1"][0]
        self.assertTrue(link.issym())
        self.assertEqual(link.linkname, "ld-musl-i386.so.1")

    def test_index_records_name_provides(self):
        with open(os.path.join(self.repo, "x86", "APKINDEX.tar.gz"), "rb") as handle:
            blob = handle.read()
        inflater = zlib.decompressobj(31)
        inflater.decompress(blob)
        index = tarfile.open(fileobj=io.BytesIO(gzip.decompress(inflater.unused_data)))
        text = index.extractfile("APKINDEX").read().decode()
        records = {block.split("\nP:")[1].split("\n")[0]: block for block in text.strip().split("\n\n")}
        self.assertIn("\np:so:libc.musl-x86.so.1=1", records["musl"])
        self.assertNotIn("\nD:", records["busybox"])  # static: no dependencies
        self.assertIn("\np:/bin/sh cmd:busybox=", records["busybox"])

    def test_apk_static_double_records_its_invocation(self):
        tree = data_tree(os.path.join(self.repo, "x86_64", "apk-tools-static-3.0.8-r0.apk"))
        info, script = tree["sbin/apk.static"]
        self.assertEqual(info.mode, 0o755)
        self.assertIn(b"TEST DOUBLE", script)
        self.assertIn(f"sbin/apk.static.SIGN.RSA.sha256.{self.summary['key']}", tree)
        double = os.path.join(self.scratch, "apk.static")
        with open(double, "wb") as handle:
            handle.write(script)
        os.chmod(double, 0o755)
        log = os.path.join(self.scratch, "double.log")
        result = subprocess.run([double, "--root", "/r", "add", "musl"], cwd=self.scratch,
                                env={"APK_STATIC_TEST_DOUBLE_LOG": log, "MARK": "1"})
        self.assertEqual(result.returncode, 0)
        with open(log) as handle:
            lines = handle.read().splitlines()
        self.assertEqual(lines[:6], ["invocation", "argc=4", f"argv[0]={double}", "argv[1]=--root",
                                     "argv[2]=/r", "argv[3]=add"])
        self.assertIn(f"cwd={self.scratch}", lines)
        self.assertIn("env=MARK=1", lines)
        failing = subprocess.run([double], env={"APK_STATIC_TEST_DOUBLE_EXIT": "7"})
        self.assertEqual(failing.returncode, 7)

    def test_rebuild_is_byte_identical_and_a_second_run_is_a_no_op(self):
        again = subprocess.run([MAKE, self.out], capture_output=True, text=True)
        self.assertIn("up to date", again.stdout)
        copy = os.path.join(self.scratch, "copy")
        result = subprocess.run([MAKE, copy, "--key", os.path.join(self.out, "signing-key")],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        for arch in ("x86", "x86_64"):
            for name in sorted(os.listdir(os.path.join(self.repo, arch))):
                with open(os.path.join(self.repo, arch, name), "rb") as a, \
                        open(os.path.join(copy, "v3.24", "main", arch, name), "rb") as b:
                    self.assertEqual(a.read(), b.read(), f"{arch}/{name}")


if __name__ == "__main__":
    unittest.main()
