"""Status codes and the errors the client raises (docs/PROTOCOL.md, section 5)."""

import enum


class StatusCode(enum.IntEnum):
    """The canonical status codes (the same numbers as gRPC)."""

    OK = 0
    CANCELLED = 1
    UNKNOWN = 2
    INVALID_ARGUMENT = 3
    DEADLINE_EXCEEDED = 4
    NOT_FOUND = 5
    ALREADY_EXISTS = 6
    PERMISSION_DENIED = 7
    RESOURCE_EXHAUSTED = 8
    FAILED_PRECONDITION = 9
    ABORTED = 10
    OUT_OF_RANGE = 11
    UNIMPLEMENTED = 12
    INTERNAL = 13
    UNAVAILABLE = 14
    DATA_LOSS = 15
    UNAUTHENTICATED = 16


def code_name(code):
    """The name of a status code, or "CODE_<n>" for a number this client does not know."""
    try:
        return StatusCode(code).name
    except ValueError:
        return "CODE_%d" % code


class RpcError(Exception):
    """A call that ended with a status other than OK.

    Attributes:
        code: the status code, an int (compare with StatusCode members).
        code_name: its name, for example "INVALID_ARGUMENT".
        message: the server's (or the client library's) sentence.
        field_violations: a list of craftsman.rpc.v1.FieldViolation messages.
        retry_after_ms: from a RetryInfo detail, or None.
        details: every craftsman.rpc.v1.StatusDetail, as received.
        metadata: the response metadata, a list of (key, value) pairs.
    """

    def __init__(self, code, message="", field_violations=(), details=(), retry_after_ms=None, metadata=()):
        self.code = int(code)
        self.code_name = code_name(self.code)
        self.message = message
        self.field_violations = list(field_violations)
        self.details = list(details)
        self.retry_after_ms = retry_after_ms
        self.metadata = list(metadata)
        super().__init__(str(self))

    def __str__(self):
        text = "%s: %s" % (self.code_name, self.message)
        if self.field_violations:
            text += " [" + "; ".join(
                "%s=%r breaks %r" % (v.field, v.value, v.rule) for v in self.field_violations
            ) + "]"
        return text

    @classmethod
    def from_status(cls, status, metadata=()):
        """An RpcError from a craftsman.rpc.v1.CallStatus message."""
        violations = []
        retry = None
        for detail in status.details:
            kind = detail.WhichOneof("kind")
            if kind == "field_violation":
                violations.append(detail.field_violation)
            elif kind == "retry_info":
                retry = detail.retry_info.retry_after_ms
        return cls(status.code, status.message, violations, status.details, retry, metadata)


class ProtocolError(ConnectionError):
    """The peer is not a Craftsman server, speaks another major version, or broke the protocol."""
