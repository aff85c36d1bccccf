"""Small admin calls for the persistence benchmark: admin.py PORT snapshot | info."""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "clients", "python"))

from craftsman_client.client import Client  # noqa: E402
from craftsman.v1 import admin_pb2  # noqa: E402

port, command = int(sys.argv[1]), sys.argv[2]
client = Client(port=port)
if command == "snapshot":
    snapshot = client.unary("craftsman.v1.AdminService", "TakeSnapshot", admin_pb2.TakeSnapshotRequest(reason="benchmark"),
                            admin_pb2.TakeSnapshotResponse, timeout=120).snapshot
    print(json.dumps({"file": snapshot.file_name, "bytes": snapshot.size_bytes, "duration_ms": snapshot.duration_ms}))
elif command == "info":
    info = client.unary("craftsman.v1.AdminService", "GetServerInfo", admin_pb2.GetServerInfoRequest(),
                        admin_pb2.GetServerInfoResponse).info
    print(json.dumps({"teachers": info.counts.teachers, "schools": info.counts.schools, "sequence": info.journal_sequence}))
else:
    raise SystemExit("usage: admin.py PORT snapshot|info")
