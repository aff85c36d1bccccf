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
    /// RegistryService.GetTeacher of a random existing teacher: reads. With `--count`, teachers
    /// 1, 2, 3, … in order instead: a pass over every teacher (e.g. to fill the server's caches).
    case getTeacher = "get-teacher"
    /// SelectionService.GetNomination of a random nomination (with its eligibility lines), as the
    /// bureau: selection reads, e.g. against `craftsmand demo-load` data.
    case getNomination = "get-nomination"
    /// SelectionService.CheckEligibility of a random teacher for a random individual tier under
    /// the newest round: the eligibility engine on every call.
    case checkEligibility = "check-eligibility"
    /// ProgramService.GetDashboard per tier, round and school: a pass over every nomination and project.
    case dashboard
}

/// A prepared workload: requests built before the clock starts, so that the load measures the
/// server and the client library, not the generator.
final class PreparedWorkload: Sendable {
    let kind: Workload
    private let echo: EchoRequest
    private let teachers: [TeacherInput]
    /// With `--api encoded`: the echo request and the teachers' requests, encoded beforehand.
    private let encodedEcho: EncodedMessage<EchoRequest>?
    private let encodedTeachers: [EncodedMessage<CreateTeacherRequest>]
    /// With `--api encoded` and get-teacher: the request for teacher N at index N - 1, encoded
    /// beforehand as echo's and create-teacher's are, so that reads are not charged an encoding
    /// per call that echo is spared.
    private let encodedGets: [EncodedMessage<GetTeacherRequest>]
    /// Whether calls send encoded requests and leave responses undecoded (`--api encoded`).
    private let encoded: Bool
    private let teacherCount: Int
    private let nominationIDs: [String]
    private let roundID: String
    private let next = Counter()
    private let random = SharedRandom()
    private let started = Counter()
    private let limit: Int

    /// Prepares `kind` against the server `client` talks to (creating the demo schools when
    /// teachers are to be created and the server has none).
    init(_ kind: Workload, client: RPCClient, options: LoadOptions) async throws {
        self.kind = kind
        limit = options.count ?? Int.max
        echo = EchoRequest(payload: (0..<options.payload).map { UInt8(truncatingIfNeeded: $0) })
        encoded = options.api == .encoded
        encodedEcho = encoded ? try EncodedMessage(echo) : nil
        nominationIDs = kind == .getNomination ? try await Self.nominationIDs(client) : []
        roundID =
            kind == .checkEligibility
            ? try await ProgramServiceClient(client).listRounds(ListRoundsRequest(pageSize: 1000)).rounds.last?.id ?? "" : ""
        if (kind == .getNomination && nominationIDs.isEmpty) || (kind == .checkEligibility && roundID.isEmpty) {
            throw RPCError(.failedPrecondition, "\(kind.rawValue) needs selection data on the server (craftsmand demo-load)")
        }
        switch kind {
        case .echo, .getNomination, .dashboard:
            teachers = []
            encodedTeachers = []
            encodedGets = []
            teacherCount = 0
        case .createTeacher:
            let registry = RegistryServiceClient(client)
            let existing = try await registry.listSchools(ListSchoolsRequest(pageSize: 1000)).schools.count
            for school in DemoRegistry.schools(count: options.schools).dropFirst(existing) {
                _ = try await registry.createSchool(CreateSchoolRequest(school: SchoolInput(school)))
            }
            let today = Craftsman.CivilDate(unixMilliseconds: Int64(Date().timeIntervalSince1970 * 1000))
            let inputs = DemoRegistry.teachers(
                count: options.skip + options.pool, schoolCount: options.schools, today: today, seed: options.seed
            ).dropFirst(options.skip).map { draft in
                var input = TeacherInput(draft)
                if options.withoutNationalIDs { input.nationalID = nil }
                return input
            }
            // Only one form is kept: a pool of a million teachers is hundreds of megabytes.
            teachers = encoded ? [] : inputs
            encodedTeachers = encoded ? try inputs.map { try EncodedMessage(CreateTeacherRequest(teacher: $0)) } : []
            encodedGets = []
            teacherCount = 0
        case .getTeacher, .checkEligibility:
            let info = try await AdminServiceClient(client).getServerInfo(GetServerInfoRequest())
            teacherCount = Int(info.info?.counts?.teachers ?? 0)
            guard teacherCount > 0 else {
                throw RPCError(.failedPrecondition, "get-teacher needs teachers on the server; none are")
            }
            teachers = []
            encodedTeachers = []
            let count = teacherCount
            encodedGets =
                encoded && kind == .getTeacher
                ? try (1...count).map { try EncodedMessage(GetTeacherRequest(teacherID: Self.teacherID($0))) } : []
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
            let id = limit == Int.max ? randomTeacherID() : Self.teacherID(next.take() % teacherCount + 1)
            _ = try await client.unary(RegistryService.GetTeacher.self, GetTeacherRequest(teacherID: id))
        case .getNomination:
            let id = nominationIDs[Int.random(in: 0..<nominationIDs.count)]
            _ = try await client.unary(SelectionService.GetNomination.self, GetNominationRequest(nominationID: id))
        case .checkEligibility:
            let tier = [CraftsmanProto.Tier.masterTeacher, .leadTeacher, .keyTeacher][Int.random(in: 0..<3)]
            _ = try await client.unary(
                SelectionService.CheckEligibility.self,
                CheckEligibilityRequest(roundID: roundID, tier: tier, subject: .teacherID(randomTeacherID())))
        case .dashboard:
            _ = try await client.unary(
                ProgramService.GetDashboard.self, GetDashboardRequest(groupByRound: true, groupBySchool: true))
        }
        return true
    }

