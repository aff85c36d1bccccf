#!/usr/bin/python3
"""Checks the Python client (clients/python/craftsman_client) against a running Craftsman server.

    client_check.py --port PORT [--host 127.0.0.1]

Prints one line per check, then "N passed, M failed"; exits 1 if any check failed. Driven by
Tests/CraftsmanRPCTests/PythonClientTests.swift, which starts the server. Expects to be the
server's only client (one check waits for the server's calls in flight to drop). A few checks
run against a fake server in this process, for what a real server cannot be made to do on demand
(GOAWAY in the middle of calls, a wrong preface, another major version).
"""

import argparse
import socket
import sys
import threading
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from craftsman.rpc.v1 import builtin_pb2, envelope_pb2  # noqa: E402
from craftsman_client import Client, ProtocolError, RpcError, StatusCode  # noqa: E402
from craftsman_client import frames  # noqa: E402

ECHO = "craftsman.rpc.v1.EchoService"
CHECKS = []


def check(description):
    def register(function):
        CHECKS.append((description, function))
        return function

    return register


def expect_error(code, function):
    """Runs function; returns the RpcError it raised, asserting its code."""
    try:
        function()
    except RpcError as error:
        assert error.code == code, "expected %s, got %s" % (StatusCode(code).name, error)
        return error
    raise AssertionError("expected RpcError %s, the call succeeded" % StatusCode(code).name)


def echo(client, request, **options):
    return client.unary(ECHO, "Echo", request, builtin_pb2.EchoResponse, **options)


@check("golden frames of PROTOCOL.md section 9 encode byte for byte")
def golden(_client):
    assert frames.PREFACE == bytes.fromhex("89 43 52 41 46 54 0d 0a 01 00")
    ping = frames.encode(frames.PING, 0, bytes(range(1, 9)))
    assert ping == bytes.fromhex("00000008 00000000 0700 0102030405060708"), ping.hex(" ")
    header = envelope_pb2.RequestHeader(service=ECHO, method="Echo", payload=bytes.fromhex("0a026869"))
    request = frames.encode(frames.REQUEST, 1, header.SerializeToString(), frames.END_STREAM)
    assert request == bytes.fromhex(
        "0000002a 00000001 0201"
        "0a1c 6372616674736d616e2e7270632e76312e4563686f53657276696365"
        "1204 4563686f"
        "2a04 0a026869"
    ), request.hex(" ")
    trailer = envelope_pb2.ResponseTrailer(status=envelope_pb2.CallStatus(), payload=bytes.fromhex("0a026869"))
    response = frames.encode(frames.RESPONSE, 1, trailer.SerializeToString())
    assert response == bytes.fromhex("00000008 00000001 0400 0a00 1a040a026869"), response.hex(" ")
    failure = envelope_pb2.ResponseTrailer(status=envelope_pb2.CallStatus(code=12, message="no method X"))
    response = frames.encode(frames.RESPONSE, 2, failure.SerializeToString())
    assert response == bytes.fromhex("00000011 00000002 0400 0a0f080c120b6e6f206d6574686f642058"), response.hex(" ")


@check("handshake: server preface 1.x and SETTINGS received; PING answered")
def handshake(client):
    assert client.server_version[0] == 1, client.server_version
    assert client.server_settings.agent, "the server's SETTINGS carry no agent"
    rtt = client.ping(timeout=5)
    assert rtt < 5, rtt


@check("HealthService/Check is SERVING")
def health(client):
    status = client.health()
    assert status == builtin_pb2.SERVING_STATUS_SERVING, builtin_pb2.ServingStatus.Name(status)
    status = client.health("craftsman.v9.NoSuchService")
    assert status == builtin_pb2.SERVING_STATUS_SERVICE_UNKNOWN, builtin_pb2.ServingStatus.Name(status)


@check("Echo round-trips a payload, including non-ASCII and every byte value")
def echo_round_trip(client):
    for payload in [b"hi", "工匠 ü 🧰".encode(), bytes(range(256)) * 4, b"", b"\x00\xff\x80\r\n"]:
        reply = echo(client, builtin_pb2.EchoRequest(payload=payload), timeout=5)
        assert reply.payload == payload, "sent %r, got %r" % (payload[:32], reply.payload[:32])


@check("Echo with metadata (text and binary) succeeds")
def echo_metadata(client):
    reply = echo(
        client,
        builtin_pb2.EchoRequest(payload=b"m"),
        timeout=5,
        metadata=[("request-id", "check-1"), ("x-bin", b"\x00\x01"), ("request-id", "again")],
    )
    assert reply.payload == b"m"


