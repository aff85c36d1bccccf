import Craftsman
import CraftsmanDemo
import CraftsmanServer
import CraftsmanStore
import Foundation
import Testing

/// The demo program: deterministic, realistic, and loadable through the journal.
@Suite struct DemoProgramTests {
    /// The small program the tests share: 12 schools, 600 teachers.
    static let program = Result { try DemoProgram.steps(seed: 2024, schools: 12, teachers: 600) }

    static func state(of steps: [DemoProgram.Step]) throws -> CraftsmanState {
        var state = CraftsmanState()
        for step in steps { try state.apply(change(step)) }
        return state
    }

    static func change(_ step: DemoProgram.Step) -> CraftsmanState.Change {
        CraftsmanState.Change(
            changes: step.changes, recordedAtUnixMilliseconds: step.recordedAtUnixMilliseconds,
            actorAccountID: step.actorAccountID, reason: step.reason)
    }

    static func model() throws -> Model { try state(of: program.get()).model }

    static func round(_ year: Int32, in model: Model) throws -> Round {
        try #require(model.selection.allRounds.first { $0.year == year })
    }

    @Test func theSameSeedGivesTheSameProgramAndAnotherSeedAnother() throws {
        let first = try Self.state(of: Self.program.get()).digest()
        let again = try Self.state(of: DemoProgram.steps(seed: 2024, schools: 12, teachers: 600)).digest()
        let other = try Self.state(of: DemoProgram.steps(seed: 7, schools: 12, teachers: 600)).digest()
        #expect(first == again)
        #expect(first != other)
    }

    @Test func theClockRunsForwardThroughOfficeHoursOnWorkingDaysAndStopsBeforeTheEndOfNovember2026() throws {
        let steps = try Self.program.get()
        let model = try Self.model()
        let calendar = WorkingDayCalendar(model.selection.program.config)
        var previous: Int64 = 0
        for step in steps {
            #expect(step.recordedAtUnixMilliseconds >= previous)
            previous = step.recordedAtUnixMilliseconds
            let day = CivilDate(unixMilliseconds: step.recordedAtUnixMilliseconds)
            let time = step.recordedAtUnixMilliseconds - day.startUnixMilliseconds
            #expect(calendar.isWorkingDay(day), "\(day) is not a working day")
            #expect((9 * 3_600_000..<17 * 3_600_000).contains(time), "\(step.reason) at \(time) ms into \(day)")
            #expect(!step.actorAccountID.isEmpty && !step.reason.isEmpty && !step.changes.isEmpty)
        }
        #expect(CivilDate(unixMilliseconds: previous) < CivilDate(year: 2026, month: 11, day: 29)!)
        #expect(model.selection.programConfigVersions.count == 3)
        #expect(calendar.isWorkingDay(CivilDate(year: 2024, month: 2, day: 4)!))  // a makeup Sunday
        #expect(!calendar.isWorkingDay(CivilDate(year: 2026, month: 10, day: 5)!))  // National Day
    }

    @Test func round2024IsConfirmedWithTheQuotaOrEveryoneWhoPassedPerTier() throws {
        let model = try Self.model()
        let round = try Self.round(2024, in: model)
        #expect(round.state == .confirmed)
        let nominations = model.selection.nominations(inRound: round.id)
        let projects = model.selection.allProjects.filter { $0.roundID == round.id }
        for tier in Tier.allCases {
            let passed = nominations.filter { $0.tier == tier && $0.qualificationReview?.outcome == .passed }.count
            let quota = Int(round.config.quotas[tier]!)
            #expect(passed > 0)
            #expect(projects.filter { $0.tier == tier }.count == min(quota, passed), "\(tier)")
        }
        for nomination in nominations where nomination.state == .confirmed {
            #expect(nomination.eligibility.hardCriteriaSatisfied, "\(nomination.id)")
            #expect(!nomination.projectID.isEmpty)
        }
        // The story's turns all happened.
        let states = Set(nominations.map(\.state))
        for state in [NominationState.confirmed, .notSelected, .failedReview, .withdrawn, .lapsed, .removed] {
            #expect(states.contains(state), "no nomination is \(state)")
        }
        let waivers = nominations.flatMap(\.waivers)
        #expect(waivers.contains { $0.state == .approved } && waivers.contains { $0.state == .refused })
        #expect(nominations.contains { $0.state == .confirmed && $0.waivers.contains { $0.state == .approved } })
        let objections = model.selection.allObjections.filter { $0.roundID == round.id }
        #expect(objections.contains { $0.stage == .schoolPublicity && $0.state == .upheld })
        #expect(objections.contains { $0.stage == .schoolPublicity && $0.state == .dismissed })
        #expect(objections.contains { $0.stage == .publicNotice && $0.state == .upheld })
        let list = try #require(model.selection.provisionalList(roundID: round.id))
        #expect(list.entries.contains { $0.promoted && $0.state == .confirmed })
        #expect(list.notices.count == 2 && list.notices[1].supplementary)
    }

