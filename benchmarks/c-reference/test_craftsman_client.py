#!/usr/bin/python3
"""Tests of `echo_client --mode craftsman` against a mock Craftsman server (standard library only).

The real server is not needed: a small Python server speaks the part of docs/PROTOCOL.md that the
client uses and checks every byte the client sends:

  - the client's preface, then SETTINGS (call 0) as its first frame;
  - REQUEST frames with END_STREAM and strictly increasing call ids, whose RequestHeader is
    EchoService/Echo carrying an EchoRequest with exactly the --payload bytes;
  - at most 100 calls open before the server's SETTINGS arrive (the server delays them), at
    most the server's max_concurrent_calls after;
  - PING answered with PING+ACK and the same 8 bytes.

and stresses the client's reading: responses come out of order, server PINGs, WINDOW, MESSAGE
and unknown frame types are mixed in, and frames are written in random pieces. A final case
answers one call with UNIMPLEMENTED and expects the client to fail loudly.

usage: /usr/bin/python3 test_craftsman_client.py [--client PATH]
"""

import json
import os
import random
import socket
import struct
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PREFACE = bytes([0x89, 0x43, 0x52, 0x41, 0x46, 0x54, 0x0D, 0x0A, 0x01, 0x00])


def varint(v):
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def field_bytes(num, data):
    return varint(num << 3 | 2) + varint(len(data)) + data


def read_varint(b, i):
    v = shift = 0
    while True:
        c = b[i]
        i += 1
        v |= (c & 0x7F) << shift
        if not c & 0x80:
            return v, i
        shift += 7


