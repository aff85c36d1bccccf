import CraftsmanClient
import CraftsmanProto
import CraftsmanRPC
import Foundation

// craftload: a load generator for a Craftsman server. It keeps a fixed number of calls (echo,
// create-teacher or get-teacher) in flight over one or more connections through the Swift client library,
// and after a warm-up measures calls per second and latency percentiles, printed as one JSON
// line (the same shape as the C and grpc-swift reference clients in benchmarks/).

struct LoadOptions {
    var endpoint = ClientEndpoint.tcp(host: "127.0.0.1", port: 7433)
    var inflight = 1
    /// Connections the calls in flight are spread over, round robin; each has its own I/O thread.
    var connections = 1
    var payload = 256
    var warmup = 2.0
    var seconds = 10.0
    var workload = Workload.echo
    /// Demo schools the create-teacher load spreads its teachers over.
    var schools = 40
    /// Distinct demo teachers prepared for create-teacher (national IDs are unique within one seed).
    var pool = 200_000
    var seed: UInt64 = 1
    /// Leave out the first N demo teachers of the seed: national IDs are unique within one seed,
    /// so successive loads on one server take successive ranges of the same seed.
    var skip = 0
    /// Leave the national ID out of created teachers, so that loads with different seeds cannot
    /// collide on it (the ID must be unique).
    var withoutNationalIDs = false
    /// Stop after this many calls instead of after `seconds` (no warm-up); for loading data, or
    /// (get-teacher) for reading teachers 1, 2, 3, … in order.
    var count: Int?
    /// How the calls are made: `callback` (``RPCClient/start(_:_:options:completion:)``, no task
    /// per call), `async` (``RPCClient/unary(_:_:options:)`` from one task per call in flight), or
    /// `encoded` (like `callback`, with requests encoded before the clock starts and responses
    /// left undecoded once their status is OK: the server's cost with the least of the client's,
    /// as `redis-benchmark` measures Redis).
    var api = ClientAPI.callback
    /// Print each measured call at least this slow, with when it started, on standard error.
    var slowMilliseconds: Double?

    enum ClientAPI: String, CaseIterable {
        case callback, async, encoded
    }

    static let usage = """
        usage: craftload [--connect HOST:PORT | --unix PATH] [--call echo|create-teacher|get-teacher|get-nomination|check-eligibility|dashboard]
                         [--inflight N] [--connections N] [--payload BYTES] [--warmup S] [--seconds S] [--pool N] [--seed N] [--skip N] [--count N] [--without-national-ids]
                         [--api callback|async|encoded] [--slow-ms MS]
        """

    static func parse(_ arguments: [String]) -> LoadOptions {
        var options = LoadOptions()
        var remaining = arguments[...]
        func fail(_ message: String) -> Never {
            FileHandle.standardError.write(Data("craftload: \(message)\n\(usage)\n".utf8))
            exit(2)
        }
        while let flag = remaining.popFirst() {
            if flag == "--without-national-ids" {
                options.withoutNationalIDs = true
                continue
            }
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
            case "--connections":
                guard let number = Int(value), (1...1_000).contains(number) else {
                    fail("--connections \(value): expected 1 to 1000")
                }
                options.connections = number
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
            case "--call":
                guard let workload = Workload(rawValue: value) else {
                    fail("--call \(value): expected one of \(Workload.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                options.workload = workload
            case "--pool":
                guard let number = Int(value), (1...10_000_000).contains(number) else {
                    fail("--pool \(value): expected 1 to 10000000")
                }
                options.pool = number
            case "--seed":
                guard let number = UInt64(value) else { fail("--seed \(value): expected a whole number") }
                options.seed = number
            case "--skip":
                guard let number = Int(value), number >= 0 else { fail("--skip \(value): expected a number >= 0") }
                options.skip = number
            case "--api":
                guard let api = ClientAPI(rawValue: value) else { fail("--api \(value): expected callback, async or encoded") }
                options.api = api
            case "--slow-ms":
                guard let number = Double(value), number >= 0, number < 1e9 else {
                    fail("--slow-ms \(value): expected milliseconds, 0 or more")
                }
                options.slowMilliseconds = number
            case "--count":
                guard let number = Int(value), number > 0 else { fail("--count \(value): expected a number of calls > 0") }
                options.count = number
                options.warmup = 0
            default: fail("unknown option \(flag)")
            }
        }
        return options
    }
}

struct CraftLoad {
    static func main() async throws {
        let options = LoadOptions.parse(Array(CommandLine.arguments.dropFirst()))
        guard options.connections <= options.inflight else {
            FileHandle.standardError.write(
                Data("craftload: --connections \(options.connections) is more than --inflight \(options.inflight)\n".utf8))
            exit(2)
        }
        let clients = (0..<options.connections).map { _ in RPCClient(endpoint: options.endpoint) }
        let workload = try await PreparedWorkload(options.workload, client: clients[0], options: options)
        for client in clients {  // connect before timing: any answer will do, even UNIMPLEMENTED
            do {
                _ = try await HealthServiceClient(client).check(HealthCheckRequest())
            } catch let error as RPCError where error.code == .unimplemented {}
        }

        let clock = ContinuousClock()
        let measureFrom = clock.now + .seconds(options.warmup)
        let measuredFromUnix = Date().timeIntervalSince1970 + options.warmup
        let measureUntil = measureFrom + .seconds(options.count == nil ? options.seconds : 86_400)
        let (latencies, slowCalls) =
            switch options.api {
            case .async:
                try await measure(
                    clients: clients, workload: workload, inflight: options.inflight, from: measureFrom, until: measureUntil,
                    slowMilliseconds: options.slowMilliseconds)
            case .callback, .encoded:
                try await { () async throws -> ([UInt64], [SlowCalls.Call]) in
                    let load = CallbackLoad(
                        workload: workload, from: measureFrom, until: measureUntil, slowMilliseconds: options.slowMilliseconds)
                    let latencies = try await load.run(clients: clients, inflight: options.inflight)
                    return (latencies, load.slowCalls())
                }()
            }
        if !slowCalls.isEmpty {
            FileHandle.standardError.write(Data((SlowCalls.report(slowCalls, measuredFrom: measuredFromUnix) + "\n").utf8))
        }
        for client in clients { client.close() }
        var measured = options
        if options.count != nil {
            let elapsed = (clock.now - measureFrom).components
            measured.seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        }
        print(report(latencies, options: measured))
    }

