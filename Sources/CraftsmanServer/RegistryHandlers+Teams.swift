import Craftsman
import CraftsmanProto
import CraftsmanRPC

extension CraftsmanServices {
    /// RegistryService's team methods: create, update, get, list.
    func registerTeams(in router: inout Router) {
        router.register(
            RegistryService.CreateTeam.self,
            unary: { request, context in
                let actor = try actor(context)
                let draft = (request.team ?? TeamInput()).draft
                let change = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.requireRegistryWriter(actor, schoolID: draft.schoolID, to: "register teams")
                    let change = try model.planCreateTeam(draft, actorID: actor.accountID, now: now)
                    return Planned([.registry(change)], change)
                }
                return CreateTeamResponse(team: change.team.map(CraftsmanProto.Team.init))
            })
        router.register(
            RegistryService.UpdateTeam.self,
            unary: { request, context in
                let actor = try actor(context)
                let draft = (request.team ?? TeamInput()).draft
                let change = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.requireRegistryWriter(
                        actor, schoolID: draft.schoolID, existingSchoolID: model.registry.team(id: request.teamID)?.schoolID,
                        to: "change teams")
                    let change = try model.planUpdateTeam(
                        id: request.teamID, expectedRevision: request.expectedRevision, draft, actorID: actor.accountID, now: now)
                    return Planned([.registry(change)], change)
                }
                return UpdateTeamResponse(team: change.team.map(CraftsmanProto.Team.init))
            })
        router.register(
            RegistryService.GetTeam.self,
            inline: { request, context in
                let actor = try actor(context)
                guard let team = store.read({ $0.registry.team(id: request.teamID) }),
                    actor.schoolScope.map({ $0 == team.schoolID }) ?? true
                else {
                    throw RPCError(.notFound, "team_id: no team \(request.teamID)")
                }
                return GetTeamResponse(team: CraftsmanProto.Team(team))
            })
        router.register(
            RegistryService.ListTeams.self,
            inline: { request, context in
                let scope = try actor(context).schoolScope
                let size = try Paging.pageSize(request.pageSize)
                let cursor = try Paging.cursor(request.pageToken)
                let kinds = Set(request.majorKinds.map(\.rawValue))
                let matches = { (team: Craftsman.Team) in
                    (request.schoolID.isEmpty || team.schoolID == request.schoolID) && (scope == nil || team.schoolID == scope)
                        && (kinds.isEmpty || kinds.contains(team.majorKind.rawValue))
                }
                // With a teacher, only that teacher's teams are read (from the index); without, a
                // scan, on a copy so that writers do not wait for it.
                let page =
                    request.teacherID.isEmpty
                    ? store.copy().registry.teams(after: cursor, limit: size, where: matches)
                    : store.read {
                        $0.registry.teams(containingTeacher: request.teacherID, after: cursor, limit: size, where: matches)
                    }
                return ListTeamsResponse(teams: page.rows.map(CraftsmanProto.Team.init), nextPageToken: Paging.token(page.next))
            })
    }
}
