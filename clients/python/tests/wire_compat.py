#!/usr/bin/python3
"""Wire compatibility between the Swift/protobuf-c message layer and Python's protobuf.

Driven by Tests/CraftsmanProtoTests/WireCompatibilityTests.swift, in two steps over one folder:

  wire_compat.py from-swift DIR
      Reads DIR/swift-examples/<message>/<seed>.bin (Swift examples with every field set),
      checks that Python sees every field set, and writes Python's re-encoding to
      DIR/python-reencoded/. Writes Python's own random messages to DIR/python-random/, and the
      hand-written fixtures to DIR/fixtures/python/; checks that DIR/fixtures/swift/ (the same
      fixtures, written in Swift) decode to exactly the values written here.
  wire_compat.py to-swift DIR
      Reads DIR/swift-reencoded/ (Swift's re-encoding of python-random) and checks that every
      message equals the one Python generated.

Exits non-zero, naming the message and the field, on the first difference.
"""

import importlib
import math
import random
import struct
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from google.protobuf import descriptor as d  # noqa: E402
from google.protobuf import descriptor_pb2  # noqa: E402

import fixtures  # noqa: E402



def seeds(cls):
    """The same rule as ExampleSource.coveringSeeds in Swift: enough seeds to set every oneof member."""
    return range(max([8] + [len(o.fields) for o in cls.DESCRIPTOR.oneofs]))
FRAGMENTS = ["a", "Li", "李", "明", "朝阳区", "技师", "工匠", "🧰", "ü", "a\u0301", "\U0010FFFF", "'", "\n"]


def message_classes():
    classes = {}
    root = Path(__file__).resolve().parent.parent
    for path in sorted((root / "craftsman").rglob("*_pb2.py")):
        module = importlib.import_module(".".join(path.relative_to(root).with_suffix("").parts))
        for name, descriptor in module.DESCRIPTOR.message_types_by_name.items():
            classes[descriptor.full_name] = getattr(module, name)
    return classes


def fail(text):
    sys.exit(f"wire_compat: {text}")


def random_value(field, rng):
    t = field.type
    if t in (d.FieldDescriptor.TYPE_INT32, d.FieldDescriptor.TYPE_SINT32, d.FieldDescriptor.TYPE_SFIXED32):
        return rng.choice([rng.randint(-2**31, 2**31 - 1), -2**31, 2**31 - 1, -1]) or 1
    if t in (d.FieldDescriptor.TYPE_INT64, d.FieldDescriptor.TYPE_SINT64, d.FieldDescriptor.TYPE_SFIXED64):
        return rng.choice([rng.randint(-2**63, 2**63 - 1), -2**63, 2**63 - 1]) or 1
    if t in (d.FieldDescriptor.TYPE_UINT32, d.FieldDescriptor.TYPE_FIXED32):
        return rng.randint(1, 2**32 - 1)
    if t in (d.FieldDescriptor.TYPE_UINT64, d.FieldDescriptor.TYPE_FIXED64):
        return rng.choice([rng.randint(1, 2**64 - 1), 2**64 - 1])
    if t == d.FieldDescriptor.TYPE_FLOAT:
        return struct.unpack("<f", struct.pack("<f", rng.uniform(-1e6, 1e6) or 0.5))[0]
    if t == d.FieldDescriptor.TYPE_DOUBLE:
        return rng.choice([rng.uniform(-1e12, 1e12), 1e-300, -1.5e300]) or 0.5
    if t == d.FieldDescriptor.TYPE_BOOL:
        return True
    if t == d.FieldDescriptor.TYPE_STRING:
        return "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 6)))
    if t == d.FieldDescriptor.TYPE_BYTES:
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 20)))
    if t == d.FieldDescriptor.TYPE_ENUM:
        return rng.choice([v.number for v in field.enum_type.values if v.number != 0])
    raise AssertionError(f"unexpected type {t} of {field.full_name}")


def fill(message, rng, variant):
    """Sets every field of `message` (one member per oneof, chosen by `variant`) to a non-default value."""
    descriptor = message.DESCRIPTOR
    chosen = {o.name: o.fields[variant % len(o.fields)].name for o in descriptor.oneofs}
    for field in descriptor.fields:
        if field.containing_oneof and chosen[field.containing_oneof.name] != field.name:
            continue
        if field.label == d.FieldDescriptor.LABEL_REPEATED:
            container = getattr(message, field.name)
            for _ in range(rng.randint(1, 3)):
                if field.type == d.FieldDescriptor.TYPE_MESSAGE:
                    fill(container.add(), rng, variant)
                else:
                    container.append(random_value(field, rng))
        elif field.type == d.FieldDescriptor.TYPE_MESSAGE:
            sub = getattr(message, field.name)
            sub.SetInParent()
            fill(sub, rng, variant)
        else:
            setattr(message, field.name, random_value(field, rng))