    /// Starts one call with a completion handler (``RPCClient/start(_:_:options:completion:)``),
    /// which gets its outcome on the client's I/O thread; false, without calling, once `--count`
    /// calls have been made.
    func start(_ client: RPCClient, completion: @escaping @Sendable (RPCError?) -> Void) -> Bool {
        guard started.take() < limit else { return false }
        @Sendable func done<Output>(_ result: Result<Output, RPCError>) {
            if case .failure(let error) = result { completion(error) } else { completion(nil) }
        }
        if encoded { return startEncoded(client, done) }
        switch kind {
        case .echo:
            client.start(EchoService.Echo.self, echo) { done($0) }
        case .createTeacher:
            let index = next.take() % teachers.count
            client.start(RegistryService.CreateTeacher.self, CreateTeacherRequest(teacher: teachers[index])) { done($0) }
        case .getTeacher:
            let id = limit == Int.max ? randomTeacherID() : Self.teacherID(next.take() % teacherCount + 1)
            client.start(RegistryService.GetTeacher.self, GetTeacherRequest(teacherID: id)) { done($0) }
        case .getNomination:
            let id = nominationIDs[Int.random(in: 0..<nominationIDs.count)]
            client.start(SelectionService.GetNomination.self, GetNominationRequest(nominationID: id)) { done($0) }
        case .checkEligibility:
            let tier = [CraftsmanProto.Tier.masterTeacher, .leadTeacher, .keyTeacher][Int.random(in: 0..<3)]
            client.start(
                SelectionService.CheckEligibility.self,
                CheckEligibilityRequest(roundID: roundID, tier: tier, subject: .teacherID(randomTeacherID()))
            ) { done($0) }
        case .dashboard:
            client.start(ProgramService.GetDashboard.self, GetDashboardRequest(groupByRound: true, groupBySchool: true)) {
                done($0)
            }
        }
        return true
    }

    /// ``start(_:completion:)`` with `--api encoded`: requests encoded beforehand where the
    /// workload allows (echo, create-teacher, get-teacher), else now; responses left undecoded.
    private func startEncoded(_ client: RPCClient, _ done: @escaping @Sendable (Result<[UInt8], RPCError>) -> Void) -> Bool {
        do {
            switch kind {
            case .echo:
                client.start(EchoService.Echo.self, encoded: encodedEcho!, completion: done)
            case .createTeacher:
                let request = encodedTeachers[next.take() % encodedTeachers.count]
                client.start(RegistryService.CreateTeacher.self, encoded: request, completion: done)
            case .getTeacher:
                let index = limit == Int.max ? random.next(below: teacherCount) : next.take() % teacherCount
                client.start(RegistryService.GetTeacher.self, encoded: encodedGets[index], completion: done)
            case .getNomination:
                let id = nominationIDs[Int.random(in: 0..<nominationIDs.count)]
                client.start(
                    SelectionService.GetNomination.self, encoded: try EncodedMessage(GetNominationRequest(nominationID: id)),
                    completion: done)
            case .checkEligibility:
                let tier = [CraftsmanProto.Tier.masterTeacher, .leadTeacher, .keyTeacher][Int.random(in: 0..<3)]
                let request = CheckEligibilityRequest(roundID: roundID, tier: tier, subject: .teacherID(randomTeacherID()))
                client.start(SelectionService.CheckEligibility.self, encoded: try EncodedMessage(request), completion: done)
            case .dashboard:
                let request = GetDashboardRequest(groupByRound: true, groupBySchool: true)
                client.start(ProgramService.GetDashboard.self, encoded: try EncodedMessage(request), completion: done)
            }
        } catch {
            done(.failure(RPCError(.internal, "the request could not be encoded: \(error)", cause: error)))
        }
        return true
    }

    private func randomTeacherID() -> String {
        Self.teacherID(random.next(below: teacherCount) + 1)
    }

    /// `T00000042` for 42, written digit by digit: formatting with `String(number)` and
    /// concatenation cost the load generator more than decoding a small reply.
    private static func teacherID(_ number: Int) -> String {
        String(unsafeUninitializedCapacity: 9) { buffer in
            buffer[0] = UInt8(ascii: "T")
            var rest = number
            for index in (1...8).reversed() {
                buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            return 9
        }
    }

    /// Every nomination id on the server, read page by page.
    private static func nominationIDs(_ client: RPCClient) async throws -> [String] {
        let selection = SelectionServiceClient(client)
        var ids: [String] = []
        var token = ""
        repeat {
            let page = try await selection.listNominations(ListNominationsRequest(pageSize: 1000, pageToken: token))
            ids += page.nominations.map(\.id)
            token = page.nextPageToken
        } while !token.isEmpty
        return ids
    }
}

/// A shared pseudo-random generator (SplitMix64, seeded once from the system): the system
/// generator makes a `getrandom` system call per number, which was about 6% of the load
/// generator's CPU time in get-teacher loads — the generator's cost, not the client library's.
final class SharedRandom: @unchecked Sendable {
    private let lock = NSLock()
    private var state = UInt64.random(in: .min ... .max)

    /// A number in 0..<bound (the modulo's bias is below 2^-40 for bounds under 2^24).
    func next(below bound: Int) -> Int {
        lock.lock()
        state &+= 0x9E37_79B9_7F4A_7C15
        let seed = state
        lock.unlock()
        var mixed = (seed ^ (seed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        return Int(mixed % UInt64(bound))
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
