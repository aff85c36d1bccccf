import Craftsman
import CraftsmanDemo
import CraftsmanServer
import CraftsmanStore
import Foundation
import Testing

@Suite struct CraftsmanStateTests {
    /// A state with `teachers` demo teachers over 20 schools and up to `teams` demo teams, built
    /// through the journal's path.
    static func state(teachers: Int, teams: Int = 0) throws -> CraftsmanState {
        var state = CraftsmanState()
        func apply(_ plan: (Registry) throws -> RegistryChange) throws {
            try state.apply(CraftsmanState.Change(registry: try plan(state.registry), recordedAtUnixMilliseconds: testNow))
        }
        for draft in DemoRegistry.schools(count: 20) { try apply { try $0.planCreateSchool(draft, now: testNow) } }
        let teacherDrafts = DemoRegistry.teachers(count: teachers, schoolCount: 20, today: Demo.today)
        for draft in teacherDrafts { try apply { try $0.planCreateTeacher(draft, now: testNow) } }
        for draft in DemoRegistry.teams(count: teams, teachers: teacherDrafts) {
            try apply { try $0.planCreateTeam(draft, maxTeamSize: 15, now: testNow) }
        }
        return state
    }

    @Test func aSnapshotEncodedAndDecodedInParallelPartsKeepsEveryTeacherInOrder() throws {
        // Enough teachers for several parts on any machine (a part is at least 2,048).
        let state = try Self.state(teachers: 4200, teams: 50)
        let payload = try state.snapshotPayload().flatMap { $0 }
        let loaded = try CraftsmanState(snapshotPayload: payload[...])
        #expect(try loaded.digest() == (try state.digest()))
        #expect(Array(loaded.registry.allTeachers.map(\.id)) == (1...4200).map { "T" + String(format: "%08d", $0) })
        #expect(Array(loaded.registry.allTeachers) == Array(state.registry.allTeachers))
        #expect(Array(loaded.registry.allTeams.map(\.id)) == (1...50).map { "TM" + String(format: "%08d", $0) })
        #expect(Array(loaded.registry.allTeams) == Array(state.registry.allTeams))
        // The teacher index is rebuilt on load.
        for team in state.registry.allTeams {
            for id in team.teacherIDs { #expect(loaded.registry.teams(containingTeacher: id) == [team.id]) }
        }
    }

    @Test func teamsAreInTheDigest() throws {
        let without = try Self.state(teachers: 200)
        let with = try Self.state(teachers: 200, teams: 1)
        #expect(with.registry.teamCount == 1)
        #expect(try with.digest() != (try without.digest()))
    }

    @Test func journalEntriesRoundTrip() throws {
        let state = try Self.state(teachers: 3)
        let teacher = try #require(state.registry.teacher(id: "T00000002"))
        let change = CraftsmanState.Change(registry: .teacherUpdated(teacher), recordedAtUnixMilliseconds: 42)
        #expect(try CraftsmanState.decode(try CraftsmanState.encode(change)[...]) == change)
        // A team with teacher and enterprise members (and their attestations).
        let team = try #require(try Self.state(teachers: 600, teams: 10).registry.allTeams.first { $0.enterpriseMemberCount > 0 })
        for change in [RegistryChange.teamCreated(team), .teamUpdated(team)] {
            let entry = CraftsmanState.Change(registry: change, recordedAtUnixMilliseconds: 43)
            #expect(try CraftsmanState.decode(try CraftsmanState.encode(entry)[...]) == entry)
        }
    }

    @Test func aSnapshotMissingItsTeamsIsRefused() throws {
        // The teams (and selection records) are the last part; without it the snapshot declares
        // teams it does not hold.
        let parts = try Self.state(teachers: 200, teams: 2).snapshotPayload()
        let payload = parts.dropLast().flatMap { $0 }
        #expect {
            try CraftsmanState(snapshotPayload: payload[...])
        } throws: { "\($0)".contains("2 teams, 0 selection records and 7 id counters but holds 20, 200, 0,") }
    }

    @Test func aCutSnapshotPayloadIsRefused() throws {
        let payload = try Self.state(teachers: 3).snapshotPayload().flatMap { $0 }
        // The last teacher cut short.
        var reader = payload
        reader.removeLast(10)
        #expect(throws: (any Error).self) { try CraftsmanState(snapshotPayload: reader[...]) }
    }
}
