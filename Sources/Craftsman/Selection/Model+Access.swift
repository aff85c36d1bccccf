// The checks every selection command starts with: who may act, on what, in which state.

extension Actor.Role {
    /// The role as a reader sees it, e.g. "a school operator of S00000003".
    var summary: String {
        switch self {
        case .bureauAdministrator: "the bureau administrator"
        case .schoolOperator(let schoolID): "a school operator of \(schoolID)"
        case .expert: "an expert"
        case .integrationSystem: "an integration system"
        case .auditor: "an auditor"
        }
    }
}

extension RoundState {
    /// What must happen for a round to reach this state, for refusals.
    var howToReach: String {
        switch self {
        case .draft: "the bureau creates the round (CreateRound)"
        case .nomination: "the bureau opens the round (OpenRound)"
        case .qualificationReview: "the bureau closes nominations (CloseNominations) after the nomination window"
        case .evaluation: "the bureau starts evaluation (StartEvaluation) once every submitted nomination is reviewed"
        case .provisionalList: "the bureau drafts the provisional list (DraftProvisionalList) once every nominee is scored"
        case .publicNotice: "the bureau publishes the public notice (PublishPublicNotice)"
        case .confirmed: "the bureau confirms the selection (ConfirmSelection) after the notice"
        case .cancelled: "the bureau cancels the round (CancelRound)"
        }
    }
}

extension Model {
    /// Refuses anyone but the bureau administrator.
    public func requireBureau(_ actor: Actor, to action: String) throws(DomainError) {
        guard actor.isBureau else {
            throw DomainError(
                .permissionDenied, "only the bureau administrator may \(action); the caller is \(actor.role.summary)")
        }
    }

    /// Refuses anyone but a school operator of `schoolID`.
    func requireSchoolOperator(_ actor: Actor, of schoolID: String, to action: String) throws(DomainError) {
        guard actor.schoolScope == schoolID else {
            throw DomainError(
                .permissionDenied, "only a school operator of \(schoolID) may \(action); the caller is \(actor.role.summary)")
        }
    }

    /// Whether `actor` may see records of `schoolID` (every role but another school's operator).
    func maySee(_ actor: Actor, schoolID: String) -> Bool {
        actor.schoolScope.map { $0 == schoolID } ?? true
    }

    public func existingRound(_ id: String) throws(DomainError) -> Round {
        guard let round = selection.round(id: id) else { throw DomainError(.notFound, "round_id: no round \(id)") }
        return round
    }

    public func existingNomination(_ id: String) throws(DomainError) -> Nomination {
        guard let nomination = selection.nomination(id: id) else {
            throw DomainError(.notFound, "nomination_id: no nomination \(id)")
        }
        return nomination
    }

    /// Refuses unless `round` is in one of `states`, naming its state and what must happen first.
    func requireRound(_ round: Round, in states: [RoundState], to action: String) throws(DomainError) {
        guard !states.contains(round.state) else { return }
        let wanted = states.map(\.description).joined(separator: " or ")
        var message = "cannot \(action): round \(round.id) (\(round.year)) is in state \(round.state), not \(wanted)"
        if let first = states.first, !round.state.isTerminal, first.rawValue > round.state.rawValue {
            message += "; first \(first.howToReach)"
        }
        throw DomainError(.failedPrecondition, message)
    }

    /// Refuses unless `nomination` is in one of `states`, naming its state.
    func requireNomination(_ nomination: Nomination, in states: [NominationState], to action: String, hint: String = "")
        throws(DomainError)
    {
        guard !states.contains(nomination.state) else { return }
        let wanted = states.map(\.description).joined(separator: " or ")
        var message = "cannot \(action): nomination \(nomination.id) is in state \(nomination.state), not \(wanted)"
        if !hint.isEmpty { message += "; \(hint)" }
        throw DomainError(.failedPrecondition, message)
    }

    /// Refuses a stale `expected` revision (0 skips the check).
    func requireRevision(_ expected: Int64, of what: String, current: Int64) throws(DomainError) {
        guard expected != 0, expected != current else { return }
        throw DomainError(.aborted, "\(what) is at revision \(current), not \(expected); read it again and retry")
    }

    /// Refuses an empty or malformed required reason.
    func requireReason(_ reason: String, field: String = "reason") throws(DomainError) {
        var violations = Violations()
        TextRule.required.check(reason, field: field, maxLength: 2000, into: &violations)
        try violations.check()
    }

    /// Checks the reason a caller gives for any change, which the journal records: free text
    /// of at most 2,000 characters, no control characters, possibly empty.
    public static func checkReason(_ reason: String) throws(DomainError) {
        var violations = Violations()
        TextRule.optional.check(reason, field: "reason", maxLength: 2000, into: &violations)
        try violations.check()
    }

    /// Checks optional free text.
    func checkText(_ text: String, field: String, maxLength: Int, required: Bool = false) throws(DomainError) {
        var violations = Violations()
        (required ? TextRule.required : TextRule.optional).check(text, field: field, maxLength: maxLength, into: &violations)
        try violations.check()
    }

    /// The working-day calendar of the program configuration in force.
    var calendar: WorkingDayCalendar { WorkingDayCalendar(selection.program.config) }
}

extension Round {
    /// The round after a change at `now`: revision and update time advanced.
    func changed(at now: Int64, _ change: (inout Round) -> Void) -> Round {
        var round = self
        change(&round)
        round.revision += 1
        round.updatedAtUnixMilliseconds = now
        return round
    }

    /// The round moved to `state` at `now`.
    func moved(to state: RoundState, at now: Int64) -> Round {
        changed(at: now) {
            $0.state = state
            $0.stateChangedAtUnixMilliseconds = now
        }
    }
}

extension Nomination {
    /// The nomination after a change at `now`: revision and update time advanced.
    func changed(at now: Int64, _ change: (inout Nomination) -> Void) -> Nomination {
        var nomination = self
        change(&nomination)
        nomination.revision += 1
        nomination.updatedAtUnixMilliseconds = now
        return nomination
    }
}
