#!/usr/bin/python3
"""Framing tests for echo_server (standard library only).

Starts ./echo_server (next to this file; `make` first) on 127.0.0.1 port 0, or uses a running
one given with --connect HOST:PORT, and checks that it answers every whole frame with the same
call id and payload, type 0x04 and flags 0, however the bytes are cut:

  - a frame sent one byte at a time (each byte its own TCP segment);
  - thousands of frames of mixed sizes in one write;
  - frames cut into random pieces, headers included;
  - a 4 MiB frame (the largest allowed) is answered; one byte more closes the connection
    without an answer;
  - many connections at once;
  - a peer that writes a lot without reading does not make the server's memory grow;
  - SIGTERM stops the server with exit status 0 while connections are open.

usage: /usr/bin/python3 test_framing.py [--server PATH | --connect HOST:PORT]
"""

import os
import random
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_PAYLOAD = 4 * 1024 * 1024


def frame(call_id, payload, ftype=0x02, flags=0x01):
    return struct.pack(">IIBB", len(payload), call_id, ftype, flags) + payload


def connect(addr):
    s = socket.create_connection(addr, timeout=20)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def recv_exact(s, n):
    chunks = []
    while n > 0:
        b = s.recv(min(n, 1 << 20))
        if not b:
            raise AssertionError("connection closed with %d bytes still expected" % n)
        chunks.append(b)
        n -= len(b)
    return b"".join(chunks)


def expect_echo(s, call_id, payload):
    header = recv_exact(s, 10)
    length, cid, ftype, flags = struct.unpack(">IIBB", header)
    assert (length, cid, ftype, flags) == (len(payload), call_id, 0x04, 0), (
        "header %r, wanted length %d call %d type 4 flags 0" % ((length, cid, ftype, flags), len(payload), call_id))
    body = recv_exact(s, length)
    assert body == payload, "payload of call %d differs" % call_id


def payload_for(i, size):
    return bytes((i * 7 + j * 31 + 7) & 0xFF for j in range(size)) if size < 4096 else os.urandom(size)


def test_byte_at_a_time(addr):
    s = connect(addr)
    data = b"".join(frame(i, payload_for(i, n)) for i, n in [(1, 5), (2, 0), (3, 300)])
    for b in data:
        s.sendall(bytes([b]))
        time.sleep(0.0005)
    expect_echo(s, 1, payload_for(1, 5))
    expect_echo(s, 2, b"")
    expect_echo(s, 3, payload_for(3, 300))
    s.close()
    return "%d bytes, one per write" % len(data)


def test_many_in_one_write(addr):
    s = connect(addr)
    rng = random.Random(1)
    sizes = [rng.choice([0, 1, 9, 10, 11, 255, 256, 1000, 4096, 70000]) for _ in range(3000)]
    frames = [(i + 1, payload_for(i + 1, n)) for i, n in enumerate(sizes)]
    blob = b"".join(frame(cid, p) for cid, p in frames)
    # Write from a thread: the answers must be read while the request is still going out.
    t = threading.Thread(target=s.sendall, args=(blob,))
    t.start()
    for cid, p in frames:
        expect_echo(s, cid, p)
    t.join()
    s.close()
    return "%d frames, %d bytes in one sendall" % (len(frames), len(blob))


def test_random_cuts(addr):
    s = connect(addr)
    rng = random.Random(2)
    frames = [(i + 1, payload_for(i + 1, rng.randrange(0, 200000 if i % 10 == 0 else 600))) for i in range(400)]
    blob = b"".join(frame(cid, p) for cid, p in frames)

    def writer():
        pos = 0
        while pos < len(blob):
            n = rng.choice([1, 2, 3, 9, 10, 11, 17, 1000, 65536])
            s.sendall(blob[pos:pos + n])
            pos += n
            if rng.random() < 0.05:
                time.sleep(0.001)

    t = threading.Thread(target=writer)
    t.start()
    for cid, p in frames:
        expect_echo(s, cid, p)
    t.join()
    s.close()
    return "%d frames, %d bytes in random pieces" % (len(frames), len(blob))


