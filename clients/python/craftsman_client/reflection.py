"""The server's schema (ReflectionService/GetSchema) as a descriptor pool and message classes."""

import base64
import collections

from google.protobuf import descriptor, descriptor_pb2, descriptor_pool, json_format, message_factory
from google.protobuf import message as _message

from .errors import RpcError, StatusCode

MethodSchema = collections.namedtuple(
    "MethodSchema", "service name input_type output_type client_streaming server_streaming comment"
)
MethodSchema.__doc__ = "One method: fully qualified service and message names, its shape, its comment."


class Schema:
    """Message classes and methods from a serialized google.protobuf.FileDescriptorSet.

    Attributes:
        pool: the DescriptorPool holding every file of the set.
        methods: {"package.Service/Method": MethodSchema}.
    """

    def __init__(self, file_descriptor_set):
        files = descriptor_pb2.FileDescriptorSet.FromString(file_descriptor_set)
        self.pool = descriptor_pool.DescriptorPool()
        self._classes = {}
        self._factory = None if hasattr(message_factory, "GetMessageClass") else message_factory.MessageFactory(self.pool)
        protos = {proto.name: proto for proto in files.file}
        added = set()

        def add(name, chain=()):
            if name in added:
                return
            if name in chain:
                raise ValueError("the schema's imports form a cycle: %s" % " → ".join(chain + (name,)))
            proto = protos.get(name)
            if proto is None:
                # An import the set leaves out: a well-known type this protobuf library ships.
                proto = descriptor_pb2.FileDescriptorProto()
                descriptor_pool.Default().FindFileByName(name).CopyToProto(proto)
            for dependency in proto.dependency:
                add(dependency, chain + (name,))
            self.pool.Add(proto)
            added.add(name)

        for proto in files.file:
            add(proto.name)

        self.methods = {}
        for proto in files.file:
            comments = _comments(proto)
            prefix = proto.package + "." if proto.package else ""
            for s_index, service in enumerate(proto.service):
                for m_index, method in enumerate(service.method):
                    key = "%s%s/%s" % (prefix, service.name, method.name)
                    self.methods[key] = MethodSchema(
                        service=prefix + service.name,
                        name=method.name,
                        input_type=method.input_type.lstrip("."),
                        output_type=method.output_type.lstrip("."),
                        client_streaming=method.client_streaming,
                        server_streaming=method.server_streaming,
                        comment=comments.get((6, s_index, 2, m_index), ""),
                    )

    @property
    def services(self):
        """The fully qualified service names, sorted."""
        return sorted({m.service for m in self.methods.values()})

    def method(self, full_method):
        """The MethodSchema of "package.Service/Method"; RpcError UNIMPLEMENTED when absent."""
        try:
            return self.methods[full_method]
        except KeyError:
            raise RpcError(
                StatusCode.UNIMPLEMENTED, "%r is not in the server's schema (expected \"package.Service/Method\")" % full_method
            ) from None

    def message_class(self, full_name):
        """The message class of a fully qualified message name, for example "craftsman.rpc.v1.EchoRequest"."""
        cls = self._classes.get(full_name)
        if cls is None:
            desc = self.pool.FindMessageTypeByName(full_name)
            if self._factory is None:
                cls = message_factory.GetMessageClass(desc)
            else:
                cls = self._factory.GetPrototype(desc)
            self._classes[full_name] = cls
        return cls

    def build(self, message_class, value):
        """A message of message_class from a dict (JSON mapping; bytes fields also take bytes), a message, or None."""
        if value is None:
            return message_class()
        if isinstance(value, _message.Message):
            if value.DESCRIPTOR.full_name != message_class.DESCRIPTOR.full_name:
                raise TypeError("expected %s, got %s" % (message_class.DESCRIPTOR.full_name, value.DESCRIPTOR.full_name))
            return message_class.FromString(value.SerializeToString())
        if isinstance(value, dict):
            return json_format.ParseDict(_jsonable(value, message_class.DESCRIPTOR), message_class())
        raise TypeError("a request must be a dict, a message or None, not %s" % type(value).__name__)


def _jsonable(value, message_descriptor):
    """`value` (a dict for message_descriptor) with bytes values of bytes fields turned into base64 text."""
    if not isinstance(value, dict):
        return value
    fields = dict(message_descriptor.fields_by_name)
    fields.update({f.json_name: f for f in message_descriptor.fields})
    result = {}
    for key, item in value.items():
        field = fields.get(key)
        if field is not None:
            item = _jsonable_field(item, field)
        result[key] = item
    return result


def _jsonable_field(item, field):
    if field.message_type is not None and field.message_type.GetOptions().map_entry:
        value_field = field.message_type.fields_by_name["value"]
        if isinstance(item, dict):
            return {k: _jsonable_value(v, value_field) for k, v in item.items()}
        return item
    if field.label == descriptor.FieldDescriptor.LABEL_REPEATED and isinstance(item, (list, tuple)):
        return [_jsonable_value(v, field) for v in item]
    return _jsonable_value(item, field)


def _jsonable_value(item, field):
    if field.type == descriptor.FieldDescriptor.TYPE_BYTES and isinstance(item, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(item)).decode("ascii")
    if field.message_type is not None:
        return _jsonable(item, field.message_type)
    return item


def _comments(file_proto):
    """{location path tuple: leading comment} from a file's source_code_info."""
    return {
        tuple(location.path): location.leading_comments.strip()
        for location in file_proto.source_code_info.location
        if location.leading_comments
    }
