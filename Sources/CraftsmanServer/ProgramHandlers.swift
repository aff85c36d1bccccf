import Craftsman
import CraftsmanProto
import CraftsmanRPC

extension CraftsmanServices {
    func registerProgram(in router: inout Router) {
        router.register(
            ProgramService.GetProgram.self,
            inline: { _, _ in GetProgramResponse(program: CraftsmanProto.Program(store.read { $0.selection.program })) })
        router.register(
            ProgramService.UpdateProgramConfig.self,
            unary: { request, context in
                let actor = try actor(context)
                let config = try ErrorMapping.mapping { () throws(DomainError) in try (request.config ?? .init()).validated() }
                _ = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planUpdateProgramConfig(
                        config, expectedVersion: request.expectedVersion, reason: request.reason, actor: actor, now: now)
                }
                return UpdateProgramConfigResponse(program: CraftsmanProto.Program(store.read { $0.selection.program }))
            })
        router.register(
            ProgramService.ListProgramConfigVersions.self,
            inline: { request, _ in
                let versions = store.read { $0.selection.programConfigVersions }.reversed()
                let page = try Paging.page(of: Array(versions), pageSize: request.pageSize, token: request.pageToken)
                return ListProgramConfigVersionsResponse(
                    versions: page.rows.map(CraftsmanProto.ProgramConfigVersion.init), nextPageToken: page.nextPageToken)
            })
        router.register(
            ProgramService.GetRoundConfigDefaults.self,
            inline: { _, _ in GetRoundConfigDefaultsResponse(config: CraftsmanProto.RoundConfig(Craftsman.RoundConfig.defaults)) }
        )
        router.register(
            ProgramService.CreateRound.self,
            unary: { request, context in
                let actor = try actor(context)
                let config = try ErrorMapping.mapping { () throws(DomainError) in try (request.config ?? .init()).domain() }
                let round = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planCreateRound(year: request.year, config: config, reason: request.reason, actor: actor, now: now)
                }
                return CreateRoundResponse(round: CraftsmanProto.Round(round))
            })
        router.register(
            ProgramService.UpdateRoundConfig.self,
            unary: { request, context in
                let actor = try actor(context)
                let config = try ErrorMapping.mapping { () throws(DomainError) in try (request.config ?? .init()).domain() }
                let round = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planUpdateRoundConfig(
                        roundID: request.roundID, expectedConfigVersion: request.expectedConfigVersion, config: config,
                        reason: request.reason, actor: actor, now: now)
                }
                return UpdateRoundConfigResponse(round: CraftsmanProto.Round(round))
            })
        router.register(
            ProgramService.ListRoundConfigVersions.self,
            inline: { request, _ in
                let versions = try read { model throws(DomainError) in
                    _ = try model.existingRound(request.roundID)
                    return model.selection.configVersions(ofRound: request.roundID).reversed()
                }
                let page = try Paging.page(of: Array(versions), pageSize: request.pageSize, token: request.pageToken)
                return ListRoundConfigVersionsResponse(
                    versions: page.rows.map(CraftsmanProto.RoundConfigVersion.init), nextPageToken: page.nextPageToken)
            })
        router.register(
            ProgramService.GetRound.self,
            inline: { request, _ in
                GetRoundResponse(
                    round: CraftsmanProto.Round(
                        try read { model throws(DomainError) in try model.existingRound(request.roundID) }))
            })
        router.register(
            ProgramService.ListRounds.self,
            inline: { request, _ in
                let size = try Paging.pageSize(request.pageSize)
                let cursor = try Paging.cursor(request.pageToken)
                let states = Set(request.states.map(\.rawValue))
                let page = store.read { state in
                    state.selection.rounds(after: cursor, limit: size) { round in
                        (states.isEmpty || states.contains(round.state.rawValue))
                            && (request.year == 0 || round.year == request.year)
                    }
                }
                return ListRoundsResponse(
                    rounds: page.rows.map(CraftsmanProto.Round.init), nextPageToken: Paging.token(page.next))
            })
        router.register(
            ProgramService.OpenRound.self,
            unary: { request, context in
                let actor = try actor(context)
                let round = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planOpenRound(
                        roundID: request.roundID, expectedRevision: request.expectedRevision, reason: request.reason,
                        actor: actor, now: now)
                }
                return OpenRoundResponse(round: CraftsmanProto.Round(round))
            })
        router.register(
            ProgramService.CloseNominations.self,
            unary: { request, context in
                let actor = try actor(context)
                let round = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planCloseNominations(
                        roundID: request.roundID, expectedRevision: request.expectedRevision, reason: request.reason,
                        actor: actor, now: now)
                }
                return CloseNominationsResponse(round: CraftsmanProto.Round(round))
            })
        router.register(
            ProgramService.CancelRound.self,
            unary: { request, context in
                let actor = try actor(context)
                let round = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planCancelRound(
                        roundID: request.roundID, expectedRevision: request.expectedRevision, reason: request.reason,
                        actor: actor, now: now)
                }
                return CancelRoundResponse(round: CraftsmanProto.Round(round))
            })
        router.register(
            ProgramService.GetDashboard.self,
            inline: { request, context in
                let actor = try actor(context)
                let tiers: [Craftsman.Tier] = try ErrorMapping.mapping { () throws(DomainError) in
                    try request.tiers.enumerated().map { index, tier throws(DomainError) in
                        try requiredValue(tier, "tiers[\(index)]")
                    }
                }
                let rows = try read { model throws(DomainError) in
                    try model.dashboard(
                        roundID: request.roundID.isEmpty ? nil : request.roundID, tiers: tiers,
                        schoolID: request.schoolID.isEmpty ? nil : request.schoolID, groupByRound: request.groupByRound,
                        groupBySchool: request.groupBySchool, actor: actor)
                }
                return GetDashboardResponse(rows: rows.map(CraftsmanProto.DashboardRow.init), computedAtUnixMs: clock())
            })
    }
}