@check("50 concurrent Echo calls from 10 threads on one connection")
def concurrent(client):
    failures = []
    results = {}
    lock = threading.Lock()

    def worker(thread_index):
        try:
            for index in range(5):
                payload = ("%d-%d-工" % (thread_index, index)).encode()
                # Varying delays, so answers come back out of order.
                delay = (thread_index * 7 + index * 13) % 50
                reply = echo(client, builtin_pb2.EchoRequest(payload=payload, delay_ms=delay), timeout=20)
                with lock:
                    results[payload] = reply.payload
        except Exception as error:  # noqa: BLE001
            with lock:
                failures.append("thread %d: %r" % (thread_index, error))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures, failures
    assert len(results) == 50, "%d results" % len(results)
    assert all(key == value for key, value in results.items()), "an answer went to the wrong call"


@check("Echo with delay_ms=2000 and timeout 0.2 s raises DEADLINE_EXCEEDED quickly")
def deadline(client):
    started = time.monotonic()
    expect_error(
        StatusCode.DEADLINE_EXCEEDED,
        lambda: echo(client, builtin_pb2.EchoRequest(payload=b"slow", delay_ms=2000), timeout=0.2),
    )
    elapsed = time.monotonic() - started
    assert elapsed < 1.0, "took %.2f s" % elapsed
    # The connection is still good afterwards.
    assert echo(client, builtin_pb2.EchoRequest(payload=b"after"), timeout=5).payload == b"after"


@check("Echo fail_with INVALID_ARGUMENT carries code, message and field violation")
def failure(client):
    status = envelope_pb2.CallStatus(
        code=StatusCode.INVALID_ARGUMENT,
        message="age 52 exceeds 50",
        details=[envelope_pb2.StatusDetail(field_violation=envelope_pb2.FieldViolation(field="age", value="52", rule="<= 50"))],
    )
    error = expect_error(
        StatusCode.INVALID_ARGUMENT, lambda: echo(client, builtin_pb2.EchoRequest(fail_with=status), timeout=5)
    )
    assert error.code_name == "INVALID_ARGUMENT", error.code_name
    assert error.message == "age 52 exceeds 50", error.message
    assert len(error.field_violations) == 1, error.field_violations
    violation = error.field_violations[0]
    assert (violation.field, violation.value, violation.rule) == ("age", "52", "<= 50"), violation


@check("an unknown method gives UNIMPLEMENTED (and the connection stays usable)")
def unknown(client):
    expect_error(
        StatusCode.UNIMPLEMENTED,
        lambda: client.unary(ECHO, "NoSuchMethod", builtin_pb2.EchoRequest(), builtin_pb2.EchoResponse, timeout=5),
    )
    expect_error(
        StatusCode.UNIMPLEMENTED,
        lambda: client.unary("craftsman.v9.Nowhere", "Echo", builtin_pb2.EchoRequest(), builtin_pb2.EchoResponse, timeout=5),
    )
    assert client.is_usable


@check("Expand streams count=500 responses in order (flow control past the 64-message window)")
def expand(client):
    stream = client.server_stream(
        ECHO, "Expand", builtin_pb2.ExpandRequest(payload=b"x\xe5", count=500), builtin_pb2.EchoResponse, timeout=30
    )
    sequences = []
    for response in stream:
        assert response.payload == b"x\xe5", response.payload
        sequences.append(response.sequence)
    assert sequences == list(range(500)), "got %d responses, first out of order at %s" % (
        len(sequences),
        next((i for i, s in enumerate(sequences) if s != i), None),
    )


@check("a slow Expand reader holds the server back; cancelling stops the handler")
def expand_cancel(client):
    stream = client.server_stream(
        ECHO, "Expand", builtin_pb2.ExpandRequest(payload=b"y", count=100000), builtin_pb2.EchoResponse, timeout=30
    )
    for index, response in enumerate(stream):
        assert response.sequence == index
        if index == 200:
            break
    time.sleep(0.3)
    buffered = len(stream._call.messages)
    assert buffered <= 64, "%d messages buffered: the server ignored the window" % buffered
    stream.cancel()
    deadline = time.monotonic() + 5
    while True:
        stats = client.unary(
            "craftsman.rpc.v1.StatsService", "GetStats", builtin_pb2.GetStatsRequest(), builtin_pb2.GetStatsResponse, timeout=5
        )
        if stats.calls_in_flight <= 1:  # GetStats itself
            break
        assert time.monotonic() < deadline, "%d calls still in flight 5 s after CANCEL" % stats.calls_in_flight
        time.sleep(0.05)
    assert echo(client, builtin_pb2.EchoRequest(payload=b"ok"), timeout=5).payload == b"ok"


