"""Preface, frame header and frame types (docs/PROTOCOL.md, sections 2 and 3)."""

import struct

MAGIC = b"\x89CRAFT\r\n"
MAJOR_VERSION = 1
MINOR_VERSION = 0
PREFACE = MAGIC + bytes([MAJOR_VERSION, MINOR_VERSION])
PREFACE_SIZE = len(PREFACE)

HEADER = struct.Struct(">IIBB")  # payload length, call id, type, flags
HEADER_SIZE = HEADER.size  # 10

# Frame types.
SETTINGS = 0x01
REQUEST = 0x02
MESSAGE = 0x03
RESPONSE = 0x04
CANCEL = 0x05
WINDOW = 0x06
PING = 0x07
GOAWAY = 0x08

TYPE_NAMES = {
    SETTINGS: "SETTINGS", REQUEST: "REQUEST", MESSAGE: "MESSAGE", RESPONSE: "RESPONSE",
    CANCEL: "CANCEL", WINDOW: "WINDOW", PING: "PING", GOAWAY: "GOAWAY",
}

# Flags.
END_STREAM = 0x01
ACK = 0x02

# Defaults (section 7) that hold until the peer's SETTINGS say otherwise; 0 in SETTINGS means these.
DEFAULT_MAX_FRAME_SIZE = 4 * 1024 * 1024
DEFAULT_MAX_CONCURRENT_CALLS_BEFORE_SETTINGS = 100
DEFAULT_MAX_CONCURRENT_CALLS = 256
DEFAULT_INITIAL_CALL_WINDOW = 64
DEFAULT_MAX_METADATA_BYTES = 8192

WINDOW_INCREMENT = struct.Struct(">I")


def encode(frame_type, call_id=0, payload=b"", flags=0):
    """One frame: the 10-byte header and the payload."""
    return HEADER.pack(len(payload), call_id, frame_type, flags) + payload


def encode_window(call_id, increment):
    return encode(WINDOW, call_id, WINDOW_INCREMENT.pack(increment))
