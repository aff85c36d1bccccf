// grpc-echo-bench: unary echo of raw bytes with grpc-swift-2 over HTTP/2 (plaintext, loopback).
//
// No protobuf and no generated code: the service is registered by hand on an RPCRouter and the
// client calls GRPCClient.unary with a pass-through [UInt8] serializer/deserializer.

import GRPCCore
import GRPCNIOTransportHTTP2Posix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes to standard error (the C `stderr` global is not concurrency-safe in Swift 6 mode).
func eprint(_ text: String) {
    var text = text
    text.withUTF8 { buf in
        var offset = 0
        while offset < buf.count {
            let n = write(2, buf.baseAddress! + offset, buf.count - offset)
            if n <= 0 { break }
            offset += n
        }
    }
}

// MARK: - Raw bytes codec

struct RawSerializer: MessageSerializer {
    typealias Message = [UInt8]
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes {
        Bytes(message)
    }
}

struct RawDeserializer: MessageDeserializer {
    typealias Message = [UInt8]
    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
        serializedMessageBytes.withUnsafeBytes { Array($0) }
    }
}

// MARK: - Hand-written echo service

enum EchoAPI {
    static let method = MethodDescriptor(
        fullyQualifiedService: "bench.Echo",
        method: "Echo",
        type: .unary
    )
}

struct EchoService: RegistrableRPCService {
    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: EchoAPI.method,
            deserializer: RawDeserializer(),
            serializer: RawSerializer()
        ) { streamRequest, _ in
            // Unary: collapse the single-message stream, echo the payload back.
            let request = try await ServerRequest(stream: streamRequest)
            return StreamingServerResponse(single: ServerResponse(message: request.message))
        }
    }
}

// MARK: - Arguments

struct Options {
    var mode = ""
    var port = 0
    var inflight = 1
    var payload = 256
    var warmup = 2.0
    var seconds = 10.0
}

func usage() -> Never {
    let text = """
        usage: grpc-echo-bench server [--port P]
               grpc-echo-bench client --port P [--inflight N] [--payload BYTES] [--warmup S] [--seconds S]
               grpc-echo-bench both [--inflight N] [--payload BYTES] [--warmup S] [--seconds S]

        """
    eprint(text)
    exit(2)
}

func parseOptions(_ args: [String]) -> Options {
    guard let mode = args.first, ["server", "client", "both"].contains(mode) else { usage() }
    var options = Options()
    options.mode = mode
    var index = 1
    while index < args.count {
        let flag = args[index]
        guard index + 1 < args.count else {
            eprint("missing value for \(flag)\n")
            usage()
        }
        let value = args[index + 1]
        switch flag {
        case "--port": options.port = Int(value) ?? -1
        case "--inflight": options.inflight = Int(value) ?? 0
        case "--payload": options.payload = Int(value) ?? -1
        case "--warmup": options.warmup = Double(value) ?? -1
        case "--seconds": options.seconds = Double(value) ?? 0
        default:
            eprint("unknown flag \(flag)\n")
            usage()
        }
        index += 2
    }
    if options.port < 0 || options.port > 65535 || options.inflight < 1 || options.payload < 0
        || options.warmup < 0 || options.seconds <= 0
    {
        eprint("invalid argument value\n")
        usage()
    }
    return options
}

// MARK: - Server

func makeServer(port: Int) -> GRPCServer<HTTP2ServerTransport.Posix> {
    GRPCServer(
        transport: HTTP2ServerTransport.Posix(
            address: .ipv4(host: "127.0.0.1", port: port),
            transportSecurity: .plaintext
        ),
        services: [EchoService()]
    )
}

func boundPort(_ server: GRPCServer<HTTP2ServerTransport.Posix>) async throws -> Int {
    guard let address = try await server.listeningAddress, let ipv4 = address.ipv4 else {
        throw BenchError("server has no IPv4 listening address")
    }
    return ipv4.port
}

func runServer(port: Int) async throws {
    let server = makeServer(port: port)
    try await withThrowingDiscardingTaskGroup { group in
        group.addTask { try await server.serve() }
        let bound = try await boundPort(server)
        print("listening on 127.0.0.1:\(bound)")
        fflush(nil)
    }
}

// MARK: - Client

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

@inline(__always)
func nanoseconds(_ d: Duration) -> Int64 {
    let c = d.components
    return c.seconds * 1_000_000_000 + c.attoseconds / 1_000_000_000
}

