"""Crash test: no acknowledged write is ever lost.

Starts craftsmand on a data directory, runs concurrent writers (each on its own connection)
that record every teacher creation the server acknowledged, kills the server with SIGKILL at a
random moment, and restarts it. After every restart it checks that

  * every acknowledged write is there, with the name it was written with;
  * the state is consistent: teacher ids run T00000001..Tn without a gap, the recovered state's
    digest equals the digest `craftsmand verify` computes offline from the same snapshot and
    journal, and verify finds the directory sound.

Now and then a snapshot is requested during the load, so that crashes also land while snapshots
are written and old journal segments removed.
"""
import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "clients", "python"))

from craftsman_client.client import Client  # noqa: E402
from craftsman_client.errors import RpcError  # noqa: E402
from craftsman.v1 import admin_pb2, common_pb2, registry_pb2, registry_service_pb2  # noqa: E402

REGISTRY = "craftsman.v1.RegistryService"
ADMIN = "craftsman.v1.AdminService"


class Server:
    def __init__(self, binary, data_dir, log_path, extra_args=()):
        self.log = open(log_path, "ab")
        self.process = subprocess.Popen(
            [binary, "--listen", "127.0.0.1:0", "--data-dir", data_dir, "--log-level", "warning", *extra_args],
            stdout=subprocess.PIPE, stderr=self.log)
        line = self.process.stdout.readline().decode()
        match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
        if not match:
            self.process.kill()
            raise SystemExit("crash-test: craftsmand did not start: %r (see %s)" % (line, log_path))
        self.port = int(match.group(1))
        SERVERS.append(self)
        threading.Thread(target=self.process.stdout.read, daemon=True).start()

    def kill(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.log.close()


def teacher_input(school_id, name):
    return registry_pb2.TeacherInput(
        school_id=school_id, name=name, birth_date=common_pb2.CivilDate(year=1985, month=6, day=15),
        highest_education=common_pb2.EDUCATION_LEVEL_BACHELOR,
        teaching_start_date=common_pb2.CivilDate(year=2009, month=9, day=1),
        title_rank=common_pb2.TITLE_RANK_INTERMEDIATE, skill_level=common_pb2.SKILL_LEVEL_TECHNICIAN,
        course_kind=common_pb2.COURSE_KIND_PROFESSIONAL, subject_taught="数控加工", employed_in_post=True)


def writer(port, school_id, run, number, acknowledged, lock, stop):
    """Creates teachers until the connection dies; records each acknowledged (id, name)."""
    try:
        client = Client(port=port)
    except OSError:
        return
    k = 0
    while not stop.is_set():
        name = "压测-%d-%d-%d" % (run, number, k)
        k += 1
        try:
            response = client.unary(REGISTRY, "CreateTeacher", registry_service_pb2.CreateTeacherRequest(
                teacher=teacher_input(school_id, name)), registry_service_pb2.CreateTeacherResponse, timeout=10)
        except (RpcError, OSError, ConnectionError, EOFError):
            return  # the server is gone: this write was not acknowledged
        except Exception:  # any failure of the client after the kill counts as not acknowledged
            return
        with lock:
            acknowledged[response.teacher.id] = name


def verify(binary, data_dir):
    result = subprocess.run([binary, "verify", "--data-dir", data_dir], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit("crash-test: craftsmand verify found damage:\n%s%s" % (result.stdout, result.stderr))
    return re.search(r"state digest: (\S+)", result.stdout).group(1)


def check(server, acknowledged, expected_digest):
    """Returns how many acknowledged writes were checked; exits on any loss or inconsistency."""
    client = Client(port=server.port)
    info = client.unary(ADMIN, "GetServerInfo", admin_pb2.GetServerInfoRequest(include_state_digest=True),
                        admin_pb2.GetServerInfoResponse).info
    if info.state_digest != expected_digest:
        raise SystemExit("crash-test: the server recovered %s, verify rebuilt %s" % (info.state_digest, expected_digest))
    stored = {}
    for teacher in client.server_stream(REGISTRY, "StreamTeachers", registry_service_pb2.StreamTeachersRequest(),
                                        registry_pb2.Teacher, timeout=60):
        stored[teacher.id] = teacher.name
    ids = sorted(stored)
    if ids != ["T%08d" % n for n in range(1, len(ids) + 1)]:
        raise SystemExit("crash-test: teacher ids are not T00000001..T%08d without gaps" % len(ids))
    if info.counts.teachers != len(ids):
        raise SystemExit("crash-test: GetServerInfo counts %d teachers, the stream %d" % (info.counts.teachers, len(ids)))
    lost = [(i, n) for i, n in acknowledged.items() if stored.get(i) != n]
    if lost:
        raise SystemExit("crash-test: %d acknowledged writes lost or changed, e.g. %s" % (len(lost), lost[:5]))
    client.close()
    return len(acknowledged)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("crashes", type=int, nargs="?", default=20, help="how many times to kill the server")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "craftsmand"))
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    parser.add_argument("--server-arg", action="append", default=[], metavar="ARG",
                        help="one more argument for craftsmand, repeatable: "
                             "--server-arg=--journal-segment-mb --server-arg=1")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    work = tempfile.mkdtemp(prefix="craftsman-crash-")
    data_dir = os.path.join(work, "data")
    log_path = os.path.join(work, "craftsmand.log")
    acknowledged = {}
    lock = threading.Lock()
    print("crash-test: %d crashes, %d writers, seed %d, data in %s%s" % (
        args.crashes, args.writers, seed, data_dir, "".join(" " + arg for arg in args.server_arg)))
    server = Server(args.binary, data_dir, log_path, args.server_arg)
    try:
        run_crashes(args, rng, server, data_dir, log_path, acknowledged, lock)
    finally:
        SERVERS[-1].kill()
    if args.keep:
        print("crash-test: kept %s" % work)
    else:
        shutil.rmtree(work)


SERVERS = []


def run_crashes(args, rng, server, data_dir, log_path, acknowledged, lock):
    checked = 0
    snapshots = 0
    started = time.time()
    school = Client(port=server.port).unary(
        REGISTRY, "CreateSchool", registry_service_pb2.CreateSchoolRequest(
            school=registry_pb2.SchoolInput(name="崩溃测试技工学校", district="海淀区")),
        registry_service_pb2.CreateSchoolResponse).school
    for run in range(1, args.crashes + 1):
        stop = threading.Event()
        threads = [threading.Thread(target=writer, args=(server.port, school.id, run, n, acknowledged, lock, stop))
                   for n in range(args.writers)]
        for thread in threads:
            thread.start()
        time.sleep(rng.uniform(0.05, 1.0))
        if rng.random() < 0.3:
            try:
                Client(port=server.port).unary(ADMIN, "TakeSnapshot", admin_pb2.TakeSnapshotRequest(reason="crash test"),
                                               admin_pb2.TakeSnapshotResponse, timeout=30)
                snapshots += 1
            except Exception:
                pass
            time.sleep(rng.uniform(0.0, 0.3))
        server.kill()
        stop.set()
        for thread in threads:
            thread.join()
        digest = verify(args.binary, data_dir)
        server = Server(args.binary, data_dir, log_path, args.server_arg)
        checked += check(server, acknowledged, digest)
        print("crash-test: crash %d/%d: %d acknowledged writes so far, all present" % (run, args.crashes, len(acknowledged)))
    print("crash-test: %d crashes survived, %d snapshots during load, %d acknowledged writes, %d write checks, "
          "0 writes lost, in %.0f s" % (args.crashes, snapshots, len(acknowledged), checked, time.time() - started))


if __name__ == "__main__":
    main()
