// Teams as the selection sees them: the size limit comes from the round in progress, and a
// nominated team's composition is frozen once its school publicity has begun.

extension Model {
    /// The team rule in force: that of the round taking nominations, or the documented default.
    public var teamRuleInForce: TeamRule {
        selection.allRounds.last { $0.state == .nomination }?.config.teamRule ?? .defaults
    }

    /// Plans a team under the team rule in force (see ``Registry/planCreateTeam(_:maxTeamSize:actorID:now:)``).
    public func planCreateTeam(_ draft: TeamDraft, actorID: String = "", now: Int64) throws(DomainError) -> RegistryChange {
        try registry.planCreateTeam(draft, maxTeamSize: Int(teamRuleInForce.maxTeamSize), actorID: actorID, now: now)
    }

    /// Plans a change to a team, refused while the team has an active nomination past its
    /// school publicity in a round still in progress, or a confirmed one: the composition that
    /// was publicised, submitted and selected must stay as it was. A nomination left NOT_SELECTED
    /// (or any other) when its round was confirmed or cancelled no longer holds the team.
    public func planUpdateTeam(id: String, expectedRevision: Int64, _ draft: TeamDraft, actorID: String = "", now: Int64)
        throws(DomainError) -> RegistryChange
    {
        if let nomination = selection.allNominations.first(where: { nomination in
            guard nomination.teamID == id && nomination.state.isActive && nomination.state != .nominated else { return false }
            let concluded = selection.round(id: nomination.roundID).map { [.confirmed, .cancelled].contains($0.state) } ?? false
            return !concluded || nomination.state == .confirmed
        }) {
            throw DomainError(
                .failedPrecondition,
                "team \(id) cannot change: nomination \(nomination.id) of round \(nomination.roundID) is in state \(nomination.state), and a nominated team's composition is frozen once its school publicity begins; withdraw the nomination first"
            )
        }
        return try registry.planUpdateTeam(
            id: id, expectedRevision: expectedRevision, draft, maxTeamSize: Int(teamRuleInForce.maxTeamSize), actorID: actorID,
            now: now)
    }
}