    @Test func round2026IsInEvaluationWithSomeButNotAllScores() throws {
        let model = try Self.model()
        let round = try Self.round(2026, in: model)
        #expect(round.state == .evaluation)
        let assigned = model.selection.allAssignments.filter { $0.roundID == round.id }.reduce(0) { $0 + $1.nominationIDs.count }
        let scored = model.selection.allScores.filter { $0.roundID == round.id }.count
        #expect(scored > assigned / 3 && scored < assigned * 2 / 3, "\(scored) of \(assigned)")
        // Nobody confirmed in 2024 is nominated again.
        let cultivated = Set(model.selection.allProjects.compactMap(\.subjectTeacherID))
        #expect(!model.selection.nominations(inRound: round.id).contains { cultivated.contains($0.teacherID ?? "") })
    }

    /// The teams as they were at `instant`, from the registry changes of the steps before it.
    static func teams(asOf instant: Int64, in steps: [DemoProgram.Step]) -> [String: Team] {
        var teams: [String: Team] = [:]
        for step in steps where step.recordedAtUnixMilliseconds < instant {
            for case .registry(.teamCreated(let team)) in step.changes { teams[team.id] = team }
            for case .registry(.teamUpdated(let team)) in step.changes { teams[team.id] = team }
        }
        return teams
    }

    @Test func schoolsRegisterTheirTeamsAndNominateTheirOwnForTeamOnly() throws {
        let steps = try Self.program.get()
        let model = try Self.model()
        let teams = Array(model.registry.allTeams)
        // One for every 40 teachers in January 2024, and one in every second school formed since.
        #expect(teams.count == 15 + 6)
        let operators = Dictionary(
            uniqueKeysWithValues: model.selection.allAccounts.compactMap { account -> (String, String)? in
                guard case .schoolOperator(let school) = account.role else { return nil }
                return (account.id, school)
            })
        for step in steps {
            for case .registry(let change) in step.changes {
                switch change {
                case .teamCreated(let team), .teamUpdated(let team):
                    #expect(operators[step.actorAccountID] == team.schoolID, "\(step.reason) by \(step.actorAccountID)")
                default: break
                }
            }
        }
        for round in model.selection.allRounds {
            let ofTeams = model.selection.nominations(inRound: round.id).filter { $0.teamID != nil }
            #expect(ofTeams.count >= 4, "\(round.year): \(ofTeams.count) team nominations")
            for nomination in ofTeams {
                let team = try #require(model.registry.team(id: nomination.teamID!))
                #expect(nomination.tier == .team)
                #expect(team.schoolID == nomination.schoolID)
                #expect(operators[nomination.nominatedByAccountID] == team.schoolID)
            }
            #expect(!model.selection.nominations(inRound: round.id).contains { $0.tier == .team && $0.teamID == nil })
        }
    }

    @Test func noTeacherTakesPartInTwoActiveNominationsOfARound() throws {
        let steps = try Self.program.get()
        let model = try Self.model()
        for round in model.selection.allRounds {
            // Teams change only before a round's nominations (or after its round concluded).
            let teams = Self.teams(asOf: round.config.nominationClosesAtUnixMilliseconds, in: steps)
            var seen: [String: String] = [:]
            var throughTeams = 0
            for nomination in model.selection.nominations(inRound: round.id) where nomination.state.isActive {
                let people: [String]
                switch nomination.subject {
                case .teacher(let id): people = [id]
                case .team(let id):
                    people = try #require(teams[id]).teacherIDs
                    throughTeams += people.count
                }
                for person in people {
                    if let other = seen.updateValue(nomination.id, forKey: person) {
                        Issue.record("\(person) takes part in \(other) and \(nomination.id) of \(round.year)")
                    }
                }
            }
            #expect(throughTeams > 30, "\(round.year): \(throughTeams) teachers in active team nominations")
        }
    }

