import Craftsman
import CraftsmanClient
import CraftsmanDemo
import CraftsmanProto
import CraftsmanRPC
import Foundation

/// What each call of the load does.
enum Workload: String, CaseIterable {
    /// EchoService.Echo with a payload of `--payload` bytes: the framework's own cost.
    case echo
    /// RegistryService.CreateTeacher with realistic demo teachers: durable writes.
    case createTeacher = "create-teacher"
    /// RegistryService.GetTeacher of a random existing teacher: reads.
    case getTeacher = "get-teacher"
}

/// A prepared workload: requests built before the clock starts, so that the load measures the
/// server and the client library, not the generator.
final class PreparedWorkload: Sendable {
    let kind: Workload
    private let echo: EchoRequest
    private let teachers: [TeacherInput]
    private let teacherCount: Int
    private let next = Counter()
    private let started = Counter()
    private let limit: Int

    /// Prepares `kind` against the server `client` talks to (creating the demo schools when
    /// teachers are to be created and the server has none).
    init(_ kind: Workload, client: RPCClient, options: LoadOptions) async throws {
        self.kind = kind
        limit = options.count ?? Int.max
        echo = EchoRequest(payload: (0..<options.payload).map { UInt8(truncatingIfNeeded: $0) })
        switch kind {
        case .echo:
            teachers = []
            teacherCount = 0
        case .createTeacher:
            let registry = RegistryServiceClient(client)
            let existing = try await registry.listSchools(ListSchoolsRequest(pageSize: 1000)).schools.count
            for school in DemoRegistry.schools(count: options.schools).dropFirst(existing) {
                _ = try await registry.createSchool(CreateSchoolRequest(school: SchoolInput(school)))
            }
            let today = Craftsman.CivilDate(unixMilliseconds: Int64(Date().timeIntervalSince1970 * 1000))
            teachers = DemoRegistry.teachers(
                count: options.skip + options.pool, schoolCount: options.schools, today: today, seed: options.seed
            ).dropFirst(options.skip).map { draft in
                var input = TeacherInput(draft)
                if options.withoutNationalIDs { input.nationalID = nil }
                return input
            }
            teacherCount = 0
        case .getTeacher:
            let info = try await AdminServiceClient(client).getServerInfo(GetServerInfoRequest())
            teacherCount = Int(info.info?.counts?.teachers ?? 0)
            guard teacherCount > 0 else {
                throw RPCError(.failedPrecondition, "get-teacher needs teachers on the server; none are")
            }
            teachers = []
        }
    }

    /// Makes one call; false, without calling, once `--count` calls have been made.
    nonisolated(nonsending) func call(_ client: RPCClient) async throws -> Bool {
        guard started.take() < limit else { return false }
        switch kind {
        case .echo:
            _ = try await client.unary(EchoService.Echo.self, echo)
        case .createTeacher:
            let index = next.take() % teachers.count
            _ = try await client.unary(RegistryService.CreateTeacher.self, CreateTeacherRequest(teacher: teachers[index]))
        case .getTeacher:
            let number = Int.random(in: 1...teacherCount)
            let id = "T" + String(repeating: "0", count: 8 - String(number).count) + String(number)
            _ = try await client.unary(RegistryService.GetTeacher.self, GetTeacherRequest(teacherID: id))
        }
        return true
    }
}

/// A shared counter handing out consecutive numbers.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func take() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
    }
}
