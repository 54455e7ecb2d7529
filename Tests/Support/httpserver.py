#!/usr/bin/env python3
"""A loopback HTTP and HTTPS server for barracks' tests: serves a directory, and misbehaves
on request.

    httpserver.py --root DIR [--tls-dir DIR] [--log FILE] [--config FILE]

Binds 127.0.0.1 on ports the kernel picks and, once both listeners accept connections, prints
one JSON line on stdout: {"http": PORT, "https": PORT or null, "ca": CA_PEM or null}.
With --tls-dir, a throwaway CA and a server certificate for IP 127.0.0.1 signed by it are made
there with `openssl` (unless already present); clients trust the listener through "ca".

Misbehaviour is asked for per URL, in the query string, or per path in --config (a JSON object
{"/path": {"status": "500", "times": "2"}, ...}, for clients whose URLs are fixed):

    status=CODE      answer CODE with a short text body
    truncate=N       announce the whole Content-Length, send N body bytes, then close
    reset=N          send N body bytes, then reset the connection (TCP RST)
    stall=SECONDS    send the headers, then nothing for SECONDS, then close
    trickle=RATE     send the body at RATE bytes per second
    delay=SECONDS    wait before answering
    redirect=SCHEME  302 to the same path on the SCHEME (http or https) listener
    chain=N          302 to the same URL with chain=N-1, N times, before anything else
    times=N          do the above only for the first N requests to this URL, then behave
    range=0          ignore Range and If-Range (always answer 200 with the whole file)
    etag=0           send no ETag;  lastmodified=0: send no Last-Modified

Without them it serves files as a careful server does: ETag and Last-Modified, 304 to a
matching If-None-Match or If-Modified-Since, single byte ranges (206 with Content-Range, 416
past the end) honouring If-Range, HEAD, HTTP/1.1 keep-alive, and sendfile for speed.

Every request is appended to --log as one JSON object per line: method, scheme, path, query,
range, if_range, if_none_match, if_modified_since, status.

Python standard library only; the tests start it through TestSupport's LoopbackServer.
"""

import argparse
import email.utils
import http.server
import json
import os
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time
import urllib.parse

PERSISTENT = {"range", "etag", "lastmodified"}


