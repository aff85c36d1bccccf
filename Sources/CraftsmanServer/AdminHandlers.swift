import CraftsmanProto
import CraftsmanRPC
import CraftsmanStore

extension CraftsmanServices {
    func registerAdmin(in router: inout Router) {
        router.register(
            AdminService.TakeSnapshot.self,
            unary: { _, _ in
                let summary = try await ErrorMapping.mapping { try await store.takeSnapshot() }
                return TakeSnapshotResponse(snapshot: SnapshotInfo(summary))
            })
        router.register(
            AdminService.GetServerInfo.self,
            adaptive: { request, _ in
                guard request.includeStateDigest else { return .now(GetServerInfoResponse(info: serverInfo())) }
                // A pass over the whole state: in a task, on a copy, so the connection and writers go on.
                return .later {
                    var info = serverInfo()
                    info.stateDigest = try ErrorMapping.mapping { try store.copy().digest() }
                    return GetServerInfoResponse(info: info)
                }
            })
    }

    /// The server's version, clock, journal and snapshot positions, write status and counts.
    public func serverInfo() -> ServerInfo {
        let status = store.status
        let counts = store.read { state in
            StoreCounts(
                schools: Int64(state.registry.schoolCount), teachers: Int64(state.registry.teacherCount),
                teams: Int64(state.registry.teamCount))
        }
        return ServerInfo(
            serverVersion: Self.version, schemaPackage: "craftsman.v1", startedAtUnixMs: startedAt, nowAtUnixMs: clock(),
            journalSequence: status.acknowledgedSequence, journalBytes: Int64(status.currentSegmentBytes),
            lastSnapshot: status.lastSnapshot.map(SnapshotInfo.init), writesEnabled: status.writesDisabledReason == nil,
            writesDisabledReason: status.writesDisabledReason?.message ?? "", counts: counts)
    }
}

extension SnapshotInfo {
    init(_ summary: SnapshotSummary) {
        self.init(
            journalSequence: summary.sequence, fileName: summary.fileName, sizeBytes: Int64(summary.sizeBytes),
            takenAtUnixMs: summary.takenAtUnixMilliseconds, durationMs: summary.durationMilliseconds)
    }
}