    @Test func confirmedTeamsMetTheirHardCriteriaAndFailedOnesAreToldWhy() throws {
        let model = try Self.model()
        let round = try Self.round(2024, in: model)
        let teams = model.selection.nominations(inRound: round.id).filter { $0.tier == .team }
        let confirmed = teams.filter { $0.state == .confirmed }
        #expect(confirmed.count == min(8, teams.filter { $0.qualificationReview?.outcome == .passed }.count))
        for nomination in confirmed {
            #expect(nomination.eligibility.hardCriteriaSatisfied, "\(nomination.id)")
            #expect(nomination.eligibility.lines.contains { $0.criterion == .teamRoleCoverage && $0.status == .met })
            #expect(model.selection.allProjects.contains { $0.id == nomination.projectID && $0.subject == nomination.subject })
        }
        // Teams with an unmet hard criterion fail review with reasons naming it; in both rounds some do.
        for round in model.selection.allRounds {
            let failed = model.selection.nominations(inRound: round.id).filter {
                $0.tier == .team && $0.state == .failedReview && !$0.eligibility.hardCriteriaSatisfied
            }
            #expect(!failed.isEmpty, "\(round.year)")
            for nomination in failed {
                let reasons = nomination.qualificationReview?.failureReasons ?? []
                #expect(reasons.count == nomination.eligibility.lines.count { $0.status == .notMet })
                #expect(reasons.allSatisfy { $0.hasPrefix("团队") && $0.contains("不符合要求：") }, "\(reasons)")
            }
        }
        // Teams are scored on the TEAM rubric.
        let teamScores = model.selection.allScores.filter { model.selection.nomination(id: $0.nominationID)?.tier == .team }
        #expect(!teamScores.isEmpty)
        let items = round.config.rubrics[.team]!.items.map(\.code)
        #expect(teamScores.allSatisfy { $0.itemScores.map(\.itemCode) == items })
    }

    @Test func aTeamNominatedIn2026IsNotUpdatedOnceItsSchoolPublicityBegan() throws {
        let steps = try Self.program.get()
        let model = try Self.model()
        let round = try Self.round(2026, in: model)
        var updatedBefore = 0
        for nomination in model.selection.nominations(inRound: round.id) {
            guard let teamID = nomination.teamID, let publicity = nomination.schoolPublicity else { continue }
            for step in steps {
                for case .registry(.teamUpdated(let team)) in step.changes where team.id == teamID {
                    if step.recordedAtUnixMilliseconds >= publicity.recordedAtUnixMilliseconds {
                        Issue.record("team \(teamID) updated (\(step.reason)) after its publicity for \(nomination.id)")
                    } else if step.recordedAtUnixMilliseconds >= round.createdAtUnixMilliseconds {
                        updatedBefore += 1
                    }
                }
            }
        }
        // Schools do bring teams up to date for the round, before they nominate them.
        #expect(updatedBefore > 0)
    }

    @Test func noExpertScoredANomineeOfTheirOwnSchool() throws {
        let model = try Self.model()
        var affiliated = 0
        for score in model.selection.allScores {
            let expert = try #require(model.selection.account(id: score.expertAccountID))
            guard case .expert(let school) = expert.role else {
                Issue.record("\(expert.id) is not an expert")
                continue
            }
            if school != nil { affiliated += 1 }
            #expect(school != model.selection.nomination(id: score.nominationID)?.schoolID)
        }
        #expect(affiliated > 0, "affiliated experts scored too, nominees of other schools")
    }

    @Test func journalRecordsAndASnapshotRebuildTheSameState() throws {
        let steps = try Self.program.get()
        let direct = try Self.state(of: steps)
        var replayed = CraftsmanState()
        for step in steps {
            try replayed.apply(CraftsmanState.decode(CraftsmanState.encode(Self.change(step))[...]))
        }
        #expect(try replayed.digest() == direct.digest())
        let payload = try direct.snapshotPayload().flatMap { $0 }
        #expect(try CraftsmanState(snapshotPayload: payload[...]).digest() == direct.digest())
    }
}

/// `craftsmand demo-load` as an operator runs it.
@Suite struct DemoLoadCommandTests {
    static let binary = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/craftsmand")

    static let craftload = binary.deletingLastPathComponent().appendingPathComponent("craftload")

