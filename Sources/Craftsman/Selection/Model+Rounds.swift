// The program configuration and the round's own steps: create, configure, open, close
// nominations, cancel (domain.md §1 and §4 step 1).

extension Model {
    /// Plans a new version of the program configuration (bureau).
    ///
    /// - Throws: `permissionDenied`, `aborted` for a stale `expectedVersion` (0 skips), or
    ///   `invalidArgument` naming every bad field.
    public func planUpdateProgramConfig(
        _ config: ProgramConfig, expectedVersion: Int64, reason: String, actor: Actor, now: Int64
    ) throws(DomainError) -> Planned<ProgramConfigVersion> {
        try requireBureau(actor, to: "change the program configuration")
        try requireRevision(expectedVersion, of: "the program configuration", current: selection.program.version)
        try requireReason(reason)
        try config.validate()
        let version = ProgramConfigVersion(
            version: selection.program.version + 1, config: config, changedByAccountID: actor.accountID,
            changedAtUnixMilliseconds: now, reason: reason)
        return Planned([.programConfigured(version)], version)
    }

    /// Plans a round in `draft` with configuration version 1 (bureau).
    ///
    /// - Throws: `invalidArgument` for a bad configuration or a year outside the program
    ///   period; `alreadyExists` when a round of `year` exists and is not cancelled.
    public func planCreateRound(year: Int32, config: RoundConfig, reason: String, actor: Actor, now: Int64)
        throws(DomainError) -> Planned<Round>
    {
        try requireBureau(actor, to: "create a round")
        let program = selection.program.config
        guard (program.startYear...program.endYear).contains(year) else {
            throw DomainError.invalid([
                .init(
                    field: "year", value: String(year),
                    rule: "must be within the program period \(program.startYear)–\(program.endYear)")
            ])
        }
        try config.validate(year: year)
        if let other = selection.allRounds.first(where: { $0.year == year && $0.state != .cancelled }) {
            throw DomainError(.alreadyExists, "year: round \(other.id) already holds \(year) (state \(other.state))")
        }
        try checkText(reason, field: "reason", maxLength: 2000)
        let round = Round(
            id: selection.nextRoundID, year: year, state: .draft, config: config, configVersion: 1,
            stateChangedAtUnixMilliseconds: now, cancelReason: "", createdAtUnixMilliseconds: now,
            updatedAtUnixMilliseconds: now, revision: 1)
        let version = RoundConfigVersion(
            roundID: round.id, version: 1, config: config, changedByAccountID: actor.accountID, changedAtUnixMilliseconds: now,
            reason: reason)
        return Planned([.roundPut(round), .roundConfigVersionAdded(version)], round)
    }

    /// Plans a new version of a round's configuration (bureau). A setting is frozen once the
    /// step that uses it has begun: the reference date, window opening and team rule when
    /// nominations open; the rubrics when evaluation starts; quotas, trimming and tie-break
    /// when the provisional list is drawn up; everything once the round is confirmed or cancelled.
    public func planUpdateRoundConfig(
        roundID: String, expectedConfigVersion: Int64, config: RoundConfig, reason: String, actor: Actor, now: Int64
    ) throws(DomainError) -> Planned<Round> {
        try requireBureau(actor, to: "change a round's configuration")
        let round = try existingRound(roundID)
        try requireRound(
            round, in: [.draft, .nomination, .qualificationReview, .evaluation, .provisionalList, .publicNotice],
            to: "change the configuration")
        try requireRevision(expectedConfigVersion, of: "the configuration of round \(roundID)", current: round.configVersion)
        try requireReason(reason)
        try config.validate(year: round.year)
        let old = round.config
        var frozen: [(String, Bool, RoundState)] = [
            ("config.reference_date", old.referenceDate != config.referenceDate, .nomination),
            (
                "config.nomination_opens_at_unix_ms",
                old.nominationOpensAtUnixMilliseconds != config.nominationOpensAtUnixMilliseconds, .nomination
            ),
            ("config.team_rule", old.teamRule != config.teamRule, .nomination),
            ("config.rubrics", old.rubrics != config.rubrics, .evaluation),
            ("config.quotas", old.quotas != config.quotas, .provisionalList),
            ("config.trimming", old.trimming != config.trimming, .provisionalList),
            ("config.tie_break_order", old.tieBreakOrder != config.tieBreakOrder, .provisionalList),
        ]
        frozen.removeAll { !$0.1 || round.state.rawValue < $0.2.rawValue }
        if let (field, _, since) = frozen.first {
            throw DomainError(
                .failedPrecondition,
                "\(field) of round \(roundID) is frozen since state \(since) (the round is in \(round.state)); it can no longer change"
            )
        }
        let updated = round.changed(at: now) {
            $0.config = config
            $0.configVersion += 1
        }
        let version = RoundConfigVersion(
            roundID: roundID, version: updated.configVersion, config: config, changedByAccountID: actor.accountID,
            changedAtUnixMilliseconds: now, reason: reason)
        return Planned([.roundPut(updated), .roundConfigVersionAdded(version)], updated)
    }

