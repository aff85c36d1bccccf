"""The connection: handshake, a reader thread that demultiplexes frames by call id, and calls.

Written from docs/PROTOCOL.md. One Client is one connection; it is safe to use from many
threads at once, each with its own calls in flight.
"""

import collections
import math
import os
import socket
import threading
import time

from google.protobuf import message as _message

from craftsman.rpc.v1 import builtin_pb2, envelope_pb2

from . import frames as F
from .errors import ProtocolError, RpcError, StatusCode

AGENT = "craftsman-python/0.1"

_END = object()  # the end of an iterable
_MESSAGE = 1
_TRAILER = 2


def _encode_metadata(metadata):
    """MetadataEntry messages from a dict or an iterable of (key, value) pairs; str → text, bytes → binary."""
    if not metadata:
        return []
    pairs = metadata.items() if isinstance(metadata, dict) else metadata
    entries = []
    for key, value in pairs:
        if not isinstance(key, str) or not key or len(key) > 64 or key != key.lower() or not all(
            c.isascii() and (c.isalnum() or c in "._-") for c in key
        ):
            raise ValueError("metadata key %r: lowercase [a-z0-9._-], 1 to 64 bytes" % (key,))
        if isinstance(value, str):
            entries.append(envelope_pb2.MetadataEntry(key=key, text=value))
        elif isinstance(value, (bytes, bytearray, memoryview)):
            entries.append(envelope_pb2.MetadataEntry(key=key, binary=bytes(value)))
        else:
            raise TypeError("metadata value for %r must be str or bytes, not %s" % (key, type(value).__name__))
    return entries


def _decode_metadata(entries):
    """(key, value) pairs; value is str for a text entry, bytes for a binary one."""
    result = []
    for entry in entries:
        kind = entry.WhichOneof("value")
        result.append((entry.key, entry.binary if kind == "binary" else entry.text))
    return result


def _serialize(request):
    if isinstance(request, (bytes, bytearray, memoryview)):
        return bytes(request)
    if isinstance(request, _message.Message):
        return request.SerializeToString()
    raise TypeError("a request must be a protobuf message or bytes, not %s" % type(request).__name__)


def _parse(response_class, payload):
    if response_class is None:
        return payload
    try:
        return response_class.FromString(payload)
    except Exception as error:  # DecodeError, or a cpp-backend equivalent
        raise RpcError(
            StatusCode.INTERNAL,
            "could not decode the response as %s: %s" % (response_class.DESCRIPTOR.full_name, error),
        ) from None


def _deadline(timeout):
    if timeout is None:
        return None
    if timeout < 0:
        raise ValueError("timeout must be >= 0 seconds")
    return time.monotonic() + timeout


class _Call:
    """One call's state, shared between the thread that made it and the reader thread."""

    __slots__ = ("id", "cond", "messages", "trailer", "error", "send_window", "receive_window", "timeout")

    def __init__(self, call_id, send_window, receive_window, timeout):
        self.id = call_id
        self.cond = threading.Condition()
        self.messages = collections.deque()
        self.trailer = None  # the ResponseTrailer, once the RESPONSE arrived
        self.error = None  # an RpcError, when the call ended without a RESPONSE
        self.send_window = send_window  # MESSAGE frames we may still send
        self.receive_window = receive_window  # MESSAGE frames the server may still send
        self.timeout = timeout

    @property
    def ended(self):
        return self.trailer is not None or self.error is not None

    def fail(self, error):
        with self.cond:
            if not self.ended:
                self.error = error
            self.cond.notify_all()

    def next_event(self, deadline):
        """(_MESSAGE, bytes), (_TRAILER, trailer), or None when the deadline passed; raises the call's error."""
        with self.cond:
            while not self.messages and not self.ended:
                if deadline is None:
                    self.cond.wait()
                else:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        return None
                    self.cond.wait(remaining)
            if self.messages:
                return _MESSAGE, self.messages.popleft()
            if self.error is not None:
                raise self.error
            return _TRAILER, self.trailer

    def take_send_credit(self, deadline):
        """True when one MESSAGE may be sent, False when the call ended, None when the deadline passed."""
        with self.cond:
            while self.send_window <= 0 and not self.ended:
                if deadline is None:
                    self.cond.wait()
                else:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        return None
                    self.cond.wait(remaining)
            if self.ended:
                return False
            self.send_window -= 1
            return True