@check("Collect over 100 requests returns the concatenation and sequence 100")
def collect(client):
    requests = (builtin_pb2.EchoRequest(payload=("%d," % i).encode()) for i in range(100))
    reply = client.client_stream(ECHO, "Collect", requests, builtin_pb2.EchoResponse, timeout=30)
    expected = b"".join(("%d," % i).encode() for i in range(100))
    assert reply.payload == expected, reply.payload[:64]
    assert reply.sequence == 100, reply.sequence


@check("Collect over no requests returns an empty payload and sequence 0")
def collect_empty(client):
    reply = client.client_stream(ECHO, "Collect", [], builtin_pb2.EchoResponse, timeout=10)
    assert reply.payload == b"" and reply.sequence == 0, reply


@check("Collect ends early with the server's error when a request fails")
def collect_failure(client):
    def requests():
        yield builtin_pb2.EchoRequest(payload=b"a")
        yield builtin_pb2.EchoRequest(
            fail_with=envelope_pb2.CallStatus(code=StatusCode.FAILED_PRECONDITION, message="stop here")
        )
        for _ in range(300):
            yield builtin_pb2.EchoRequest(payload=b"b")

    error = expect_error(
        StatusCode.FAILED_PRECONDITION,
        lambda: client.client_stream(ECHO, "Collect", requests(), builtin_pb2.EchoResponse, timeout=10),
    )
    assert error.message == "stop here", error.message


@check("ListServices lists EchoService with Echo, Expand and Collect")
def list_services(client):
    services = {service.name: service for service in client.list_services(timeout=5)}
    assert ECHO in services, sorted(services)
    methods = {method.name: method for method in services[ECHO].methods}
    assert set(methods) >= {"Echo", "Expand", "Collect"}, sorted(methods)
    assert methods["Expand"].server_streaming and not methods["Expand"].client_streaming
    assert methods["Collect"].client_streaming and not methods["Collect"].server_streaming


@check("call_by_name via reflection works for Echo, Expand and Collect")
def by_name(client):
    schema = client.reflect(timeout=10)
    assert ECHO + "/Echo" in schema.methods, sorted(schema.methods)[:10]
    reply = client.call_by_name(ECHO + "/Echo", {"payload": "工匠".encode()}, timeout=5)
    assert reply.payload == "工匠".encode(), reply
    assert type(reply) is not builtin_pb2.EchoResponse  # built from the schema, not the generated module
    as_dict = client.call_by_name(ECHO + "/Echo", {"payload": b"hi"}, timeout=5, as_dict=True)
    assert as_dict == {"payload": "aGk="}, as_dict
    stream = client.call_by_name(ECHO + "/Expand", {"payload": b"z", "count": 3}, timeout=5)
    assert [r.sequence for r in stream] == [0, 1, 2]
    collected = client.call_by_name(ECHO + "/Collect", [{"payload": b"a"}, {"payload": b"b"}], timeout=5)
    assert collected.payload == b"ab" and collected.sequence == 2, collected
    expect_error(StatusCode.UNIMPLEMENTED, lambda: client.call_by_name(ECHO + "/Nope", {}))


class FakeServer:
    """A one-connection server on a loopback port running `script(peer)`, to test what the real
    server cannot be made to do on demand (GOAWAY mid-call, a wrong preface, another version)."""

    def __init__(self, script):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.script = script
        self.error = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        try:
            connection, _ = self.listener.accept()
            connection.settimeout(10)
            try:
                self.script(FakePeer(connection))
            finally:
                connection.close()
        except Exception as error:  # noqa: BLE001
            self.error = error
        finally:
            self.listener.close()

    def join(self):
        self.thread.join(15)
        assert not self.thread.is_alive(), "the fake server's script did not finish"
        if self.error is not None:
            raise AssertionError("fake server: %r" % (self.error,))


class FakePeer:
    def __init__(self, connection):
        self.connection = connection
        self.file = connection.makefile("rb")

    def read_exact(self, count):
        data = self.file.read(count)
        assert len(data) == count, "the client closed the connection"
        return data

    def read_frame(self):
        length, call_id, frame_type, flags = frames.HEADER.unpack(self.read_exact(frames.HEADER_SIZE))
        return frame_type, call_id, flags, self.read_exact(length)

    def send(self, data):
        self.connection.sendall(data)

    def handshake(self):
        assert self.read_exact(10) == frames.PREFACE, "bad client preface"
        frame_type, call_id, _, payload = self.read_frame()
        assert frame_type == frames.SETTINGS and call_id == 0, "the client's first frame is not SETTINGS"
        settings = envelope_pb2.ConnectionSettings.FromString(payload)
        self.send(frames.PREFACE + frames.encode(frames.SETTINGS, 0, envelope_pb2.ConnectionSettings(agent="fake/1").SerializeToString()))
        return settings