def fields(b):
    """Top-level fields of a protobuf message: [(number, wire type, value)]."""
    out, i = [], 0
    while i < len(b):
        key, i = read_varint(b, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            v, i = read_varint(b, i)
        elif wt == 2:
            n, i = read_varint(b, i)
            v = bytes(b[i:i + n])
            assert len(v) == n, "truncated field"
            i += n
        else:
            raise AssertionError("unexpected wire type %d" % wt)
        out.append((num, wt, v))
    return out


def header(length, call, ftype, flags=0):
    return struct.pack(">IIBB", length, call, ftype, flags)


class MockServer:
    def __init__(self, payload_size, settings_delay=0.1, fail_call=None, max_calls=256):
        self.payload_size = payload_size
        self.expected = bytes((i * 31 + 7) & 0xFF for i in range(payload_size))
        self.settings_delay = settings_delay
        self.fail_call = fail_call
        self.max_calls = max_calls
        self.lsock = socket.socket()
        self.lsock.bind(("127.0.0.1", 0))
        self.lsock.listen(1)
        self.port = self.lsock.getsockname()[1]
        self.error = None
        self.calls = 0
        self.max_open_before_settings = 0
        self.max_open = 0
        self.pings_sent = {}
        self.pings_acked = 0
        self.first_request_payload = None
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        try:
            self.serve()
        except (BrokenPipeError, ConnectionResetError):
            pass    # the client closed while we were sending (a PING, say): its exit status tells
        except Exception as e:  # noqa: BLE001 - reported by the test
            self.error = e

    def send(self, data):
        # In random pieces, to exercise the client's reassembly.
        pos = 0
        while pos < len(data):
            n = self.rng.choice([1, 3, 10, 11, 500, 1 << 16])
            with self.wlock:
                self.conn.sendall(data[pos:pos + n])
            pos += n

    def reply(self, replies):
        # Answer in reverse order: responses to different calls may come in any order.
        out = bytearray()
        for call, got in reversed(replies):
            if call == self.fail_call:
                trailer = field_bytes(1, varint(1 << 3) + varint(12) + field_bytes(2, b"no method X"))
            else:
                trailer = field_bytes(1, b"") + field_bytes(3, field_bytes(1, got) if got else b"")
            out += header(len(trailer), call, 0x04) + trailer
            self.open_calls.discard(call)
            self.calls += 1
        if out:
            self.send(bytes(out))

    def serve(self):
        self.rng = random.Random(3)
        self.wlock = threading.Lock()
        conn, _ = self.lsock.accept()
        self.conn = conn
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        buf = bytearray()
        settings_sent = False
        got_preface = got_settings = False
        last_id = 0
        open_calls = self.open_calls = set()
        start = time.monotonic()
        next_ping = start + 0.05
        ping_seq = 0
        conn.settimeout(0.02)
        held = []   # calls received before our preface and SETTINGS went out
        while True:
            now = time.monotonic()
            if not settings_sent and now - start >= self.settings_delay:
                settings = varint(2 << 3) + varint(self.max_calls) + field_bytes(7, b"mock/1")
                self.send(PREFACE + header(len(settings), 0, 0x01) + settings)
                settings_sent = True
                self.reply(held)
                held = []
            if settings_sent and now >= next_ping:
                ping_seq += 1
                body = struct.pack(">Q", 0x1122334455660000 + ping_seq)
                self.pings_sent[body] = True
                # A PING, plus frames the client must skip: WINDOW, a MESSAGE, an unknown type.
                self.send(header(8, 0, 0x07) + body + header(4, 0, 0x06) + b"\0\0\0\x10"
                          + header(3, 0, 0x7F, 0xFF) + b"abc")
                next_ping = now + 0.05
            try:
                data = conn.recv(1 << 20)
            except socket.timeout:
                continue
            if not data:
                break
            buf += data
            if not got_preface:
                if len(buf) < 10:
                    continue
                assert bytes(buf[:10]) == PREFACE, "bad client preface %r" % bytes(buf[:10])
                del buf[:10]
                got_preface = True
            replies = []
            while len(buf) >= 10:
                length, call, ftype, flags = struct.unpack(">IIBB", buf[:10])
                if len(buf) < 10 + length:
                    break
                body = bytes(buf[10:10 + length])
                del buf[:10 + length]
                if not got_settings:
                    assert (ftype, call) == (0x01, 0), "first frame is type %d call %d, not SETTINGS" % (ftype, call)
                    got_settings = True
                    continue
                if ftype == 0x07:
                    assert flags & 0x02 and body in self.pings_sent, "unexpected PING %r flags %d" % (body, flags)
                    del self.pings_sent[body]
                    self.pings_acked += 1
                    continue
                assert ftype == 0x02, "frame type %d from the client" % ftype
                assert flags == 0x01, "REQUEST flags %d, want END_STREAM" % flags
                assert call > last_id, "call id %d after %d" % (call, last_id)
                last_id = call
                if self.first_request_payload is None:
                    self.first_request_payload = body
                f = fields(body)
                assert f[0] == (1, 2, b"craftsman.rpc.v1.EchoService"), f[0]
                assert f[1] == (2, 2, b"Echo"), f[1]
                assert f[2][:2] == (5, 2) and len(f) == 3, f
                echo = fields(f[2][2])
                got = echo[0][2] if echo else b""
                assert echo == ([(1, 2, self.expected)] if self.payload_size else []), "EchoRequest %r" % echo[:1]
                open_calls.add(call)
                self.max_open = max(self.max_open, len(open_calls))
                if not settings_sent:
                    self.max_open_before_settings = max(self.max_open_before_settings, len(open_calls))
                replies.append((call, got))
            if settings_sent:
                self.reply(replies)
            else:
                held += replies
        conn.close()
        self.lsock.close()


def run_client(client, port, *args):
    cmd = [client, "--connect", "127.0.0.1:%d" % port, "--mode", "craftsman"] + [str(a) for a in args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


def case_ok(client, inflight, payload, seconds=1.0):
    mock = MockServer(payload, settings_delay=0.15)
    r = run_client(client, mock.port, "--inflight", inflight, "--payload", payload,
                   "--warmup", 0.2, "--seconds", seconds)
    mock.thread.join(10)
    if mock.error:
        raise mock.error
    assert r.returncode == 0, "client exit %d: %s" % (r.returncode, r.stderr.strip())
    result = json.loads(r.stdout)
    assert result["mode"] == "craftsman" and result["inflight"] == inflight and result["payload"] == payload
    assert result["calls"] > 0 and result["calls"] <= mock.calls, (result["calls"], mock.calls)
    assert result["p50_us"] <= result["p99_us"] <= result["p999_us"] <= result["max_us"]
    assert mock.max_open_before_settings <= 100, "%d calls open before SETTINGS" % mock.max_open_before_settings
    assert mock.max_open == inflight, "at most %d calls were open, want %d" % (mock.max_open, inflight)
    assert mock.pings_acked > 0 and len(mock.pings_sent) <= 2, "pings unanswered: %d" % len(mock.pings_sent)
    return "%d calls (%d measured), %d PINGs acked, <=%d open before SETTINGS, %.0f calls/s" % (
        mock.calls, result["calls"], mock.pings_acked, mock.max_open_before_settings, result["calls_per_sec"])


def case_failed_call(client):
    mock = MockServer(16, settings_delay=0, fail_call=5)
    r = run_client(client, mock.port, "--inflight", 4, "--payload", 16, "--warmup", 0, "--seconds", 1)
    mock.thread.join(10)
    assert r.returncode == 1, "client exit %d, want 1" % r.returncode
    assert "call 5 failed: status 12" in r.stderr and "no method X" in r.stderr, r.stderr
    return r.stderr.strip()


def case_too_many(client):
    mock = MockServer(16, settings_delay=0, max_calls=8)
    r = run_client(client, mock.port, "--inflight", 9, "--payload", 16, "--warmup", 0, "--seconds", 1)
    mock.thread.join(10)
    assert r.returncode == 1 and "max_concurrent_calls (8)" in r.stderr, (r.returncode, r.stderr)
    return r.stderr.strip()


def main():
    args = sys.argv[1:]
    client = os.path.join(HERE, "echo_client")
    if len(args) == 2 and args[0] == "--client":
        client = args[1]
    elif args:
        sys.exit(__doc__)
    cases = [
        ("inflight 1, payload 256", lambda: case_ok(client, 1, 256)),
        ("inflight 150, payload 300", lambda: case_ok(client, 150, 300)),
        ("inflight 8, payload 0", lambda: case_ok(client, 8, 0)),
        ("inflight 4, payload 100000", lambda: case_ok(client, 4, 100000)),
        ("a call fails", lambda: case_failed_call(client)),
        ("inflight over the limit", lambda: case_too_many(client)),
    ]
    failed = 0
    for name, fn in cases:
        try:
            print("ok    %-28s %s" % (name, fn()), flush=True)
        except Exception as e:  # noqa: BLE001 - report and go on
            failed += 1
            print("FAIL  %-28s %r" % (name, e), flush=True)
    print("all passed" if not failed else "%d failed" % failed)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