def test_limits(addr):
    s = connect(addr)
    big = os.urandom(MAX_PAYLOAD)
    threading.Thread(target=s.sendall, args=(frame(7, big),)).start()
    expect_echo(s, 7, big)
    # One byte over: refused from the header alone, the connection is closed.
    s.sendall(struct.pack(">IIBB", MAX_PAYLOAD + 1, 8, 2, 1))
    s.settimeout(5)
    try:
        rest = s.recv(100)
    except ConnectionResetError:
        rest = b""
    assert rest == b"", "got %r after an oversized frame header" % rest[:20]
    s.close()
    # A header claiming 4 GiB - 1 is refused just the same.
    s = connect(addr)
    s.sendall(struct.pack(">IIBB", 0xFFFFFFFF, 1, 2, 1) + b"x" * 100)
    s.settimeout(5)
    try:
        rest = s.recv(100)
    except ConnectionResetError:
        rest = b""
    assert rest == b""
    s.close()
    return "4 MiB echoed, 4 MiB + 1 and 4 GiB headers closed"


def test_many_connections(addr):
    conns = [connect(addr) for _ in range(300)]
    for i, s in enumerate(conns):
        s.sendall(frame(i + 1, payload_for(i, 100)))
    for i, s in enumerate(conns):
        expect_echo(s, i + 1, payload_for(i, 100))
    for s in conns[::2]:
        s.close()
    for i, s in list(enumerate(conns))[1::2]:
        s.sendall(frame(1000 + i, b"again"))
        expect_echo(s, 1000 + i, b"again")
        s.close()
    return "300 connections"


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def test_slow_reader(addr, pid):
    s = connect(addr)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    one = frame(1, os.urandom(60000))
    count = 1000                                   # ~60 MB of requests, not read for a while
    before = rss_kib(pid) if pid else 0
    sent = [0]

    def writer():
        for i in range(count):
            s.sendall(struct.pack(">I", 60000) + struct.pack(">I", i + 1) + one[8:])
            sent[0] += 1

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    time.sleep(1.5)
    grown = (rss_kib(pid) - before) if pid else 0
    stuck_at = sent[0]
    assert stuck_at < count, "the writer was never held back"
    if pid:
        assert grown < 16 * 1024, "server RSS grew by %d KiB for a peer that does not read" % grown
    for i in range(count):
        header = recv_exact(s, 10)
        length, cid, ftype, flags = struct.unpack(">IIBB", header)
        assert (length, cid, ftype, flags) == (60000, i + 1, 4, 0)
        assert recv_exact(s, length) == one[10:]
    t.join()
    s.close()
    return "writer held back after %d of %d frames, server RSS +%d KiB" % (stuck_at, count, grown)


def main():
    args = sys.argv[1:]
    server_path = os.path.join(HERE, "echo_server")
    addr = None
    while args:
        if args[0] == "--server" and len(args) > 1:
            server_path = args[1]
        elif args[0] == "--connect" and len(args) > 1:
            host, port = args[1].rsplit(":", 1)
            addr = (host, int(port))
        else:
            sys.exit(__doc__)
        args = args[2:]

    proc = None
    if addr is None:
        proc = subprocess.Popen([server_path, "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE, text=True)
        line = proc.stdout.readline().strip()
        assert line.startswith("listening on 127.0.0.1:"), line
        addr = ("127.0.0.1", int(line.rsplit(":", 1)[1]))

    tests = [
        ("one byte at a time", lambda: test_byte_at_a_time(addr)),
        ("many frames in one write", lambda: test_many_in_one_write(addr)),
        ("random cuts", lambda: test_random_cuts(addr)),
        ("frame size limit", lambda: test_limits(addr)),
        ("many connections", lambda: test_many_connections(addr)),
        ("peer that does not read", lambda: test_slow_reader(addr, proc.pid if proc else None)),
    ]
    failed = 0
    for name, fn in tests:
        try:
            print("ok    %-26s %s" % (name, fn()), flush=True)
        except Exception as e:  # noqa: BLE001 - report and go on
            failed += 1
            print("FAIL  %-26s %r" % (name, e), flush=True)

    if proc:
        idle = connect(addr)                        # SIGTERM with a connection open
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = "timeout"
        idle.close()
        if rc == 0:
            print("ok    %-26s exit status 0" % "SIGTERM")
        else:
            failed += 1
            print("FAIL  %-26s exit status %s" % ("SIGTERM", rc))

    print("all passed" if not failed else "%d failed" % failed)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