    /// Plans opening a round for nominations: DRAFT → NOMINATION (bureau). Refused when the
    /// nomination window has already closed.
    public func planOpenRound(roundID: String, expectedRevision: Int64, reason: String, actor: Actor, now: Int64)
        throws(DomainError) -> Planned<Round>
    {
        try requireBureau(actor, to: "open a round")
        let round = try existingRound(roundID)
        try requireRound(round, in: [.draft], to: "open the round")
        try requireRevision(expectedRevision, of: "round \(roundID)", current: round.revision)
        try checkText(reason, field: "reason", maxLength: 2000)
        guard now < round.config.nominationClosesAtUnixMilliseconds else {
            throw DomainError(
                .failedPrecondition,
                "cannot open round \(roundID): its nomination window closed at \(round.config.nominationClosesAtUnixMilliseconds) ms; change the window first (UpdateRoundConfig)"
            )
        }
        if let other = selection.allRounds.first(where: { ![.draft, .confirmed, .cancelled].contains($0.state) }) {
            throw DomainError(
                .failedPrecondition,
                "cannot open round \(roundID): round \(other.id) (\(other.year)) is still in state \(other.state)")
        }
        let opened = round.moved(to: .nomination, at: now)
        return Planned([.roundPut(opened)], opened)
    }

    /// Plans closing nominations: NOMINATION → QUALIFICATION_REVIEW (bureau), after the window.
    /// Nominations not yet submitted lapse.
    public func planCloseNominations(roundID: String, expectedRevision: Int64, reason: String, actor: Actor, now: Int64)
        throws(DomainError) -> Planned<Round>
    {
        try requireBureau(actor, to: "close nominations")
        let round = try existingRound(roundID)
        try requireRound(round, in: [.nomination], to: "close nominations")
        try requireRevision(expectedRevision, of: "round \(roundID)", current: round.revision)
        try checkText(reason, field: "reason", maxLength: 2000)
        guard now >= round.config.nominationClosesAtUnixMilliseconds else {
            throw DomainError(
                .failedPrecondition,
                "cannot close nominations of round \(roundID) before its window closes on \(CivilDate(unixMilliseconds: round.config.nominationClosesAtUnixMilliseconds)) (Beijing)"
            )
        }
        var changes: [SelectionChange] = []
        for nomination in selection.nominations(inRound: roundID)
        where [.nominated, .inSchoolPublicity].contains(nomination.state) {
            changes.append(
                .nominationPut(
                    nomination.changed(at: now) {
                        $0.state = .lapsed
                        $0.endReason = "not submitted before nominations closed"
                    }))
        }
        let closed = round.moved(to: .qualificationReview, at: now)
        return Planned([.roundPut(closed)] + changes, closed)
    }

    /// Plans cancelling a round that is not confirmed (bureau). Terminal.
    public func planCancelRound(roundID: String, expectedRevision: Int64, reason: String, actor: Actor, now: Int64)
        throws(DomainError) -> Planned<Round>
    {
        try requireBureau(actor, to: "cancel a round")
        let round = try existingRound(roundID)
        try requireRound(
            round, in: [.draft, .nomination, .qualificationReview, .evaluation, .provisionalList, .publicNotice],
            to: "cancel the round")
        try requireRevision(expectedRevision, of: "round \(roundID)", current: round.revision)
        try requireReason(reason)
        let cancelled = round.changed(at: now) {
            $0.state = .cancelled
            $0.stateChangedAtUnixMilliseconds = now
            $0.cancelReason = reason
        }
        return Planned([.roundPut(cancelled)], cancelled)
    }
}
