import CraftsmanClient
import CraftsmanProto
import CraftsmanRPC
import Foundation

// craftload: a load generator for a Craftsman server. It keeps a fixed number of echo calls in
// flight on one connection through the Swift client library, and after a warm-up measures
// calls per second and latency percentiles, printed as one JSON line (the same shape as the
// C and grpc-swift reference clients in benchmarks/).

struct LoadOptions {
    var endpoint = ClientEndpoint.tcp(host: "127.0.0.1", port: 7433)
    var inflight = 1
    var payload = 256
    var warmup = 2.0
    var seconds = 10.0

    static let usage = """
        usage: craftload [--connect HOST:PORT | --unix PATH] [--inflight N] [--payload BYTES] [--warmup S] [--seconds S]
        """

    static func parse(_ arguments: [String]) -> LoadOptions {
        var options = LoadOptions()
        var remaining = arguments[...]
        func fail(_ message: String) -> Never {
            FileHandle.standardError.write(Data("craftload: \(message)\n\(usage)\n".utf8))
            exit(2)
        }
        while let flag = remaining.popFirst() {
            guard let value = remaining.popFirst() else { fail("\(flag) needs a value") }
            switch flag {
            case "--connect":
                guard let colon = value.lastIndex(of: ":"), let port = UInt16(value[value.index(after: colon)...]) else {
                    fail("--connect \(value): expected HOST:PORT")
                }
                options.endpoint = .tcp(host: String(value[..<colon]), port: port)
            case "--unix": options.endpoint = .unix(path: value)
            case "--inflight":
                guard let number = Int(value), (1...10_000).contains(number) else {
                    fail("--inflight \(value): expected 1 to 10000")
                }
                options.inflight = number
            case "--payload":
                guard let number = Int(value), (0...(1 << 20)).contains(number) else {
                    fail("--payload \(value): expected 0 to 1048576")
                }
                options.payload = number
            case "--warmup":
                guard let number = Double(value), number >= 0 else { fail("--warmup \(value): expected seconds >= 0") }
                options.warmup = number
            case "--seconds":
                guard let number = Double(value), number > 0 else { fail("--seconds \(value): expected seconds > 0") }
                options.seconds = number
            default: fail("unknown option \(flag)")
            }
        }
        return options
    }
}

@main
struct CraftLoad {
    static func main() async throws {
        let options = LoadOptions.parse(Array(CommandLine.arguments.dropFirst()))
        let client = RPCClient(endpoint: options.endpoint)
        let request = EchoRequest(payload: (0..<options.payload).map { UInt8(truncatingIfNeeded: $0) })
        _ = try await client.unary(EchoService.Echo.self, request)  // connect before timing

        let clock = ContinuousClock()
        let measureFrom = clock.now + .seconds(options.warmup)
        let measureUntil = measureFrom + .seconds(options.seconds)
        // The load runs on the client's I/O thread: a response resumes its caller there and the
        // next request leaves with the others of the same round, with no thread hop per call.
        let latencies = try await withTaskExecutorPreference(client.executor) {
            try await measure(
                client: client, request: request, inflight: options.inflight, from: measureFrom, until: measureUntil)
        }
        client.close()
        print(report(latencies, options: options))
    }

    /// Keeps `inflight` calls going until `until`; the sorted latencies, in nanoseconds, of the
    /// calls that started after `from` and finished before `until`.
    static func measure(
        client: RPCClient,
        request: EchoRequest,
        inflight: Int,
        from: ContinuousClock.Instant,
        until: ContinuousClock.Instant
    ) async throws -> [UInt64] {
        try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for _ in 0..<inflight {
                group.addTask {
                    var recorded: [UInt64] = []
                    while true {
                        let callStart = ContinuousClock.now
                        if callStart >= until { return recorded }
                        _ = try await client.unary(EchoService.Echo.self, request)
                        let callEnd = ContinuousClock.now
                        if callStart >= from && callEnd <= until {
                            let elapsed = (callEnd - callStart).components
                            recorded.append(UInt64(elapsed.seconds) * 1_000_000_000 + UInt64(elapsed.attoseconds / 1_000_000_000))
                        }
                    }
                }
            }
            var all: [UInt64] = []
            for try await part in group { all += part }
            return all.sorted()
        }
    }

    /// One JSON line with the rate and nearest-rank percentiles, in microseconds.
    static func report(_ latencies: [UInt64], options: LoadOptions) -> String {
        func percentile(_ p: Double) -> String {
            guard !latencies.isEmpty else { return "0.0" }
            let rank = min(latencies.count - 1, max(0, Int((Double(latencies.count) * p).rounded(.up)) - 1))
            return String(format: "%.1f", Double(latencies[rank]) / 1000)
        }
        let rate = String(format: "%.1f", Double(latencies.count) / options.seconds)
        return "{\"system\":\"craftsman-swift\",\"mode\":\"craftsman\",\"inflight\":\(options.inflight),"
            + "\"payload\":\(options.payload),\"seconds\":\(options.seconds),\"calls\":\(latencies.count),"
            + "\"calls_per_sec\":\(rate),\"p50_us\":\(percentile(0.5)),\"p99_us\":\(percentile(0.99)),"
            + "\"p999_us\":\(percentile(0.999)),\"max_us\":\(percentile(1.0))}"
    }
}
