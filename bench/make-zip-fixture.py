"""Builds the archive benchmark's input: a zip of 20,000 files, about 200 MiB, laid out like a
program download (one top-level folder, a few hundred directories), with mixed sizes: many
small text-like files (compressible, deflated), some binary ones (random, stored), and a
few large ones. Deterministic (seeded), so every run measures the same bytes.

Usage: python3 bench/make-zip-fixture.py OUTPUT.zip
"""
import random
import sys
import zipfile

rng = random.Random(20)
words = [b"server", b"map", b"player", b"bullet", b"config", b"score", b"team", b"flag", b"respawn", b"weapon"]


lines = [w + b" " + str(k).encode() + b"\n" for w in words for k in range(100)]


def text(size):
    return b"".join(rng.choices(lines, k=size // 8 + 1))[:size]


def binary(size):
    return rng.randbytes(size)


target = sys.argv[1]
with zipfile.ZipFile(target + ".tmp", "w") as archive:
    for n in range(20000):
        # Grouped by directory, as `zip -r` writes them: 40 x 10 directories of 50 files.
        directory = "soldatserver/data%02d/set%02d" % (n // 500, (n // 50) % 10)
        if n % 400 == 0:
            size, compressible = rng.randrange(2 << 20, 6 << 20), n % 800 == 0
        elif n % 3 == 0:
            size, compressible = rng.randrange(0, 12 << 10), False
        else:
            size, compressible = rng.randrange(0, 12 << 10), True
        info = zipfile.ZipInfo("%s/file%05d.%s" % (directory, n, "txt" if compressible else "bin"), (2020, 1, 1, 0, 0, 0))
        info.create_system = 3
        info.external_attr = (0o100755 if n % 50 == 0 else 0o100644) << 16
        info.compress_type = zipfile.ZIP_DEFLATED if compressible else zipfile.ZIP_STORED
        archive.writestr(info, text(size) if compressible else binary(size), compresslevel=6)
import os
os.rename(target + ".tmp", target)