func runClient(port: Int, options: Options) async throws {
    let transport = try HTTP2ClientTransport.Posix(
        target: .ipv4(address: "127.0.0.1", port: port),
        transportSecurity: .plaintext
    )

    var payload = [UInt8](repeating: 0, count: options.payload)
    for i in payload.indices { payload[i] = UInt8(truncatingIfNeeded: i &* 31 &+ 7) }
    let request = ClientRequest(message: payload)
    let expectedCount = options.payload

    let clock = ContinuousClock()

    let (latencies, elapsed): ([Int64], Duration) = try await withGRPCClient(transport: transport) {
        client in
        // One call first so that the connection is established before the clock starts.
        _ = try await client.unary(
            request: request,
            descriptor: EchoAPI.method,
            serializer: RawSerializer(),
            deserializer: RawDeserializer(),
            options: .defaults
        ) { try $0.message }

        let start = clock.now
        let measureStart = start.advanced(by: .milliseconds(Int64(options.warmup * 1000)))
        let measureEnd = measureStart.advanced(by: .milliseconds(Int64(options.seconds * 1000)))

        let merged = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for _ in 0..<options.inflight {
                group.addTask {
                    var local: [Int64] = []
                    local.reserveCapacity(1 << 16)
                    while true {
                        let t0 = clock.now
                        if t0 >= measureEnd { break }
                        let response = try await client.unary(
                            request: request,
                            descriptor: EchoAPI.method,
                            serializer: RawSerializer(),
                            deserializer: RawDeserializer(),
                            options: .defaults
                        ) { try $0.message }
                        let t1 = clock.now
                        if response.count != expectedCount {
                            throw BenchError("echo returned \(response.count) bytes, expected \(expectedCount)")
                        }
                        // Count calls that completed inside the measured window.
                        if t1 >= measureStart && t1 <= measureEnd {
                            local.append(nanoseconds(t0.duration(to: t1)))
                        }
                    }
                    return local
                }
            }
            var all: [Int64] = []
            for try await part in group { all.append(contentsOf: part) }
            return all
        }
        return (merged, measureStart.duration(to: measureEnd))
    }

    let sorted = latencies.sorted()
    func percentileMicros(_ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        // Nearest-rank percentile.
        var rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
        rank = min(max(rank, 0), sorted.count - 1)
        return Double(sorted[rank]) / 1000.0
    }
    let seconds = Double(nanoseconds(elapsed)) / 1e9
    let callsPerSec = Double(sorted.count) / seconds

    func fmt(_ v: Double) -> String {
        // Fixed one-decimal format, no Foundation needed.
        let scaled = (v * 10).rounded()
        let whole = Int64(scaled) / 10
        let frac = abs(Int64(scaled) % 10)
        return "\(whole).\(frac)"
    }

    let line =
        "{\"system\":\"grpc-swift-2\",\"mode\":\"http2\",\"inflight\":\(options.inflight)"
        + ",\"payload\":\(options.payload),\"seconds\":\(fmt(options.seconds))"
        + ",\"calls\":\(sorted.count),\"calls_per_sec\":\(fmt(callsPerSec))"
        + ",\"p50_us\":\(fmt(percentileMicros(0.50))),\"p99_us\":\(fmt(percentileMicros(0.99)))"
        + ",\"p999_us\":\(fmt(percentileMicros(0.999))),\"max_us\":\(fmt(Double(sorted.last ?? 0) / 1000.0))}"
    print(line)
    fflush(nil)
}

func runBoth(options: Options) async throws {
    let server = makeServer(port: 0)
    try await withThrowingDiscardingTaskGroup { group in
        group.addTask { try await server.serve() }
        let port = try await boundPort(server)
        eprint("in-process server listening on 127.0.0.1:\(port)\n")
        try await runClient(port: port, options: options)
        server.beginGracefulShutdown()
    }
}

// MARK: - Entry point

let options = parseOptions(Array(CommandLine.arguments.dropFirst()))
do {
    switch options.mode {
    case "server": try await runServer(port: options.port)
    case "client":
        if options.port == 0 {
            eprint("client needs --port\n")
            usage()
        }
        try await runClient(port: options.port, options: options)
    default: try await runBoth(options: options)
    }
} catch {
    eprint("error: \(error)\n")
    exit(1)
}
