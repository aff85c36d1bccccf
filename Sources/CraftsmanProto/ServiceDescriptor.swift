/// One RPC method of a service in `proto/`, as the schema declares it.
///
/// Its fields live in one shared, immutable box: servers copy a call's descriptor into its
/// context and its stats record, and a copy costs one reference count instead of one per string.
public struct MethodDescriptor: Hashable, Sendable, CustomStringConvertible {
    private final class Storage: Sendable {
        let service: String
        let name: String
        let inputType: String
        let outputType: String
        let clientStreaming: Bool
        let serverStreaming: Bool
        let fullName: String
        let requestEnvelopePrefix: [UInt8]?

        init(
            service: String, name: String, inputType: String, outputType: String, clientStreaming: Bool,
            serverStreaming: Bool
        ) {
            self.service = service
            self.name = name
            self.inputType = inputType
            self.outputType = outputType
            self.clientStreaming = clientStreaming
            self.serverStreaming = serverStreaming
            fullName = "\(service)/\(name)"
            requestEnvelopePrefix = EnvelopeCodec.requestPrefix(service: service, method: name)
        }
    }

    private let storage: Storage

    /// The fully qualified service name, for example `craftsman.v1.RegistryService`.
    public var service: String { storage.service }
    /// The method's name within the service, for example `CreateTeacher`.
    public var name: String { storage.name }
    /// The fully qualified name of the request message.
    public var inputType: String { storage.inputType }
    /// The fully qualified name of the response message (of each item, when streaming).
    public var outputType: String { storage.outputType }
    /// Whether the client sends a stream of requests.
    public var clientStreaming: Bool { storage.clientStreaming }
    /// Whether the server answers with a stream of responses.
    public var serverStreaming: Bool { storage.serverStreaming }

    /// Creates a descriptor; generated code is the usual caller.
    public init(
        service: String,
        name: String,
        inputType: String,
        outputType: String,
        clientStreaming: Bool,
        serverStreaming: Bool
    ) {
        storage = Storage(
            service: service, name: name, inputType: inputType, outputType: outputType, clientStreaming: clientStreaming,
            serverStreaming: serverStreaming)
    }

    /// `service/method`, the method's name in logs, stats and access rules. Stored: it is read on
    /// every call.
    public var fullName: String { storage.fullName }

    /// The `service` and `method` fields that begin every `RequestHeader` of this method, encoded
    /// once (nil when a name holds NUL and the generic path must decide).
    var requestEnvelopePrefix: [UInt8]? { storage.requestEnvelopePrefix }

    public var description: String { fullName }

    public static func == (lhs: MethodDescriptor, rhs: MethodDescriptor) -> Bool {
        lhs.storage === rhs.storage
            || (lhs.service == rhs.service && lhs.name == rhs.name && lhs.inputType == rhs.inputType
                && lhs.outputType == rhs.outputType && lhs.clientStreaming == rhs.clientStreaming
                && lhs.serverStreaming == rhs.serverStreaming)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(service)
        hasher.combine(name)
        hasher.combine(inputType)
        hasher.combine(outputType)
        hasher.combine(clientStreaming)
        hasher.combine(serverStreaming)
    }
}

/// A service in `proto/` with its methods, in declaration order.
public struct ServiceDescriptor: Hashable, Sendable {
    /// The fully qualified service name.
    public let name: String
    /// The methods in the order the schema declares them.
    public let methods: [MethodDescriptor]

    /// Creates a descriptor; generated code is the usual caller.
    public init(name: String, methods: [MethodDescriptor]) {
        self.name = name
        self.methods = methods
    }
}

/// A method with its request and response types, so handlers and clients can be typed.
public protocol ProtoMethod: Sendable {
    /// The request message (each request, when the client streams).
    associatedtype Input: ProtoMessage
    /// The response message (each response, when the server streams).
    associatedtype Output: ProtoMessage
    /// The method as the schema declares it.
    static var descriptor: MethodDescriptor { get }
}
