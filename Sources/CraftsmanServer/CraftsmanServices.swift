import Craftsman
import CraftsmanProto
import CraftsmanRPC
import CraftsmanStore

/// The server's domain services over one store: what `craftsmand` registers beside the built-in
/// services.
///
/// ```swift
/// let store = try DurableStore<CraftsmanState>(directory: "data")
/// let services = CraftsmanServices(store: store)
/// services.register(in: &router)
/// ```
public struct CraftsmanServices: Sendable {
    /// The server's version, reported by AdminService.GetServerInfo.
    public static let version = "0.5.0"

    let store: DurableStore<CraftsmanState>
    let clock: @Sendable () -> Int64
    let startedAt: Int64
    /// GetTeacher's replies, kept encoded.
    let teacherReplies = TeacherReplies()

    /// Services over `store`; `clock` gives ms since the Unix epoch (injected by tests).
    public init(
        store: DurableStore<CraftsmanState>, clock: @escaping @Sendable () -> Int64 = DurableStore<CraftsmanState>.systemClock
    ) {
        self.store = store
        self.clock = clock
        startedAt = clock()
    }

    /// The services this registers, for health reporting.
    public static let serviceNames = [
        RegistryService.descriptor.name, ProgramService.descriptor.name, SelectionService.descriptor.name,
        AccountService.descriptor.name, AdminService.descriptor.name,
    ]

    /// Registers every implemented method.
    public func register(in router: inout Router) {
        registerRegistry(in: &router)
        registerProgram(in: &router)
        registerSelection(in: &router)
        registerAccounts(in: &router)
        registerAdmin(in: &router)
    }

    /// Plans and makes one durable change, mapping refusals to wire statuses.
    func change<Result: Sendable>(
        _ plan: @escaping (Registry, Int64) throws -> (RegistryChange, Result)
    ) async throws(RPCError) -> Result {
        let now = clock()
        return try await ErrorMapping.mapping {
            try await store.write { state in
                let (change, result) = try plan(state.registry, now)
                return (CraftsmanState.Change(registry: change, recordedAtUnixMilliseconds: now), result)
            }
        }
    }

    /// Plans and makes one durable change and returns it, mapping refusals to wire statuses.
    func change(_ plan: @escaping (Registry, Int64) throws -> RegistryChange) async throws(RPCError) -> RegistryChange {
        try await change { registry, now in
            let change = try plan(registry, now)
            return (change, change)
        }
    }
}
