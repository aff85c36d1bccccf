"""A Python client for Craftsman's binary RPC protocol (docs/PROTOCOL.md).

Stdlib and protobuf only. Put clients/python on sys.path: this package imports the generated
modules under craftsman/ that live beside it.

    from craftsman_client import Client, RpcError
    from craftsman.rpc.v1 import builtin_pb2

    with Client("127.0.0.1", 7433) as client:
        reply = client.unary("craftsman.rpc.v1.EchoService", "Echo",
                             builtin_pb2.EchoRequest(payload=b"hi"), builtin_pb2.EchoResponse,
                             timeout=2.0)
"""

from .client import AGENT, Client, ServerStream
from .errors import ProtocolError, RpcError, StatusCode, code_name
from .frames import MAJOR_VERSION, MINOR_VERSION

__all__ = [
    "AGENT", "Client", "ServerStream", "ProtocolError", "RpcError", "StatusCode", "code_name",
    "MAJOR_VERSION", "MINOR_VERSION",
]