@check("GOAWAY: calls above last_call_id fail UNAVAILABLE, the one below completes; PING from the server is ACKed")
def goaway(_client):
    answered = []

    def script(peer):
        peer.handshake()
        ids = []
        while len(ids) < 3:
            frame_type, call_id, flags, payload = peer.read_frame()
            if frame_type == frames.REQUEST:
                assert flags & frames.END_STREAM, "a unary REQUEST without END_STREAM"
                assert envelope_pb2.RequestHeader.FromString(payload).timeout_micros > 0, "no timeout_micros"
                ids.append(call_id)
        assert ids == sorted(ids) and len(set(ids)) == 3, "call ids not increasing: %s" % ids
        peer.send(frames.encode(frames.PING, 0, b"pingpong"))
        peer.send(frames.encode(0x7F, 0, b"a frame type from the future"))
        frame_type, call_id, flags, payload = peer.read_frame()
        assert (frame_type, call_id, flags, payload) == (frames.PING, 0, frames.ACK, b"pingpong"), "no PING ACK"
        away = envelope_pb2.GoAway(last_call_id=ids[0], status=envelope_pb2.CallStatus(code=0, message="shutting down"))
        peer.send(frames.encode(frames.GOAWAY, 0, away.SerializeToString()))
        time.sleep(0.3)
        trailer = envelope_pb2.ResponseTrailer(
            status=envelope_pb2.CallStatus(), payload=builtin_pb2.EchoResponse(payload=b"first").SerializeToString()
        )
        peer.send(frames.encode(frames.RESPONSE, ids[0], trailer.SerializeToString()))
        answered.append(ids[0])
        time.sleep(0.3)

    server = FakeServer(script)
    results = []
    lock = threading.Lock()
    with Client("127.0.0.1", server.port, connect_timeout=5) as client:
        assert client.server_settings.agent == "fake/1"

        def call():
            try:
                reply = echo(client, builtin_pb2.EchoRequest(payload=b"q"), timeout=5)
                outcome = reply.payload
            except RpcError as error:
                outcome = error
            with lock:
                results.append(outcome)

        threads = [threading.Thread(target=call) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        server.join()
        assert answered, "the fake server did not answer"
        successes = [r for r in results if r == b"first"]
        refused = [r for r in results if isinstance(r, RpcError) and r.code == StatusCode.UNAVAILABLE]
        assert len(successes) == 1 and len(refused) == 2, results
        assert not client.is_usable
        expect_error(StatusCode.UNAVAILABLE, lambda: echo(client, builtin_pb2.EchoRequest(), timeout=1))


@check("a peer that is not a Craftsman server, or speaks major version 2, fails the handshake clearly")
def bad_prefaces(_client):
    def http(peer):
        peer.read_exact(10)
        peer.send(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        time.sleep(0.2)

    server = FakeServer(http)
    try:
        Client("127.0.0.1", server.port, connect_timeout=5).close()
        raise AssertionError("connected to an HTTP server")
    except ProtocolError as error:
        assert "not a Craftsman server" in str(error), error
    server.join()

    def version_two(peer):
        peer.read_exact(10)
        away = envelope_pb2.GoAway(status=envelope_pb2.CallStatus(code=12, message="protocol 1.0 unsupported, this server speaks 2.0"))
        peer.send(frames.MAGIC + bytes([2, 0]) + frames.encode(frames.GOAWAY, 0, away.SerializeToString()))
        time.sleep(0.2)

    server = FakeServer(version_two)
    try:
        Client("127.0.0.1", server.port, connect_timeout=5).close()
        raise AssertionError("accepted major version 2")
    except ProtocolError as error:
        assert "2.0" in str(error) and "1.0" in str(error), error
    server.join()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    arguments = parser.parse_args()

    passed, failed = 0, []
    try:
        client = Client(arguments.host, arguments.port, connect_timeout=10)
    except (OSError, ProtocolError) as error:
        print("FAIL connect to %s:%d: %s: %s" % (arguments.host, arguments.port, type(error).__name__, error))
        print("0 passed, 1 failed")
        return 1
    with client:
        for description, function in CHECKS:
            started = time.monotonic()
            try:
                function(client)
            except Exception as error:  # noqa: BLE001
                failed.append(description)
                print("FAIL %s (%.2f s): %s: %s" % (description, time.monotonic() - started, type(error).__name__, error))
                traceback.print_exc(file=sys.stdout)
            else:
                passed += 1
                print("ok   %s (%.2f s)" % (description, time.monotonic() - started))
            sys.stdout.flush()
    print("%d passed, %d failed" % (passed, len(failed)))
    if failed:
        print("failed: " + "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
