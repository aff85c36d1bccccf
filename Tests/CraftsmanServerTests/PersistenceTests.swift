import CraftsmanClient
import CraftsmanDemo
import CraftsmanProto
import CraftsmanRPC
import CraftsmanServer
import CraftsmanStore
import Foundation
import Testing

@Suite struct PersistenceTests {
    /// Loads `teachers` demo teachers over RPC, 16 at a time, then up to `teams` demo teams.
    static func load(_ server: StoreServer, schools: Int, teachers: Int, teams: Int = 0) async throws {
        for input in Demo.schools(schools) { _ = try await server.registry.createSchool(.init(school: input)) }
        let inputs = Demo.teachers(teachers, schools: schools)
        // Sixteen lanes create teachers concurrently, so ids follow the order of arrival: keep
        // the id each demo teacher got, to point the demo teams at the right people.
        let ids = try await withThrowingTaskGroup(of: [(Int, String)].self) { group in
            for lane in 0..<16 {
                group.addTask {
                    var created: [(Int, String)] = []
                    for index in stride(from: lane, to: inputs.count, by: 16) {
                        created.append(
                            (index, try await server.registry.createTeacher(.init(teacher: inputs[index])).teacher?.id ?? ""))
                    }
                    return created
                }
            }
            var ids = [String](repeating: "", count: inputs.count)
            for try await lane in group { for (index, id) in lane { ids[index] = id } }
            return ids
        }
        func actual(_ demoID: String) -> String { Int(demoID.dropFirst()).map { ids[$0 - 1] } ?? demoID }
        for var input in Demo.teams(teams, teachers: teachers, schools: schools) {
            input.leaderTeacherID = actual(input.leaderTeacherID)
            for index in input.members.indices {
                if case .teacherID(let id)? = input.members[index].person { input.members[index].person = .teacherID(actual(id)) }
            }
            _ = try await server.registry.createTeam(.init(team: input))
        }
    }

    static func digest(_ server: StoreServer) async throws -> String {
        try #require(try await server.admin.getServerInfo(.init(includeStateDigest: true)).info).stateDigest
    }

    @Test func replayAndSnapshotRebuildTheLiveStateOfADemoDataset() async throws {
        try await withTemporaryDirectory { directory in
            let live = try await withStoreServer(directory: directory) { server in
                try await Self.load(server, schools: 12, teachers: 600, teams: 30)
                // A team changed, so that the journal holds team_updated too.
                var team = try #require(try await server.registry.getTeam(.init(teamID: "TM00000003")).team)
                team.members.removeFirst()
                team.name += "（调整）"
                _ = try await server.registry.updateTeam(
                    .init(teamID: team.id, expectedRevision: 1, team: TeamInput(editing: team)))
                return try await Self.digest(server)
            }
            #expect(live.hasPrefix("fnv1a64:") && live.count == 24)
            // From the journal alone.
            let replayed = try await withStoreServer(directory: directory) { server in
                #expect(server.store.recovery.recordsReplayed == 643)
                let digest = try await Self.digest(server)
                let snapshot = try #require(try await server.admin.takeSnapshot(.init(reason: "test")).snapshot)
                #expect(snapshot.journalSequence == 643 && snapshot.sizeBytes > 0)
                let info = try #require(try await server.admin.getServerInfo(.init()).info)
                #expect(info.lastSnapshot == snapshot)
                return digest
            }
            #expect(replayed == live)
            // From the snapshot alone, then with writes after it.
            try await withStoreServer(directory: directory) { server in
                #expect(server.store.recovery.snapshotSequence == 643 && server.store.recovery.recordsReplayed == 0)
                #expect(try await Self.digest(server) == live)
                _ = try await server.registry.createSchool(.init(school: SchoolInput(name: "北京市新设技工学校", district: "通州区")))
            }
            let offline = try DurableStore<CraftsmanState>.verify(directory: directory)
            #expect(offline.report.recordsReplayed == 1)
            #expect(offline.state.registry.schoolCount == 13 && offline.state.registry.teacherCount == 600)
            #expect(offline.state.registry.teamCount == 30)
            #expect(offline.state.registry.team(id: "TM00000003")?.revision == 2)
            let rebuilt = try offline.state.digest()
            let restarted = try await withStoreServer(directory: directory) { server in try await Self.digest(server) }
            #expect(restarted == rebuilt)
        }
    }

    @Test func aFailedFlushAnswersUnavailableThenWritesStopAndReadsGoOn() async throws {
        try await withTemporaryDirectory { directory in
            let fileSystem = FaultInjectingFileSystem()
            try await withStoreServer(directory: directory, fileSystem: fileSystem) { server in
                _ = try await server.registry.createSchool(.init(school: Demo.schools(1)[0]))
                let teachers = Demo.teachers(3, schools: 1)
                _ = try await server.registry.createTeacher(.init(teacher: teachers[0]))
                fileSystem.failSyncs(true)
                let failed = await rpcError { try await server.registry.createTeacher(.init(teacher: teachers[1])) }
                #expect(failed?.code == .unavailable)
                #expect(failed?.message.contains("writes are refused until the server is restarted") == true)
                fileSystem.failSyncs(false)
                let refused = await rpcError { try await server.registry.createTeacher(.init(teacher: teachers[2])) }
                #expect(refused?.code == .unavailable)
                let info = try #require(try await server.admin.getServerInfo(.init()).info)
                #expect(!info.writesEnabled && info.writesDisabledReason.contains("injected: cannot flush"))
                #expect(info.journalSequence == 2)
                let read = try await server.registry.getTeacher(.init(teacherID: "T00000001"))
                #expect(read.teacher?.name == teachers[0].name)
            }
        }
    }
}