def make_certificates(directory):
    """A CA and a server certificate (SAN IP:127.0.0.1) signed by it, in `directory`."""
    directory = os.path.abspath(directory)
    ca, key, cert = (os.path.join(directory, n) for n in ("ca.pem", "server.key", "server.pem"))
    if all(os.path.exists(p) for p in (ca, key, cert)):
        return ca, key, cert
    os.makedirs(directory, exist_ok=True)

    def openssl(*args):
        subprocess.run(["openssl", *args], cwd=directory, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *curve, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=barracks test CA",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    openssl("req", *curve, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1")
    with open(os.path.join(directory, "server.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                "extendedKeyUsage=serverAuth\nkeyUsage=digitalSignature\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-set_serial", "1", "-days", "2", "-extfile", "server.ext", "-out", "server.pem")
    return ca, key, cert


class State:
    """What every listener shares: the directory, the counters of `times`, the log."""

    def __init__(self, root, log_path, config):
        self.root = os.path.realpath(root)
        self.config = config
        self.ports = {}
        self.counts = {}
        self.lock = threading.Lock()
        self.log = open(log_path, "a", buffering=1) if log_path else None

    def count(self, key):
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1
            return self.counts[key]

    def record(self, entry):
        if self.log:
            with self.lock:
                self.log.write(json.dumps(entry) + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "barracks-test-server"

    def setup(self):
        if self.server.tls_context is not None:
            self.request = self.server.tls_context.wrap_socket(self.request, server_side=True)
        super().setup()

    def log_message(self, format, *args):
        pass  # the JSON log is the record

    def do_HEAD(self):
        self.answer(head=True)

    def do_GET(self):
        self.answer(head=False)

    # -- the request ------------------------------------------------------------------------

    def answer(self, head):
        state = self.server.state
        parsed = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(parsed.path)
        query = dict(urllib.parse.parse_qsl(parsed.query))
        options = dict(state.config.get(path, {}))
        options.update(query)
        times = int(options.get("times", "0"))
        active = times == 0 or state.count(self.path) <= times
        if not active:
            options = {k: v for k, v in options.items() if k in PERSISTENT}
        self.entry = {
            "method": self.command, "scheme": self.server.scheme, "path": path,
            "query": parsed.query, "range": self.headers.get("Range"),
            "if_range": self.headers.get("If-Range"),
            "if_none_match": self.headers.get("If-None-Match"),
            "if_modified_since": self.headers.get("If-Modified-Since"), "status": None,
        }
        if "delay" in options:
            time.sleep(float(options["delay"]))
        if int(options.get("chain", "0")) > 0:
            query["chain"] = str(int(options["chain"]) - 1)
            return self.redirect(self.server.scheme, parsed.path, query)
        if options.get("redirect") in ("http", "https"):
            query.pop("redirect", None)
            return self.redirect(options["redirect"], parsed.path, query)
        if "status" in options:
            return self.simple(int(options["status"]), "status %s on request\n" % options["status"])
        self.serve_file(path, options, head)

    def serve_file(self, path, options, head):
        state = self.server.state
        full = os.path.realpath(os.path.join(state.root, path.lstrip("/")))
        if not (full == state.root or full.startswith(state.root + os.sep)) or not os.path.isfile(full):
            return self.simple(404, "not found: %s\n" % path)
        st = os.stat(full)
        etag = '"%x-%x-%x"' % (st.st_ino, st.st_mtime_ns, st.st_size)
        modified = email.utils.formatdate(st.st_mtime, usegmt=True)
        validators = []
        if options.get("etag") != "0":
            validators.append(("ETag", etag))
        if options.get("lastmodified") != "0":
            validators.append(("Last-Modified", modified))
        if self.not_modified(options, etag, st.st_mtime):
            self.entry["status"] = 304
            state.record(self.entry)
            self.send_response(304)
            for name, value in validators:
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return

        size = st.st_size
        start, end, status = 0, size, 200
        wanted = self.headers.get("Range")
        if wanted and options.get("range") != "0" and self.if_range_holds(etag, modified):
            parsed = parse_range(wanted, size)
            if parsed == "unsatisfiable":
                self.entry["status"] = 416
                state.record(self.entry)
                self.send_response(416)
                self.send_header("Content-Range", "bytes */%d" % size)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if parsed is not None:
                start, end, status = parsed[0], parsed[1], 206
        self.entry["status"] = status
        state.record(self.entry)
        self.send_response(status)
        self.send_header("Content-Length", str(end - start))
        self.send_header("Content-Type", "application/octet-stream")
        if options.get("range") != "0":
            self.send_header("Accept-Ranges", "bytes")
        if status == 206:
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, end - 1, size))
        for name, value in validators:
            self.send_header(name, value)
        self.end_headers()
        if head:
            return
        with open(full, "rb") as f:
            self.send_body(f, start, end - start, options)

    def not_modified(self, options, etag, mtime):
        match = self.headers.get("If-None-Match")
        if match is not None:
            return options.get("etag") != "0" and etag in [t.strip() for t in match.split(",")]
        since = self.headers.get("If-Modified-Since")
        if since and options.get("lastmodified") != "0":
            try:
                return email.utils.parsedate_to_datetime(since).timestamp() >= int(mtime)
            except (TypeError, ValueError):
                return False
        return False

    def if_range_holds(self, etag, modified):
        condition = self.headers.get("If-Range")
        return condition is None or condition in (etag, modified)

    # -- the response body, well or badly ---------------------------------------------------

    def send_body(self, f, offset, count, options):
        try:
            if "stall" in options:
                self.wfile.flush()
                time.sleep(float(options["stall"] or 30))
                self.close_connection = True
            elif "truncate" in options:
                self.copy(f, offset, min(count, int(options["truncate"])))
                self.close_connection = True
            elif "reset" in options:
                self.copy(f, offset, min(count, int(options["reset"])))
                self.reset()
            elif "trickle" in options:
                self.trickle(f, offset, count, max(1, int(options["trickle"])))
            else:
                self.copy(f, offset, count)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            self.close_connection = True

    def copy(self, f, offset, count):
        if count > 0:
            self.connection.sendfile(f, offset=offset, count=count)

    def trickle(self, f, offset, count, rate):
        step = max(1, rate // 10)
        f.seek(offset)
        while count > 0:
            chunk = f.read(min(step, count))
            self.wfile.write(chunk)
            count -= len(chunk)
            time.sleep(0.1)

    def reset(self):
        """Closes with SO_LINGER 0, so the kernel sends RST instead of FIN."""
        self.close_connection = True
        sock = self.connection
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        os.close(sock.detach())

    def redirect(self, scheme, path, query):
        port = self.server.state.ports.get(scheme)
        if port is None:
            return self.simple(500, "no %s listener to redirect to\n" % scheme)
        target = "%s://127.0.0.1:%d%s" % (scheme, port, path)
        if query:
            target += "?" + urllib.parse.urlencode(query)
        self.entry["status"] = 302
        self.server.state.record(self.entry)
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def simple(self, status, text):
        body = text.encode()
        self.entry["status"] = status
        self.server.state.record(self.entry)
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def parse_range(header, size):
    """(start, end_exclusive) for one `bytes=` range, "unsatisfiable", or None to ignore it."""
    if not header.startswith("bytes=") or "," in header:
        return None
    first, _, last = header[len("bytes="):].strip().partition("-")
    try:
        if first == "":
            length = int(last)
            return (max(0, size - length), size) if length > 0 else "unsatisfiable"
        start = int(first)
        end = min(size, int(last) + 1) if last else size
    except ValueError:
        return None
    if start >= size or end <= start:
        return "unsatisfiable"
    return start, end


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, scheme, state, tls_context):
        self.scheme = scheme
        self.state = state
        self.tls_context = tls_context
        super().__init__(("127.0.0.1", 0), Handler)

    def handle_error(self, request, client_address):
        pass  # clients that give up (refused certificate, timeouts) are what the tests do


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", required=True)
    parser.add_argument("--tls-dir")
    parser.add_argument("--log")
    parser.add_argument("--config")
    args = parser.parse_args()
    config = {}
    if args.config:
        with open(args.config) as f:
            config = {k: {n: str(v) for n, v in opts.items()} for k, opts in json.load(f).items()}
    state = State(args.root, args.log, config)

    servers = [Server("http", state, None)]
    ca = None
    if args.tls_dir:
        ca, key, cert = make_certificates(args.tls_dir)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        servers.append(Server("https", state, context))
    for server in servers:
        state.ports[server.scheme] = server.server_address[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"http": state.ports["http"], "https": state.ports.get("https"), "ca": ca}), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
