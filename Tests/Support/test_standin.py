"""Tests of the stand-in server (examples/standin), scripts/build-standin and standin-client.py.

    python3 -m unittest discover -s Tests/Support -p 'test_*.py'

The stand-in is what barracks' sandbox tests run in place of soldatserver, so these tests pin the
behaviour those tests rely on: the base directory from /proc/self/exe, the banned.txt refusal,
the UDP protocol, banned.txt and log writes, DNS through a nameserver, a clean exit on SIGTERM
and SIGINT, and running on musl in bwrap. Needs gcc -m32 and .fixtures/debian (scripts/install-deps);
the bwrap test is skipped when bwrap is missing.
"""

import os
import shutil
import signal
import socket
import stat
import struct
import subprocess
import tempfile
import threading
import time
import unittest
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "scripts", "build-standin")
CLIENT = os.path.join(ROOT, "Tests", "Support", "standin-client.py")
MUSL = os.path.join(ROOT, ".fixtures", "debian", "musl", "lib", "i386-linux-musl", "libc.so")


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class FakeNameserver:
    """Answers every A query with 10.9.8.7 (or never, with `silent`), on 127.0.0.1:<port>."""

    def __init__(self, silent: bool = False):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.silent = silent
        self.questions: list[bytes] = []
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self) -> None:
        while True:
            try:
                query, sender = self.sock.recvfrom(512)
            except OSError:
                return
            self.questions.append(query)
            if not self.silent:
                question = query[12:]
                answer = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + bytes([10, 9, 8, 7])
                header = query[:2] + b"\x81\x80" + struct.pack(">HHHH", 1, 1, 0, 0)
                self.sock.sendto(header + question + answer, sender)

    def close(self) -> None:
        self.sock.close()