class ServerStream:
    """The responses of a server-streaming call, as an iterator.

    Iterating returns WINDOW credit to the server as messages are consumed, so a slow reader
    slows the server down. At the end, a non-OK status raises RpcError. Breaking out of the loop
    early (or close()) cancels the call. `metadata` holds the response metadata once it ended.
    """

    def __init__(self, client, call, response_class, deadline, transform=None):
        self._client = client
        self._call = call
        self._response_class = response_class
        self._deadline = deadline
        self._transform = transform
        self._unacknowledged = 0
        self._threshold = max(1, client._initial_call_window // 2)
        self._finished = False
        self.metadata = []

    def __iter__(self):
        return self

    def __next__(self):
        if self._finished:
            raise StopIteration
        try:
            event = self._call.next_event(self._deadline)
        except RpcError:
            self._finished = True
            raise
        if event is None:
            self._finished = True
            self._client._expire(self._call)
        kind, value = event
        if kind == _MESSAGE:
            self._return_credit()
            response = _parse(self._response_class, value)
            return self._transform(response) if self._transform else response
        self._finished = True
        self.metadata = _decode_metadata(value.metadata)
        if value.status.code != StatusCode.OK:
            raise RpcError.from_status(value.status, self.metadata)
        raise StopIteration

    def _return_credit(self):
        self._unacknowledged += 1
        if self._unacknowledged >= self._threshold:
            increment, self._unacknowledged = self._unacknowledged, 0
            self._client._grant(self._call, increment)

    def cancel(self):
        """Abandons the call: sends CANCEL; the server stops its handler."""
        if not self._finished:
            self._finished = True
            self._client._cancel(self._call)

    close = cancel

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.cancel()

    def __del__(self):
        # May run during garbage collection, even inside the client's locked sections.
        if not getattr(self, "_finished", True):
            self._finished = True
            try:
                self._client._abandon(self._call)
            except Exception:
                pass


class Client:
    """A connection to a Craftsman server.

        with Client("127.0.0.1", 7433) as client:
            reply = client.unary("craftsman.rpc.v1.EchoService", "Echo",
                                 builtin_pb2.EchoRequest(payload=b"hi"), builtin_pb2.EchoResponse)

    Arguments:
        host, port: a TCP endpoint; or unix_path: a Unix domain socket.
        connect_timeout: seconds for connecting and the handshake.
        metadata: sent with every call (for example {"authorization": "Bearer ..."}), before the
            call's own metadata.
        max_frame_size, initial_call_window: this client's limits, announced in SETTINGS.
    """

    def __init__(
        self,
        host="127.0.0.1",
        port=7433,
        *,
        unix_path=None,
        connect_timeout=10.0,
        metadata=None,
        max_frame_size=F.DEFAULT_MAX_FRAME_SIZE,
        initial_call_window=F.DEFAULT_INITIAL_CALL_WINDOW,
        agent=AGENT,
    ):
        self._default_metadata = _encode_metadata(metadata)
        self._max_frame_size = max_frame_size
        self._initial_call_window = initial_call_window
        self._lock = threading.Lock()  # calls, ids, limits, connection state
        self._slots = threading.Condition(self._lock)  # waits for a free call slot
        self._write_lock = threading.Lock()  # whole frames, one at a time
        self._calls = {}
        self._in_flight = 0
        self._next_id = 1
        self._closed = False
        self._lost = None  # why the connection is gone (an exception), once it is
        self.goaway = None  # the server's GoAway message, once received
        self._pings = {}
        self._orphans = collections.deque()  # calls of ServerStreams dropped unfinished
        self._schema = None
        # The server's limits: the defaults of section 7 until its SETTINGS arrive.
        self.server_settings = envelope_pb2.ConnectionSettings()
        self._peer_max_frame_size = F.DEFAULT_MAX_FRAME_SIZE
        self._peer_max_calls = F.DEFAULT_MAX_CONCURRENT_CALLS_BEFORE_SETTINGS
        self._peer_window = F.DEFAULT_INITIAL_CALL_WINDOW
        self._peer_max_metadata = F.DEFAULT_MAX_METADATA_BYTES

        if unix_path is not None:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(connect_timeout)
            try:
                sock.connect(unix_path)
            except BaseException:
                sock.close()
                raise
            self.endpoint = unix_path
        else:
            sock = socket.create_connection((host, port), timeout=connect_timeout)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.endpoint = "%s:%d" % (host, port)
        self._sock = sock
        self._rfile = sock.makefile("rb")
        try:
            self._handshake(agent)
        except BaseException:
            self._rfile.close()
            sock.close()
            raise
        sock.settimeout(None)
        self._reader = threading.Thread(target=self._read_loop, name="craftsman-reader %s" % self.endpoint, daemon=True)
        self._reader.start()

    # ----------------------------------------------------------------------------------------
    # Handshake and the reader thread

    def _handshake(self, agent):
        settings = envelope_pb2.ConnectionSettings(
            max_frame_size=self._max_frame_size, initial_call_window=self._initial_call_window, agent=agent
        )
        self._sock.sendall(F.PREFACE + F.encode(F.SETTINGS, 0, settings.SerializeToString()))
        try:
            preface = self._read_exact(F.PREFACE_SIZE)
        except EOFError:
            raise ProtocolError("%s closed the connection before sending a preface" % self.endpoint) from None
        if preface[:8] != F.MAGIC:
            raise ProtocolError(
                "%s is not a Craftsman server: its first bytes are %s, not the preface %s"
                % (self.endpoint, preface.hex(" "), F.MAGIC.hex(" "))
            )
        major, minor = preface[8], preface[9]
        self.server_version = (major, minor)
        if major != F.MAJOR_VERSION:
            reason = self._read_goaway_reason()
            raise ProtocolError(
                "%s speaks Craftsman protocol %d.%d; this client speaks %d.%d%s"
                % (self.endpoint, major, minor, F.MAJOR_VERSION, F.MINOR_VERSION, reason)
            )
        # The first frame must be SETTINGS; a GOAWAY here says why the server refuses us.
        try:
            length, call_id, frame_type, _ = F.HEADER.unpack(self._read_exact(F.HEADER_SIZE))
            if length > self._max_frame_size:
                raise ProtocolError("%s sent a %d-byte first frame" % (self.endpoint, length))
            payload = self._read_exact(length)
        except EOFError:
            raise ProtocolError("%s closed the connection during the handshake" % self.endpoint) from None
        if frame_type == F.GOAWAY:
            away = envelope_pb2.GoAway.FromString(payload)
            raise ProtocolError("%s refused the connection: %s" % (self.endpoint, RpcError.from_status(away.status)))
        if frame_type != F.SETTINGS or call_id != 0:
            raise ProtocolError(
                "%s sent %s on call %d as its first frame, not SETTINGS"
                % (self.endpoint, F.TYPE_NAMES.get(frame_type, hex(frame_type)), call_id)
            )
        self._apply_settings(envelope_pb2.ConnectionSettings.FromString(payload))

    def _read_goaway_reason(self):
        """Best effort: the message of the GOAWAY a server sends after refusing our version."""
        try:
            self._sock.settimeout(1.0)
            length, _, frame_type, _ = F.HEADER.unpack(self._read_exact(F.HEADER_SIZE))
            if frame_type == F.GOAWAY and length <= 65536:
                away = envelope_pb2.GoAway.FromString(self._read_exact(length))
                return " (server: %s)" % RpcError.from_status(away.status)
        except Exception:
            pass
        return ""

    def _read_exact(self, count):
        data = self._rfile.read(count) if count else b""
        if len(data) < count:
            raise EOFError("connection closed")
        return data

    def _apply_settings(self, settings):
        with self._lock:
            self.server_settings = settings
            self._peer_max_frame_size = settings.max_frame_size or F.DEFAULT_MAX_FRAME_SIZE
            self._peer_max_calls = settings.max_concurrent_calls or F.DEFAULT_MAX_CONCURRENT_CALLS
            self._peer_window = settings.initial_call_window or F.DEFAULT_INITIAL_CALL_WINDOW
            self._peer_max_metadata = settings.max_metadata_bytes or F.DEFAULT_MAX_METADATA_BYTES
            self._slots.notify_all()

    def _read_loop(self):
        reason = None
        try:
            while True:
                length, call_id, frame_type, flags = F.HEADER.unpack(self._read_exact(F.HEADER_SIZE))
                if length > self._max_frame_size:
                    self._send_goaway(
                        StatusCode.RESOURCE_EXHAUSTED,
                        "frame of %d bytes exceeds max_frame_size %d" % (length, self._max_frame_size),
                    )
                    raise ProtocolError("the server sent a %d-byte frame (our limit is %d)" % (length, self._max_frame_size))
                payload = self._read_exact(length)
                self._dispatch(call_id, frame_type, flags, payload)
        except BaseException as error:  # EOF, a socket error, a close(), a broken frame
            reason = error
        finally:
            self._connection_lost(reason)

    def _dispatch(self, call_id, frame_type, flags, payload):
        if frame_type == F.MESSAGE:
            call = self._calls.get(call_id)
            if call is None:
                return  # a call we cancelled or that timed out: frames in flight are ignored
            with call.cond:
                if call.ended:
                    return
                call.receive_window -= 1
                if call.receive_window < 0:
                    overrun = True
                else:
                    overrun = False
                    call.messages.append(payload)
                    call.cond.notify_all()
            if overrun:
                self._cancel(call, RpcError(StatusCode.RESOURCE_EXHAUSTED, "the server sent MESSAGE frames beyond the call's window"))
        elif frame_type == F.RESPONSE:
            with self._lock:
                call = self._calls.pop(call_id, None)
                if call is not None:
                    self._release_slot()
            if call is None:
                return
            trailer = envelope_pb2.ResponseTrailer.FromString(payload)
            with call.cond:
                if not call.ended:
                    call.trailer = trailer
                call.cond.notify_all()
        elif frame_type == F.WINDOW:
            call = self._calls.get(call_id)
            if call is not None and len(payload) == 4:
                with call.cond:
                    call.send_window += F.WINDOW_INCREMENT.unpack(payload)[0]
                    call.cond.notify_all()
        elif frame_type == F.PING:
            if flags & F.ACK:
                waiter = self._pings.pop(payload, None)
                if waiter is not None:
                    waiter.set()
            else:
                self._send(F.encode(F.PING, 0, payload, F.ACK))
        elif frame_type == F.GOAWAY:
            self._handle_goaway(envelope_pb2.GoAway.FromString(payload))
        elif frame_type == F.SETTINGS:
            self._apply_settings(envelope_pb2.ConnectionSettings.FromString(payload))
        # Any other type (including ones a later minor version adds) is ignored.

    def _handle_goaway(self, away):
        with self._lock:
            self.goaway = away
            unprocessed = [call for call_id, call in self._calls.items() if call_id > away.last_call_id]
            for call in unprocessed:
                del self._calls[call.id]
                self._release_slot()
            self._slots.notify_all()
        for call in unprocessed:
            call.fail(
                RpcError(
                    StatusCode.UNAVAILABLE,
                    "the server sent GOAWAY (%s) before processing call %d; retry on a new connection"
                    % (RpcError.from_status(away.status), call.id),
                )
            )

    def _connection_lost(self, reason):
        with self._lock:
            if self._lost is None:
                self._lost = reason if reason is not None else EOFError("connection closed")
            calls = list(self._calls.values())
            self._calls.clear()
            self._in_flight = 0
            self._slots.notify_all()
            closed = self._closed
        if closed:
            error = RpcError(StatusCode.CANCELLED, "the client closed the connection")
        else:
            error = RpcError(StatusCode.UNAVAILABLE, "connection to %s lost: %s" % (self.endpoint, self._describe_loss()))
        for call in calls:
            call.fail(error)
        for waiter in list(self._pings.values()):
            waiter.set()
        try:
            self._sock.close()
        except OSError:
            pass

    def _describe_loss(self):
        if self.goaway is not None:
            return "the server sent GOAWAY (%s)" % RpcError.from_status(self.goaway.status)
        if isinstance(self._lost, EOFError):
            return "the server closed it"
        return "%s: %s" % (type(self._lost).__name__, self._lost)

    # ----------------------------------------------------------------------------------------
    # Sending

    def _send(self, data):
        """Writes whole frames; raises UNAVAILABLE when the connection is gone."""
        try:
            with self._write_lock:
                self._sock.sendall(data)
        except OSError as error:
            raise RpcError(StatusCode.UNAVAILABLE, "connection to %s lost while sending: %s" % (self.endpoint, error)) from None

    def _send_goaway(self, code, message):
        away = envelope_pb2.GoAway(status=envelope_pb2.CallStatus(code=code, message=message))
        try:
            self._send(F.encode(F.GOAWAY, 0, away.SerializeToString()))
        except RpcError:
            pass

    def _release_slot(self):
        # Called with self._lock held.
        self._in_flight = max(0, self._in_flight - 1)
        self._slots.notify()

    def _abandon(self, call):
        """Cancels a dropped stream's call now if no lock is held, else at the next call's start."""
        self._orphans.append(call)
        if self._lock.acquire(blocking=False):
            self._lock.release()
            if self._write_lock.acquire(blocking=False):
                self._write_lock.release()
                self._reap()

    def _reap(self):
        while self._orphans:
            try:
                call = self._orphans.popleft()
            except IndexError:
                break
            self._cancel(call)

    def _check_usable(self):
        # Called with self._lock held.
        if self._closed:
            raise RpcError(StatusCode.CANCELLED, "the client is closed")
        if self.goaway is not None:
            raise RpcError(
                StatusCode.UNAVAILABLE,
                "the server sent GOAWAY (%s): it takes no new calls on this connection"
                % RpcError.from_status(self.goaway.status),
            )
        if self._lost is not None:
            raise RpcError(StatusCode.UNAVAILABLE, "connection to %s lost: %s" % (self.endpoint, self._describe_loss()))

    def _start(self, service, method, payload, end_stream, timeout, deadline, metadata):
        """Takes a call slot, then sends the REQUEST; returns the registered _Call."""
        if self._orphans:
            self._reap()
        with self._lock:
            while True:
                self._check_usable()
                if self._in_flight < self._peer_max_calls:
                    break
                if deadline is None:
                    self._slots.wait()
                else:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise RpcError(StatusCode.DEADLINE_EXCEEDED, "deadline passed waiting for a free call slot")
                    self._slots.wait(remaining)
            self._in_flight += 1
        call = None
        try:
            header = envelope_pb2.RequestHeader(service=service, method=method)
            header.metadata.extend(self._default_metadata)
            header.metadata.extend(_encode_metadata(metadata))
            if payload is not None:
                header.payload = payload
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise RpcError(StatusCode.DEADLINE_EXCEEDED, "deadline passed before the call started")
                header.timeout_micros = max(1, math.ceil(remaining * 1e6))
            encoded = header.SerializeToString()
            if len(encoded) > self._peer_max_frame_size:
                raise RpcError(
                    StatusCode.RESOURCE_EXHAUSTED,
                    "the request of %d bytes exceeds the server's max_frame_size %d" % (len(encoded), self._peer_max_frame_size),
                )
            flags = F.END_STREAM if end_stream else 0
            # The id is taken and the REQUEST written under the write lock, so ids reach the server
            # in increasing order even when several threads start calls at once.
            with self._write_lock:
                with self._lock:
                    self._check_usable()
                    if self._next_id > 0xFFFFFFFF:
                        raise RpcError(StatusCode.UNAVAILABLE, "call ids exhausted on this connection: open a new one")
                    call = _Call(self._next_id, self._peer_window, self._initial_call_window, timeout)
                    self._next_id += 1
                    self._calls[call.id] = call
                try:
                    self._sock.sendall(F.encode(F.REQUEST, call.id, encoded, flags))
                except OSError as error:
                    raise RpcError(
                        StatusCode.UNAVAILABLE, "connection to %s lost while sending: %s" % (self.endpoint, error)
                    ) from None
            return call
        except BaseException:
            with self._lock:
                if call is None or self._calls.pop(call.id, None) is not None:
                    self._release_slot()
            raise

    def _forget(self, call):
        """Removes a call from the table; True when it was still there."""
        with self._lock:
            if self._calls.pop(call.id, None) is None:
                return False
            self._release_slot()
            return True

    def _cancel(self, call, error=None):
        """Sends CANCEL for a call still open, forgets it, and ends it locally with `error`.

        The CANCEL is written before the call's slot is freed, so a call started with that slot
        cannot reach the server ahead of it (and exceed max_concurrent_calls there).
        """
        with self._lock:
            still_open = call.id in self._calls
        if still_open:
            try:
                self._send(F.encode(F.CANCEL, call.id))
            except RpcError:
                pass
            self._forget(call)
        call.fail(error or RpcError(StatusCode.CANCELLED, "the client cancelled the call"))

    def _expire(self, call):
        """The local deadline passed: cancel and raise DEADLINE_EXCEEDED."""
        error = RpcError(StatusCode.DEADLINE_EXCEEDED, "deadline of %g s exceeded (client)" % call.timeout)
        self._cancel(call, error)
        raise error

    def _grant(self, call, increment):
        """Sends WINDOW: the server may send `increment` more MESSAGE frames on the call."""
        with call.cond:
            if call.ended:
                return
            call.receive_window += increment
        try:
            self._send(F.encode_window(call.id, increment))
        except RpcError:
            pass  # the reader thread notices the loss and fails the call

    def _await_response(self, call, deadline, response_class, with_metadata):
        try:
            while True:
                event = call.next_event(deadline)
                if event is None:
                    self._expire(call)
                kind, value = event
                if kind == _TRAILER:
                    break
                # A MESSAGE frame on a call answered by RESPONSE: not in the protocol; ignored.
        except BaseException as error:
            if not isinstance(error, RpcError):
                self._cancel(call)  # KeyboardInterrupt and the like: do not leave the call open
            raise
        metadata = _decode_metadata(value.metadata)
        if value.status.code != StatusCode.OK:
            raise RpcError.from_status(value.status, metadata)
        response = _parse(response_class, value.payload)
        return (response, metadata) if with_metadata else response

    # ----------------------------------------------------------------------------------------
    # Calls

    def unary(self, service, method, request, response_class, timeout=None, metadata=None, with_metadata=False):
        """One request, one response.

        `request` is a protobuf message (or its encoded bytes); `response_class` the response's
        message class (None: return the encoded bytes). `timeout` in seconds covers the whole
        call; `metadata` is a dict or a list of (key, value) pairs. Returns the response, or
        (response, response_metadata) with with_metadata=True. Raises RpcError on a non-OK status.
        """
        deadline = _deadline(timeout)
        call = self._start(service, method, _serialize(request), True, timeout, deadline, metadata)
        return self._await_response(call, deadline, response_class, with_metadata)

    def server_stream(self, service, method, request, response_class, timeout=None, metadata=None):
        """One request, a stream of responses: returns a ServerStream (an iterator of responses).

        The REQUEST is sent at once. Iterate to receive; a non-OK status raises RpcError when
        the stream ends. Stop early with `stream.cancel()` (or break and let it go).
        """
        deadline = _deadline(timeout)
        call = self._start(service, method, _serialize(request), True, timeout, deadline, metadata)
        return ServerStream(self, call, response_class, deadline)

    def client_stream(self, service, method, requests, response_class, timeout=None, metadata=None, with_metadata=False):
        """A stream of requests (any iterable, consumed in this thread), one response.

        Sends REQUEST, then one MESSAGE per request with END_STREAM on the last (a REQUEST with
        END_STREAM and no payload when `requests` is empty), waiting for WINDOW credit when the
        server's window is used up. If the server answers before the stream is sent, sending
        stops and its answer is returned or raised.
        """
        deadline = _deadline(timeout)
        iterator = iter(requests)
        current = next(iterator, _END)
        call = self._start(service, method, None, current is _END, timeout, deadline, metadata)
        try:
            while current is not _END:
                following = next(iterator, _END)
                payload = _serialize(current)
                if len(payload) > self._peer_max_frame_size:
                    raise RpcError(
                        StatusCode.RESOURCE_EXHAUSTED,
                        "a request of %d bytes exceeds the server's max_frame_size %d" % (len(payload), self._peer_max_frame_size),
                    )
                credit = call.take_send_credit(deadline)
                if credit is None:
                    self._expire(call)
                if not credit:
                    break  # the server already ended the call: its RESPONSE says how
                flags = F.END_STREAM if following is _END else 0
                self._send(F.encode(F.MESSAGE, call.id, payload, flags))
                current = following
        except BaseException as error:
            # The requests iterable failed, a request was too large, or the connection broke.
            self._cancel(call, error if isinstance(error, RpcError) else None)
            raise
        return self._await_response(call, deadline, response_class, with_metadata)

    def ping(self, timeout=5.0):
        """Sends a PING and waits for its ACK; returns the round trip in seconds."""
        payload = os.urandom(8)
        waiter = threading.Event()
        self._pings[payload] = waiter
        started = time.monotonic()
        try:
            with self._lock:
                self._check_usable()
            self._send(F.encode(F.PING, 0, payload))
            if not waiter.wait(timeout):
                raise RpcError(StatusCode.DEADLINE_EXCEEDED, "no PING ACK within %g s" % timeout)
            with self._lock:
                self._check_usable()
        finally:
            self._pings.pop(payload, None)
        return time.monotonic() - started

    # ----------------------------------------------------------------------------------------
    # Built-in services and reflection

    def health(self, service="", timeout=None):
        """HealthService/Check: a craftsman.rpc.v1.ServingStatus value."""
        return self.unary(
            "craftsman.rpc.v1.HealthService", "Check", builtin_pb2.HealthCheckRequest(service=service),
            builtin_pb2.HealthCheckResponse, timeout=timeout,
        ).status

    def list_services(self, timeout=None):
        """ReflectionService/ListServices: a list of craftsman.rpc.v1.ServiceInfo."""
        return list(
            self.unary(
                "craftsman.rpc.v1.ReflectionService", "ListServices", builtin_pb2.ListServicesRequest(),
                builtin_pb2.ListServicesResponse, timeout=timeout,
            ).services
        )

    def reflect(self, timeout=None):
        """ReflectionService/GetSchema: the server's schema, as a Schema (also kept for call_by_name)."""
        from .reflection import Schema

        response = self.unary(
            "craftsman.rpc.v1.ReflectionService", "GetSchema", builtin_pb2.GetSchemaRequest(),
            builtin_pb2.GetSchemaResponse, timeout=timeout,
        )
        self._schema = Schema(response.file_descriptor_set)
        return self._schema

    def call_by_name(self, full_method, request=None, timeout=None, metadata=None, as_dict=False):
        """Calls any method by name, with message classes built from the server's schema.

        `full_method` is "package.Service/Method". `request` is a dict (field names as in the
        .proto or their JSON names; bytes fields take bytes, or base64 text as in JSON), a
        message, or None for an empty request; for client-streaming methods, an iterable of
        those. Returns the response message (a dict with as_dict=True); for server-streaming
        methods, a ServerStream of them. Reflects on first use.
        """
        from google.protobuf import json_format

        schema = self._schema or self.reflect(timeout=timeout)
        info = schema.method(full_method)
        input_class = schema.message_class(info.input_type)
        output_class = schema.message_class(info.output_type)
        transform = None
        if as_dict:
            def transform(message):
                return json_format.MessageToDict(message, preserving_proto_field_name=True)

        if info.client_streaming:
            requests = (schema.build(input_class, item) for item in (request or ()))
            response = self.client_stream(info.service, info.name, requests, output_class, timeout, metadata)
            return transform(response) if transform else response
        payload = schema.build(input_class, request)
        if info.server_streaming:
            deadline = _deadline(timeout)
            call = self._start(info.service, info.name, payload.SerializeToString(), True, timeout, deadline, metadata)
            return ServerStream(self, call, output_class, deadline, transform)
        response = self.unary(info.service, info.name, payload, output_class, timeout, metadata)
        return transform(response) if transform else response

    # ----------------------------------------------------------------------------------------
    # Lifetime

    @property
    def is_usable(self):
        """Whether new calls can start: not closed, connection up, no GOAWAY received."""
        with self._lock:
            return not self._closed and self.goaway is None and self._lost is None

    def close(self):
        """Closes the connection; calls still open end with CANCELLED."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        if threading.current_thread() is not self._reader:
            self._reader.join(5)
        try:
            self._rfile.close()
            self._sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return "<craftsman_client.Client %s %s>" % (self.endpoint, "open" if self.is_usable else "closed")
