#!/usr/bin/env python3
"""standin-client: the exercise workload for the barracks stand-in server (stdlib only).

    Tests/Support/standin-client.py -p PORT [--host 127.0.0.1] [--timeout 2] [--wait-ready SECONDS]
                                    [--expect-no-reply] MESSAGE...

Sends each MESSAGE as one UDP datagram (a newline is added) and prints what happened:

    > STATUS
    < STANDIN OK players=0 bans=0

or `< (no reply within 2.0 s)`. Messages the stand-in understands (examples/standin/README.md):
`STATUS`, `BAN <ipv4> [reason]`, `FORBIDDEN` (one syscall outside any learned policy).

--wait-ready SECONDS first sends STATUS every 0.1 s until the server answers (it may still be
starting), and fails if it never does. Exit status: 0 when every MESSAGE got a reply (with
--expect-no-reply: when none did, e.g. FORBIDDEN under a seccomp filter kills the server), 1
otherwise, 2 on usage errors.
"""

import argparse
import socket
import sys
import time


def exchange(sock: socket.socket, address: tuple[str, int], message: str, timeout: float) -> str | None:
    """Sends one datagram and returns the reply text, or None after `timeout` seconds."""
    data = message.encode() if message.endswith("\n") else (message + "\n").encode()
    sock.settimeout(timeout)
    sock.sendto(data, address)
    deadline = time.monotonic() + timeout
    while True:
        try:
            reply, sender = sock.recvfrom(4096)
        except (socket.timeout, ConnectionRefusedError):
            # ICMP port-unreachable surfaces as ECONNREFUSED on Linux: the server is not (yet) there.
            return None
        if sender[1] == address[1]:
            return reply.decode(errors="replace")
        sock.settimeout(max(0.0, deadline - time.monotonic()))


def wait_ready(sock: socket.socket, address: tuple[str, int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if exchange(sock, address, "STATUS", 0.1) is not None:
            return True
        time.sleep(0.1)
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("messages", nargs="*", metavar="MESSAGE", help="datagrams to send, in order")
    parser.add_argument("-p", "--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--timeout", type=float, default=2.0, help="seconds to wait for each reply")
    parser.add_argument("--wait-ready", type=float, metavar="SECONDS", help="wait for the server to answer STATUS")
    parser.add_argument("--expect-no-reply", action="store_true", help="succeed only if no message gets a reply")
    args = parser.parse_args()
    address = (args.host, args.port)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        if args.wait_ready is not None and not wait_ready(sock, address, args.wait_ready):
            print(f"standin-client: no answer from udp {args.host}:{args.port} within {args.wait_ready} s",
                  file=sys.stderr)
            return 1
        replies = 0
        for message in args.messages:
            print(f"> {message.rstrip()}", flush=True)
            reply = exchange(sock, address, message, args.timeout)
            if reply is None:
                print(f"< (no reply within {args.timeout} s)", flush=True)
            else:
                replies += 1
                print(f"< {reply.rstrip()}", flush=True)
    if args.expect_no_reply:
        return 0 if replies == 0 else 1
    return 0 if replies == len(args.messages) else 1


if __name__ == "__main__":
    sys.exit(main())