@unittest.skipUnless(os.path.exists(MUSL), "run scripts/install-deps first (gcc-multilib, Debian i386 musl)")
class StandinTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.mkdtemp(prefix="test-standin-")
        cls.build = os.path.join(cls.scratch, "build")
        result = subprocess.run([BUILD, cls.build], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.scratch)

    def setUp(self):
        self.processes: list[subprocess.Popen] = []

    def tearDown(self):
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait()

    def app(self, zip_name="standin-1.0.zip") -> str:
        """A fresh copy of the zip's top-level folder; returns its path."""
        target = tempfile.mkdtemp(dir=self.scratch)
        with zipfile.ZipFile(os.path.join(self.build, zip_name)) as archive:
            archive.extractall(target)
            for info in archive.infolist():
                os.chmod(os.path.join(target, info.filename), info.external_attr >> 16 & 0o7777)
        return os.path.join(target, zip_name[:-len(".zip")])

    def start(self, command, **options) -> subprocess.Popen:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **options)
        self.processes.append(process)
        return process

    def client(self, port, *messages, expect_no_reply=False):
        command = [CLIENT, "-p", str(port), "--wait-ready", "10", *messages]
        if expect_no_reply:
            command = [CLIENT, "-p", str(port), "--timeout", "1", "--expect-no-reply", *messages]
        return subprocess.run(command, capture_output=True, text=True)

    def wait_for_log(self, process, app, text):
        """Waits (up to 10 s, a hang guard, not a timing claim) until logs/console.log has `text`."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with open(os.path.join(app, "logs", "console.log")) as log:
                if text in log.read():
                    return
            self.assertIsNone(process.poll(), "the stand-in exited")
            time.sleep(0.05)
        self.fail(f"no {text!r} in logs/console.log")

    def stop(self, process, sig=signal.SIGTERM) -> tuple[int, str]:
        process.send_signal(sig)
        output, _ = process.communicate(timeout=10)
        return process.returncode, output

    def test_zips_have_one_top_folder_unix_modes_and_fixed_bytes(self):
        with zipfile.ZipFile(os.path.join(self.build, "standin-1.0.zip")) as archive:
            infos = {info.filename: info for info in archive.infolist()}
        self.assertEqual({name.split("/")[0] for name in infos}, {"standin-1.0"})
        for name in ("standin-1.0/standin", "standin-1.0/banned.txt", "standin-1.0/bannedhw.txt",
                     "standin-1.0/soldat.ini", "standin-1.0/lobby_servers.txt", "standin-1.0/logs/",
                     "standin-1.0/anti-cheat/", "standin-1.0/maps/ctf_Standin.pms"):
            self.assertIn(name, infos)
        self.assertEqual(infos["standin-1.0/standin"].external_attr >> 16, stat.S_IFREG | 0o755)
        self.assertEqual(infos["standin-1.0/banned.txt"].external_attr >> 16, stat.S_IFREG | 0o644)
        self.assertTrue(all(info.date_time == (2020, 1, 1, 0, 0, 0) for info in infos.values()))
        again = os.path.join(self.scratch, "again")
        subprocess.run([BUILD, again], check=True, capture_output=True)
        for name in ("standin-1.0.zip", "standin-fortified-1.0.zip"):
            with open(os.path.join(self.build, name), "rb") as a, open(os.path.join(again, name), "rb") as b:
                self.assertEqual(a.read(), b.read(), name)

    def test_binary_needs_only_what_musl_provides(self):
        binary = os.path.join(self.build, "standin")
        program_headers = subprocess.run(["readelf", "-lW", binary], capture_output=True, text=True).stdout
        self.assertIn("[Requesting program interpreter: /lib/ld-linux.so.2]", program_headers)
        dynamic = subprocess.run(["readelf", "-dW", binary], capture_output=True, text=True).stdout
        self.assertEqual(dynamic.count("(NEEDED)"), 1)
        self.assertIn("Shared library: [libc.so.6]", dynamic)
        listing = subprocess.run([MUSL, "--list", binary], capture_output=True, text=True)
        self.assertEqual((listing.returncode, listing.stderr), (0, ""))

    def test_fortified_build_imports_chk_symbols_musl_lacks(self):
        binary = os.path.join(self.build, "standin-fortified")
        symbols = subprocess.run(["readelf", "--dyn-syms", "-W", binary], capture_output=True, text=True).stdout
        self.assertIn("__printf_chk", symbols)
        listing = subprocess.run([MUSL, "--list", binary], capture_output=True, text=True)
        self.assertIn("__printf_chk: symbol not found", listing.stderr)

    def test_refuses_to_start_without_banned_txt_beside_the_binary(self):
        app = self.app()
        os.unlink(os.path.join(app, "banned.txt"))
        result = subprocess.run([os.path.join(app, "standin"), "-p", str(free_udp_port())],
                                cwd=self.scratch, capture_output=True, text=True, timeout=10)
        self.assertEqual(result.returncode, 1)
        self.assertIn(f'Unable to open file "{app}/banned.txt"', result.stdout)

    def test_protocol_banned_txt_log_and_sigterm(self):
        app, port = self.app(), free_udp_port()
        with open(os.path.join(app, "soldat.ini"), "a") as config:
            config.write(f"Port={port}\nLobby_Register=0\n")  # the port from the config, no -p
        process = self.start([os.path.join(app, "standin")], cwd=self.scratch)
        result = self.client(port, "STATUS", "BAN 203.0.113.7 aim bot", "BAN nonsense", "HELLO", "FORBIDDEN", "STATUS")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        replies = [line[2:] for line in result.stdout.splitlines() if line.startswith("< ")]
        self.assertEqual(replies[-6:], ["STANDIN OK players=0 bans=0", "BANNED 203.0.113.7",
                                        "ERROR usage: BAN <ipv4> [reason]", "ERROR unknown command",
                                        "FORBIDDEN survived", "STANDIN OK players=0 bans=1"])
        status, output = self.stop(process)
        self.assertEqual(status, 0, output)
        self.assertIn("-= barracks stand-in server =-", output)
        self.assertIn(f"listening on udp/{port}", output)
        with open(os.path.join(app, "banned.txt")) as banned:
            self.assertEqual(banned.read(), "203.0.113.7:-1:aim bot\n")
        with open(os.path.join(app, "logs", "console.log")) as log:
            text = log.read()
        for expected in ("start: base ", "ban 203.0.113.7 (aim bot)", "forbidden: swapoff returned -1",
                         "lobby: registration disabled", "shutdown: SIGTERM"):
            self.assertIn(expected, text)

    def test_sigint_exits_cleanly(self):
        app, port = self.app(), free_udp_port()
        process = self.start([os.path.join(app, "standin"), "-p", str(port), "-ns", "127.0.0.1:9"])
        self.client(port, "STATUS")
        status, output = self.stop(process, signal.SIGINT)
        self.assertEqual(status, 0, output)
        self.assertIn("shutdown: SIGINT", output)

    def test_lobby_host_is_resolved_through_the_nameserver(self):
        nameserver = FakeNameserver()
        self.addCleanup(nameserver.close)
        app, port = self.app(), free_udp_port()
        with open(os.path.join(app, "lobby_servers.txt"), "w") as lobbies:
            lobbies.write("\nlobby.example.org\r\n")
        process = self.start([os.path.join(app, "standin"), "-p", str(port), "-ns", f"127.0.0.1:{nameserver.port}"])
        self.client(port, "STATUS")
        self.wait_for_log(process, app, "lobby: lobby.example.org is")
        status, output = self.stop(process)
        self.assertIn("lobby: lobby.example.org is 10.9.8.7", output)
        self.assertIn(b"\x05lobby\x07example\x03org\x00\x00\x01\x00\x01", nameserver.questions[0])

    def test_a_silent_nameserver_does_not_hold_up_serving(self):
        nameserver = FakeNameserver(silent=True)
        self.addCleanup(nameserver.close)
        app, port = self.app(), free_udp_port()
        process = self.start([os.path.join(app, "standin"), "-p", str(port), "-ns", f"127.0.0.1:{nameserver.port}"])
        result = self.client(port, "STATUS")
        self.assertEqual(result.returncode, 0)
        self.wait_for_log(process, app, "no DNS answer")
        status, output = self.stop(process)
        lines = output.splitlines()
        answered = next(i for i, line in enumerate(lines) if line.startswith('query "STATUS"'))
        gave_up = next(i for i, line in enumerate(lines) if "no DNS answer for rr.soldat.pl" in line)
        self.assertLess(answered, gave_up, "STATUS was answered only after the lookup gave up")
        self.assertEqual(status, 0)

    @unittest.skipUnless(shutil.which("bwrap"), "bwrap is not installed")
    def test_runs_on_musl_in_bwrap_and_the_loader_trap_shows(self):
        root = os.path.join(tempfile.mkdtemp(dir=self.scratch), "lib")
        os.makedirs(root)
        shutil.copy(MUSL, os.path.join(root, "ld-musl-i386.so.1"))
        os.symlink("ld-musl-i386.so.1", os.path.join(root, "ld-linux.so.2"))
        app, port = self.app(), free_udp_port()
        sandbox = ["bwrap", "--unshare-all", "--share-net", "--die-with-parent", "--ro-bind", root, "/lib",
                   "--proc", "/proc", "--dev", "/dev", "--bind", app, "/app", "--chdir", "/app", "--as-pid-1"]
        process = self.start(sandbox + ["/app/standin", "-p", str(port), "-ns", "127.0.0.1:9"])
        result = self.client(port, "BAN 198.51.100.1 flood", "STATUS")
        self.assertIn("< STANDIN OK players=0 bans=1", result.stdout)
        # With --as-pid-1 the host pid of bwrap's child is the stand-in itself.
        with open(f"/proc/{process.pid}/task/{process.pid}/children") as children:
            os.kill(int(children.read().split()[0]), signal.SIGTERM)
        output, _ = process.communicate(timeout=10)
        self.assertEqual(process.returncode, 0, output)
        self.assertIn("start: base /app/", output)
        with open(os.path.join(app, "banned.txt")) as banned:
            self.assertEqual(banned.read(), "198.51.100.1:-1:flood\n")
        through_loader = subprocess.run(sandbox + ["/lib/ld-linux.so.2", "/app/standin"], capture_output=True,
                                        text=True, timeout=10)
        self.assertEqual(through_loader.returncode, 1)
        self.assertIn('Unable to open file "/lib/banned.txt"', through_loader.stdout)


if __name__ == "__main__":
    unittest.main()