def check_all_set(message, path):
    """Fails unless every field outside oneofs holds a non-default value and every oneof has a member."""
    descriptor = message.DESCRIPTOR
    for oneof in descriptor.oneofs:
        if message.WhichOneof(oneof.name) is None:
            fail(f"{path}: oneof {oneof.name} arrived unset")
    for field in descriptor.fields:
        name = f"{path}.{field.name}"
        if field.containing_oneof:
            if message.WhichOneof(field.containing_oneof.name) != field.name:
                continue
        if field.label == d.FieldDescriptor.LABEL_REPEATED:
            values = getattr(message, field.name)
            if len(values) == 0:
                fail(f"{name}: repeated field arrived empty")
            if field.type == d.FieldDescriptor.TYPE_MESSAGE:
                for index, value in enumerate(values):
                    check_all_set(value, f"{name}[{index}]")
        elif field.type == d.FieldDescriptor.TYPE_MESSAGE:
            if not message.HasField(field.name):
                fail(f"{name}: message field arrived unset")
            check_all_set(getattr(message, field.name), name)
        elif not field.containing_oneof:
            value = getattr(message, field.name)
            if value == field.default_value and not (isinstance(value, float) and math.copysign(1, value) < 0):
                fail(f"{name}: arrived as the default {value!r}")


def parse(cls, path):
    message = cls()
    message.ParseFromString(path.read_bytes())
    return message


def from_swift(folder):
    classes = message_classes()
    examples = folder / "swift-examples"
    seen = sorted(p.name for p in examples.iterdir())
    missing = sorted(set(classes) - set(seen))
    if missing:
        fail(f"Swift wrote no examples for {missing}")
    checked = 0
    for name in seen:
        if name not in classes:
            fail(f"Swift wrote {name}, which Python's generated code does not know")
        members_seen = set()
        paths = sorted((examples / name).iterdir())
        if len(paths) != len(seeds(classes[name])):
            fail(f"{name}: Swift wrote {len(paths)} examples, expected {len(seeds(classes[name]))}")
        for path in paths:
            message = parse(classes[name], path)
            check_all_set(message, f"{name} (seed {path.stem})")
            members_seen.update(message.WhichOneof(o.name) for o in message.DESCRIPTOR.oneofs)
            out = folder / "python-reencoded" / name / path.name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(message.SerializeToString())
            checked += 1
        never = [f.full_name for o in classes[name].DESCRIPTOR.oneofs for f in o.fields if f.name not in members_seen]
        if never:
            fail(f"{name}: no Swift example set the oneof members {never}")
    for name, cls in classes.items():
        for seed in seeds(cls):
            message = cls()
            fill(message, random.Random(f"{name}/{seed}"), seed)
            out = folder / "python-random" / name / f"{seed}.bin"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(message.SerializeToString())
    schema = descriptor_pb2.FileDescriptorSet()
    schema.ParseFromString((folder / "embedded-schema.bin").read_bytes())
    described = {f"{f.package}.{m.name}" for f in schema.file for m in f.message_type}
    if described != set(classes):
        fail(f"the schema embedded in Swift differs from the Python modules: {sorted(described ^ set(classes))}")
    if not any(location.leading_comments for f in schema.file for location in f.source_code_info.location):
        fail("the schema embedded in Swift carries no comments")
    expected = fixtures.build()
    for key, message in expected.items():
        out = folder / "fixtures" / "python" / f"{key}.bin"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(message.SerializeToString())
        swift_path = folder / "fixtures" / "swift" / f"{key}.bin"
        if not swift_path.exists():
            fail(f"Swift wrote no fixture {key}")
        decoded = parse(type(message), swift_path)
        if decoded != message:
            fail(f"fixture {key}: Swift encoded\n{decoded}\nbut the fixture is\n{message}")
    print(f"wire_compat: Python decoded {checked} Swift examples of {len(seen)} messages with every field set, "
          f"{len(expected)} Swift fixtures with the exact values, and the embedded schema of {len(schema.file)} files")


def to_swift(folder):
    classes = message_classes()
    compared = 0
    for name, cls in classes.items():
        for seed in seeds(cls):
            expected = cls()
            fill(expected, random.Random(f"{name}/{seed}"), seed)
            path = folder / "swift-reencoded" / name / f"{seed}.bin"
            if not path.exists():
                fail(f"Swift did not re-encode {name} seed {seed}")
            decoded = parse(cls, path)
            if decoded != expected:
                fail(f"{name} seed {seed}: after a trip through Swift\n{decoded}\ndiffers from\n{expected}")
            compared += 1
    print(f"wire_compat: {compared} Python messages came back from Swift unchanged")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("from-swift", "to-swift"):
        sys.exit(__doc__)
    (from_swift if sys.argv[1] == "from-swift" else to_swift)(Path(sys.argv[2]))
