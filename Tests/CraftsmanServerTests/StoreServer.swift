import Craftsman
import CraftsmanClient
import CraftsmanDemo
import CraftsmanProto
import CraftsmanRPC
import CraftsmanRPCSocket
import CraftsmanServer
import CraftsmanStore
import Foundation
import Synchronization

/// A real server on a loopback port over a store in a data directory, and a client, for one test.
struct StoreServer {
    let store: DurableStore<CraftsmanState>
    let client: RPCClient
    /// The loopback port the server listens on, for other processes (craftload).
    let port: UInt16

    var registry: RegistryServiceClient { RegistryServiceClient(client) }
    var program: ProgramServiceClient { ProgramServiceClient(client) }
    var selection: SelectionServiceClient { SelectionServiceClient(client) }
    var accounts: AccountServiceClient { AccountServiceClient(client) }
    var admin: AdminServiceClient { AdminServiceClient(client) }
}

/// The fixed "now" of these tests: 2026-05-20 10:00 Beijing time.
let testNow: Int64 = 1_779_242_400_000

/// Runs `body` with a server over `directory` (created when missing); closes everything after.
func withStoreServer<T>(
    directory: String,
    fileSystem: any StorageFileSystem = POSIXFileSystem(),
    clock: @escaping @Sendable () -> Int64 = { testNow },
    _ body: (StoreServer) async throws -> T
) async throws -> T {
    var configuration = StoreConfiguration()
    configuration.fileSystem = fileSystem
    configuration.snapshotIntervalSeconds = 0
    configuration.preallocatedSegmentBytes = 64 << 10
    configuration.acknowledgementRound = ServerConnection.answeringTogether
    let store = try DurableStore<CraftsmanState>(directory: directory, configuration: configuration, clock: clock)
    var router = Router()
    CraftsmanServices(store: store, clock: clock).register(in: &router)
    var rpc = ServerConfiguration()
    rpc.readRound = JournalWakeRound.run
    let server = RPCServer(router: router, configuration: rpc, stats: ServerStats())
    let sockets = try SocketServer(server: server, endpoints: [.tcp(host: "127.0.0.1", port: 0)])
    sockets.start()
    guard case .tcp(_, let port) = sockets.boundEndpoints[0] else { fatalError("no TCP endpoint") }
    let client = RPCClient(endpoint: .tcp(host: "127.0.0.1", port: port))
    defer {
        client.close()
        store.close()
    }
    do {
        let result = try await body(StoreServer(store: store, client: client, port: port))
        await sockets.shutdown()
        return result
    } catch {
        await sockets.shutdown()
        throw error
    }
}

/// A fresh temporary directory path, removed after `body`.
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async rethrows -> T {
    let path = NSTemporaryDirectory() + "craftsman-server-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

/// The demo program's schools, teachers and teams as of the test date.
enum Demo {
    static let today = Craftsman.CivilDate(unixMilliseconds: testNow)

    static func schools(_ count: Int) -> [SchoolInput] { DemoRegistry.schools(count: count).map(SchoolInput.init) }

    static func teachers(_ count: Int, schools: Int) -> [TeacherInput] {
        DemoRegistry.teachers(count: count, schoolCount: schools, today: today).map(TeacherInput.init)
    }

    /// Up to `count` demo teams of the demo teachers above.
    static func teams(_ count: Int, teachers: Int, schools: Int) -> [TeamInput] {
        let teachers = DemoRegistry.teachers(count: teachers, schoolCount: schools, today: today)
        return DemoRegistry.teams(count: count, teachers: teachers).map(TeamInput.init)
    }
}

/// The error an async call threw, as an RPCError.
func rpcError(_ body: () async throws -> some Any) async -> RPCError? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error as? RPCError
    }
}

extension TeamInput {
    /// The editable fields of `team`, to send them back changed.
    init(editing team: CraftsmanProto.Team) {
        self.init(
            schoolID: team.schoolID, name: team.name, majorName: team.majorName, majorKind: team.majorKind,
            leaderTeacherID: team.leaderTeacherID, leaderRoles: team.leaderRoles, members: team.members)
    }
}

/// A clock a test moves by hand: ms since the Unix epoch.
final class TestClock: Sendable {
    private let value: Mutex<Int64>

    init(_ start: Int64) { value = Mutex(start) }

    var now: Int64 { value.withLock { $0 } }

    /// Moves the clock to 09:00 Beijing time on the given date.
    func set(_ year: Int, _ month: Int, _ day: Int) {
        let time = Craftsman.CivilDate(year: year, month: month, day: day)!.startUnixMilliseconds + 9 * 3_600_000
        value.withLock { $0 = time }
    }
}
