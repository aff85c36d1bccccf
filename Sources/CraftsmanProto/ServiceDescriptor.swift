/// One RPC method of a service in `proto/`, as the schema declares it.
public struct MethodDescriptor: Hashable, Sendable, CustomStringConvertible {
    /// The fully qualified service name, for example `craftsman.v1.RegistryService`.
    public let service: String
    /// The method's name within the service, for example `CreateTeacher`.
    public let name: String
    /// The fully qualified name of the request message.
    public let inputType: String
    /// The fully qualified name of the response message (of each item, when streaming).
    public let outputType: String
    /// Whether the client sends a stream of requests.
    public let clientStreaming: Bool
    /// Whether the server answers with a stream of responses.
    public let serverStreaming: Bool

    /// Creates a descriptor; generated code is the usual caller.
    public init(
        service: String,
        name: String,
        inputType: String,
        outputType: String,
        clientStreaming: Bool,
        serverStreaming: Bool
    ) {
        self.service = service
        self.name = name
        self.inputType = inputType
        self.outputType = outputType
        self.clientStreaming = clientStreaming
        self.serverStreaming = serverStreaming
        fullName = "\(service)/\(name)"
    }

    /// `service/method`, the method's name in logs, stats and access rules. Stored: it is read on
    /// every call.
    public let fullName: String

    public var description: String { fullName }
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
