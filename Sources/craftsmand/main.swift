import CraftsmanProto
import CraftsmanRPC
import CraftsmanRPCSocket
import CraftsmanServer
import CraftsmanStore
import Dispatch
import Foundation
import Logging

// craftsmand, the Craftsman server: reads its options, prepares the data directory, serves the
// RPC protocol on TCP and Unix sockets, and on SIGTERM or SIGINT shuts down gracefully (GOAWAY,
// in-flight calls finish within the grace period) and exits 0.

/// glibc's malloc_trim, which the Glibc module does not export (it lives in malloc.h).
@_silgen_name("malloc_trim")
func releaseFreedMemory(_ pad: Int) -> Int32

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("craftsmand: \(message)\n".utf8))
    exit(2)
}

let options: ServerOptions
do {
    options = try ServerOptions.parse(Array(CommandLine.arguments.dropFirst())) { path in
        try String(contentsOfFile: path, encoding: .utf8)
    }
} catch {
    fail("\(error)\n\(ServerOptions.usage)")
}
if options.showHelp {
    print(ServerOptions.usage)
    exit(0)
}

let level = Logger.Level(rawValue: options.logLevel) ?? .info
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = level
    return handler
}
let logger = Logger(label: "craftsmand")

if options.verifyOnly {
    exit(verifyDataDirectory(options.dataDirectory))
}
if let demo = options.demoLoad {
    Task { exit(await loadDemoProgram(into: options.dataDirectory, demo, logger: logger)) }
    dispatchMain()
}

let store: DurableStore<CraftsmanState>
do {
    store = try DurableStore(
        directory: options.dataDirectory, configuration: options.store, logger: Logger(label: "craftsman.store"))
} catch {
    fail("cannot open the data directory \(options.dataDirectory): \(error)")
}
let recovery = store.recovery
logger.info(
    "data directory recovered",
    metadata: [
        "snapshot": "\(recovery.snapshotFile ?? "none")", "replayed": "\(recovery.recordsReplayed)",
        "sequence": "\(recovery.lastSequence)", "ms": "\(recovery.durationMilliseconds)",
    ])
// Recovery read and decoded whole files; hand that transient memory back to the system so the
// resident size reflects the state held, not the peak of loading it.
_ = releaseFreedMemory(0)
let services = CraftsmanServices(store: store)

let stats = ServerStats(startedAtUnixMilliseconds: Int64(Date().timeIntervalSince1970 * 1000))
var router = Router()
let health = HealthStatus(
    services: [
        "craftsman.rpc.v1.HealthService", "craftsman.rpc.v1.ReflectionService", "craftsman.rpc.v1.StatsService",
        "craftsman.rpc.v1.EchoService",
    ] + CraftsmanServices.serviceNames)
BuiltinServices.register(in: &router, health: health, stats: stats)
services.register(in: &router)
let server = RPCServer(router: router, configuration: options.configuration, stats: stats, logger: Logger(label: "craftsman.rpc"))

let endpoints =
    options.listen.map { SocketServer.Endpoint.tcp(host: $0.host, port: $0.port) } + options.unixSockets.map { .unix(path: $0) }
let sockets: SocketServer
do {
    sockets = try SocketServer(server: server, endpoints: endpoints)
} catch {
    fail("\(error)")
}
sockets.start()
for endpoint in sockets.boundEndpoints {
    // One line per endpoint on stdout, so scripts can read the port chosen for port 0.
    print("craftsmand: listening on \(endpoint)")
}
print("craftsmand: data directory \(options.dataDirectory)")
fflush(nil)
logger.info("serving", metadata: ["methods": "\(router.methods.count)"])

// Writes use MSG_NOSIGNAL; ignoring SIGPIPE as well keeps any other write to a closed socket
// from ending the process.
signal(SIGPIPE, SIG_IGN)
var signalSources: [DispatchSourceSignal] = []
for signalNumber in [SIGTERM, SIGINT] {
    signal(signalNumber, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
    source.setEventHandler {
        logger.info("signal \(signalNumber): shutting down gracefully")
        health.setOverall(.notServing)
        Task {
            await sockets.shutdown()
            do {
                let snapshot = try await store.takeSnapshot()
                logger.info("final snapshot", metadata: ["file": "\(snapshot.fileName)"])
            } catch {
                logger.error("the final snapshot failed (the journal still holds every acknowledged write): \(error)")
            }
            store.close()
            logger.info("shut down cleanly")
            exit(0)
        }
    }
    source.resume()
    signalSources.append(source)
}
dispatchMain()