    /// Keeps `inflight` calls going, spread round robin over `clients`, until `until`; the sorted
    /// latencies, in nanoseconds, of the calls that started after `from` and finished before `until`,
    /// and those of them at least `slowMilliseconds` long.
    ///
    /// Each caller runs on its client's I/O thread: a response resumes it there and the next
    /// request leaves with the others of the same round, with no thread hop per call.
    static func measure(
        clients: [RPCClient],
        workload: PreparedWorkload,
        inflight: Int,
        from: ContinuousClock.Instant,
        until: ContinuousClock.Instant,
        slowMilliseconds: Double?
    ) async throws -> ([UInt64], [SlowCalls.Call]) {
        try await withThrowingTaskGroup(of: ([UInt64], [SlowCalls.Call]).self) { group in
            for caller in 0..<inflight {
                let client = clients[caller % clients.count]
                group.addTask(executorPreference: client.executor) {
                    var recorded: [UInt64] = []
                    var slow = SlowCalls(thresholdMilliseconds: slowMilliseconds)
                    while true {
                        let callStart = ContinuousClock.now
                        if callStart >= until { return (recorded, slow.calls) }
                        guard try await workload.call(client) else { return (recorded, slow.calls) }
                        let callEnd = ContinuousClock.now
                        if callStart >= from && callEnd <= until {
                            let latency = nanoseconds(callEnd - callStart)
                            recorded.append(latency)
                            slow.note(startedAfter: nanoseconds(callStart - from), latency: latency)
                        }
                    }
                }
            }
            var all: [UInt64] = []
            var slow: [SlowCalls.Call] = []
            for try await (part, slowPart) in group {
                all += part
                slow += slowPart
            }
            return (all.sorted(), slow)
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
        return
            "{\"system\":\"craftsman-swift\",\"mode\":\"craftsman\",\"api\":\"\(options.api.rawValue)\",\"call\":\"\(options.workload.rawValue)\",\"inflight\":\(options.inflight),\"connections\":\(options.connections),"
            + "\"payload\":\(options.payload),\"seconds\":\(options.seconds),\"calls\":\(latencies.count),"
            + "\"calls_per_sec\":\(rate),\"p50_us\":\(percentile(0.5)),\"p99_us\":\(percentile(0.99)),"
            + "\"p999_us\":\(percentile(0.999)),\"max_us\":\(percentile(1.0))}"
    }
}

// A failed call ends the run with its status on stderr and exit status 1, not a crash report.
do {
    try await CraftLoad.main()
} catch {
    FileHandle.standardError.write(Data("craftload: \(error)\n".utf8))
    exit(1)
}