    /// Runs craftsmand (or `binary`) with `arguments` to the end: its exit status and its output
    /// (stdout and stderr).
    static func run(_ arguments: [String], binary: URL = binary) throws -> (status: Int32, output: String) {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = binary
        process.arguments = arguments
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// ``run(_:binary:)`` on a thread of its own: a test whose server runs in this process must
    /// not block one of Swift concurrency's few threads while the process it runs calls that server
    /// (with two tests doing so at once on two cores, the server had no thread left).
    static func runOffThePool(_ arguments: [String], binary: URL = binary) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try run(arguments, binary: binary) })
            }
        }
    }

    @Test func itLoadsTheProgramDurablyThenVerifyAgreesAndASecondLoadIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let arguments = [
                "demo-load", "--data-dir", directory, "--schools", "12", "--teachers", "600", "--log-level", "warning",
            ]
            let load = try Self.run(arguments)
            #expect(load.status == 0, "\(load.output)")
            for expected in [
                "schools: 12, teachers: 600, teams: 21", "round R00000001 2024: CONFIRMED", "round R00000002 2026: EVALUATION",
                "accounts: 38 (1 auditors, 1 bureau, 24 experts, 12 school operators)", "TEAM (quota 8): 11 nominated",
                "CONFIRMED 8", "projects: 58",
            ] {
                #expect(load.output.contains(expected), "\(load.output)")
            }
            let digest = try #require(load.output.split(separator: "\n").first { $0.contains("state digest:") })
            // The same seed and sizes give the same state as the generator does in memory.
            let expected = try DemoProgramTests.state(of: DemoProgramTests.program.get()).digest()
            #expect(digest.hasSuffix(expected))

            let verify = try Self.run(["verify", "--data-dir", directory])
            #expect(verify.status == 0, "\(verify.output)")
            #expect(verify.output.contains("records replayed: 0") && verify.output.contains(String(digest)))

            let again = try Self.run(arguments)
            #expect(again.status == 1)
            #expect(again.output.contains("the data directory \(directory) already holds data"), "\(again.output)")
        }
    }

    /// The load generator's read workloads run against a demo program, with the typed client and
    /// with requests encoded beforehand.
    @Test func loadTestsRunOverTheDemoProgram() async throws {
        try await withTemporaryDirectory { directory in
            let load = try Self.run([
                "demo-load", "--data-dir", directory, "--schools", "12", "--teachers", "600", "--log-level", "warning",
            ])
            #expect(load.status == 0, "\(load.output)")
            try await withStoreServer(directory: directory) { server in
                for call in ["get-nomination", "check-eligibility", "dashboard", "get-teacher"] {
                    for api in ["callback", "encoded"] {
                        let run = try await Self.runOffThePool(
                            [
                                "--connect", "127.0.0.1:\(server.port)", "--call", call, "--inflight", "4", "--count", "24",
                                "--api", api,
                            ],
                            binary: Self.craftload)
                        #expect(run.status == 0, "\(call), \(api): \(run.output)")
                        #expect(run.output.contains("\"call\":\"\(call)\""), "\(call), \(api): \(run.output)")
                        #expect(run.output.contains("\"calls\":24,"), "\(call), \(api): \(run.output)")
                    }
                }
            }
        }
    }

    /// `--slow-ms` lists each measured call at least that slow, with its start, on standard
    /// error: with 0, every call; with a threshold no call reaches, none.
    @Test(arguments: ["callback", "async", "encoded"])
    func theLoadGeneratorListsSlowCalls(api: String) async throws {
        try await withTemporaryDirectory { directory in
            try await withStoreServer(directory: directory) { server in
                let base = [
                    "--connect", "127.0.0.1:\(server.port)", "--call", "create-teacher", "--pool", "100",
                    "--without-national-ids", "--inflight", "3",
                    "--count", "30", "--api", api,
                ]
                let every = try await Self.runOffThePool(base + ["--slow-ms", "0"], binary: Self.craftload)
                #expect(every.status == 0, "\(every.output)")
                let slow = every.output.split(separator: "\n").filter { $0.hasPrefix("{\"slow_call\":") }
                #expect(slow.count == 30, "\(every.output)")
                let now = Date().timeIntervalSince1970 * 1000
                for line in slow {
                    let call = try #require(
                        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: [String: Double]])["slow_call"]
                    let started = try #require(call?["started_unix_ms"])
                    #expect(started > now - 60_000 && started <= now, "\(line)")
                    #expect((call?["latency_us"] ?? -1) >= 0, "\(line)")
                }
                let none = try await Self.runOffThePool(base + ["--slow-ms", "60000"], binary: Self.craftload)
                #expect(none.status == 0 && !none.output.contains("slow_call"), "\(none.output)")
            }
        }
        let refused = try Self.run(["--slow-ms", "-1"], binary: Self.craftload)
        #expect(
            refused.status == 2 && refused.output.contains("--slow-ms -1: expected milliseconds, 0 or more"), "\(refused.output)")
    }

    @Test func itsOptionsAreOnlyForDemoLoad() throws {
        let misplaced = try Self.run(["--seed", "7"])
        #expect(misplaced.status == 2 && misplaced.output.contains("--seed is only for craftsmand demo-load"))
        let help = try Self.run(["--help"])
        #expect(help.output.contains("craftsmand demo-load --data-dir PATH"))
    }
}

extension CultivationProject {
    fileprivate var subjectTeacherID: String? { if case .teacher(let id) = subject { id } else { nil } }
}
