// Nomination by a school, school publicity and submission (domain.md §4 steps 2–3), and the
// eligibility check behind them (§3).

extension Model {
    /// The eligibility of a teacher or team for `tier` under round `roundID`'s rules and
    /// reference date, with `waivers` taken into account. Changes nothing.
    ///
    /// - Throws: `notFound` for an unknown round, teacher or team; `invalidArgument` when the
    ///   subject does not fit the tier; `permissionDenied` for another school's operator.
    public func checkEligibility(
        roundID: String, tier: Tier, subject: EligibilityResult.Subject, waivers: [Waiver] = [], actor: Actor, now: Int64
    ) throws(DomainError) -> EligibilityResult {
        let round = try existingRound(roundID)
        let (schoolID, revision) = try subjectFacts(subject, tier: tier)
        guard maySee(actor, schoolID: schoolID) else {
            throw DomainError(.permissionDenied, "\(actor.role.summary) may not see \(subjectName(subject)) of \(schoolID)")
        }
        return eligibility(of: subject, tier: tier, round: round, revision: revision, waivers: waivers, now: now)
    }

    func eligibility(
        of subject: EligibilityResult.Subject, tier: Tier, round: Round, revision: Int64, waivers: [Waiver], now: Int64
    ) -> EligibilityResult {
        let reference = round.config.effectiveReferenceDate
        let lines: [EligibilityLine]
        switch subject {
        case .teacher(let id):
            lines =
                registry.teacher(id: id).map {
                    Eligibility.lines(for: $0, tier: tier, referenceDate: reference, waivers: waivers)
                } ?? []
        case .team(let id):
            lines =
                registry.team(id: id).map {
                    Eligibility.lines(
                        for: $0, teachers: { registry.teacher(id: $0) }, rule: round.config.teamRule, referenceDate: reference,
                        waivers: waivers)
                } ?? []
        }
        return EligibilityResult(
            tier: tier, subject: subject, roundID: round.id, referenceDate: reference, roundConfigVersion: round.configVersion,
            subjectRevision: revision, checkedAtUnixMilliseconds: now, lines: lines)
    }

    /// The school and revision of a teacher or team, after checking it fits `tier`.
    private func subjectFacts(_ subject: EligibilityResult.Subject, tier: Tier) throws(DomainError) -> (String, Int64) {
        switch subject {
        case .teacher(let id):
            guard tier.isIndividual else {
                throw DomainError.invalid([
                    .init(
                        field: "tier", value: "\(tier)",
                        rule: "must be an individual tier for a teacher; nominate a team for TEAM")
                ])
            }
            guard let teacher = registry.teacher(id: id) else { throw DomainError(.notFound, "teacher_id: no teacher \(id)") }
            return (teacher.schoolID, teacher.revision)
        case .team(let id):
            guard tier == .team else {
                throw DomainError.invalid([.init(field: "tier", value: "\(tier)", rule: "must be TEAM for a team")])
            }
            guard let team = registry.team(id: id) else { throw DomainError(.notFound, "team_id: no team \(id)") }
            return (team.schoolID, team.revision)
        }
    }

    private func subjectName(_ subject: EligibilityResult.Subject) -> String {
        switch subject {
        case .teacher(let id): "teacher \(id)"
        case .team(let id): "team \(id)"
        }
    }

    /// The teachers a nomination of `subject` covers: the teacher, or a team's leader and
    /// teacher members.
    private func people(of subject: EligibilityResult.Subject) -> [String] {
        switch subject {
        case .teacher(let id): [id]
        case .team(let id): registry.team(id: id)?.teacherIDs ?? []
        }
    }

    /// Plans a nomination (school operator of the subject's school; round in NOMINATION,
    /// inside its window). The eligibility check runs at once and is stored; unmet criteria do
    /// not prevent nominating. A person takes part in at most one active nomination per round:
    /// one tier, and at most one nominated team, and not both individually and in a team.
    public func planCreateNomination(
        roundID: String, tier: Tier, subject: EligibilityResult.Subject, materials: [DocumentRef], schoolRecommendation: String,
        waivers waiverDrafts: [WaiverDraft], actor: Actor, now: Int64
    ) throws(DomainError) -> Planned<Nomination> {
        let round = try existingRound(roundID)
        let (schoolID, revision) = try subjectFacts(subject, tier: tier)
        try requireSchoolOperator(actor, of: schoolID, to: "nominate \(subjectName(subject))")
        try requireRound(round, in: [.nomination], to: "nominate")
        guard now >= round.config.nominationOpensAtUnixMilliseconds, now < round.config.nominationClosesAtUnixMilliseconds else {
            throw DomainError(
                .failedPrecondition,
                "cannot nominate: round \(roundID)'s nomination window runs from \(CivilDate(unixMilliseconds: round.config.nominationOpensAtUnixMilliseconds)) to before \(CivilDate(unixMilliseconds: round.config.nominationClosesAtUnixMilliseconds)) (Beijing), and it is now \(CivilDate(unixMilliseconds: now))"
            )
        }
        if case .team(let id) = subject, let team = registry.team(id: id), team.size > Int(round.config.teamRule.maxTeamSize) * 4
        {
            throw DomainError.invalid([
                .init(field: "team_id", value: id, rule: "has \(team.size) people, far beyond the team rule")
            ])
        }
        // One pass over the round's nominations (a team's people are looked up once, not once
        // per person asked about): for each person, the first active nomination covering them.
        let wanted = people(of: subject) + [subject.id]
        let asked = Set(wanted)
        var covering: [String: Nomination] = [:]
        for nomination in selection.nominations(inRound: roundID) where nomination.state.isActive {
            for person in people(of: nomination.subject) + [nomination.subject.id]
            where asked.contains(person) && covering[person] == nil {
                covering[person] = nomination
            }
        }
        for person in wanted {
            if let other = covering[person] {
                throw DomainError(
                    .failedPrecondition,
                    "\(person) already takes part in nomination \(other.id) (\(other.tier), state \(other.state)) of round \(roundID); a person is nominated for at most one tier and one team per round — withdraw that nomination first"
                )
            }
        }
        try checkDocuments(materials, field: "materials")
        try checkText(schoolRecommendation, field: "school_recommendation", maxLength: 5000)
        var waivers: [Waiver] = []
        var number = selection.lastWaiverNumber
        for (index, draft) in waiverDrafts.enumerated() {
            number += 1
            waivers.append(
                try waiver(
                    from: draft, field: "waivers[\(index)]", id: Registry.id(prefix: "W", number: number), tier: tier,
                    existing: waivers, actor: actor, now: now))
        }
        let nomination = Nomination(
            id: selection.nextNominationID, roundID: roundID, schoolID: schoolID, tier: tier, subject: subject, state: .nominated,
            eligibility: eligibility(of: subject, tier: tier, round: round, revision: revision, waivers: waivers, now: now),
            waivers: waivers, materials: materials, schoolRecommendation: schoolRecommendation, schoolPublicity: nil,
            submittedAtUnixMilliseconds: 0, qualificationReview: nil, endReason: "", projectID: "",
            nominatedByAccountID: actor.accountID, createdAtUnixMilliseconds: now, updatedAtUnixMilliseconds: now, revision: 1)
        return Planned([.nominationPut(nomination)], nomination)
    }

    /// The active nomination of round `roundID` that teacher or team `person` takes part in.
    public func activeNomination(roundID: String, covering person: String) -> Nomination? {
        selection.nominations(inRound: roundID).first { nomination in
            nomination.state.isActive && (nomination.subject.id == person || people(of: nomination.subject).contains(person))
        }
    }

    /// A validated waiver request.
    func waiver(from draft: WaiverDraft, field: String, id: String, tier: Tier, existing: [Waiver], actor: Actor, now: Int64)
        throws(DomainError) -> Waiver
    {
        var violations = Violations()
        let criterion = EligibilityCriterion(rawValue: draft.criterion)
        if let criterion {
            if !Eligibility.isWaivable(criterion, tier: tier) {
                violations.add(
                    field + ".criterion", "\(criterion)", "is not waivable for \(tier); only AGE and EDUCATION may be relaxed")
            } else if existing.contains(where: { $0.criterion == criterion && $0.isActive }) {
                violations.add(field + ".criterion", "\(criterion)", "already has an active waiver on this nomination")
            }
        } else {
            violations.add(field + ".criterion", String(draft.criterion), "must be a waivable eligibility criterion")
        }
        TextRule.required.check(draft.justification, field: field + ".justification", maxLength: 5000, into: &violations)
        if draft.schoolAttestation?.attested != true {
            violations.add(
                field + ".school_attestation.attested", "false", "must be true: the school must attest the justification")
        }
        try violations.check()
        var attestation = draft.schoolAttestation!
        attestation.attestedByAccountID = actor.accountID
        attestation.attestedAtUnixMilliseconds = now
        return Waiver(
            id: id, criterion: criterion!, justification: draft.justification, schoolAttestation: attestation, state: .requested,
            requestedByAccountID: actor.accountID, requestedAtUnixMilliseconds: now)
    }

    func checkDocuments(_ documents: [DocumentRef], field: String) throws(DomainError) {
        var violations = Violations()
        if documents.count > 100 { violations.add(field, "\(documents.count) documents", "at most 100 are allowed") }
        for (index, document) in documents.prefix(100).enumerated() {
            let path = "\(field)[\(index)]"
            TextRule.required.check(document.title, field: path + ".title", maxLength: 200, into: &violations)
            TextRule.required.check(document.uri, field: path + ".uri", maxLength: 2000, into: &violations)
            let hex = document.sha256Hex.utf8
            if !hex.isEmpty && (hex.count != 64 || !hex.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })) {
                violations.add(path + ".sha256_hex", document.sha256Hex, "must be 64 lower-case hexadecimal digits or empty")
            }
            if document.sizeBytes < 0 { violations.add(path + ".size_bytes", String(document.sizeBytes), "must not be negative") }
        }
        try violations.check()
    }

    /// Checks the school operator may still change the nomination's own content (before submission).
    private func editableNomination(_ id: String, actor: Actor, to action: String) throws(DomainError) -> (Nomination, Round) {
        let nomination = try existingNomination(id)
        try requireSchoolOperator(actor, of: nomination.schoolID, to: action)
        let round = try existingRound(nomination.roundID)
        try requireRound(round, in: [.nomination], to: action)
        try requireNomination(nomination, in: [.nominated, .inSchoolPublicity], to: action)
        return (nomination, round)
    }

    /// Plans replacing a nomination's materials and recommendation (school operator, before submission).
    public func planUpdateNomination(
        id: String, expectedRevision: Int64, materials: [DocumentRef], schoolRecommendation: String, actor: Actor, now: Int64
    ) throws(DomainError) -> Planned<Nomination> {
        let (nomination, _) = try editableNomination(id, actor: actor, to: "change the nomination")
        try requireRevision(expectedRevision, of: "nomination \(id)", current: nomination.revision)
        try checkDocuments(materials, field: "materials")
        try checkText(schoolRecommendation, field: "school_recommendation", maxLength: 5000)
        let updated = nomination.changed(at: now) {
            $0.materials = materials
            $0.schoolRecommendation = schoolRecommendation
        }
        return Planned([.nominationPut(updated)], updated)
    }

    /// Plans re-running the eligibility check against the current registry (school operator
    /// before submission; bureau during qualification review).
    public func planRecheckEligibility(id: String, actor: Actor, now: Int64) throws(DomainError) -> Planned<Nomination> {
        let nomination = try existingNomination(id)
        let round = try existingRound(nomination.roundID)
        if actor.isBureau {
            try requireRound(round, in: [.qualificationReview], to: "re-check eligibility as the bureau")
            try requireNomination(nomination, in: [.submitted], to: "re-check eligibility as the bureau")
        } else {
            _ = try editableNomination(id, actor: actor, to: "re-check eligibility")
        }
        let (_, revision) = try subjectFacts(nomination.subject, tier: nomination.tier)
        let updated = nomination.changed(at: now) {
            $0.eligibility = eligibility(
                of: $0.subject, tier: $0.tier, round: round, revision: revision, waivers: $0.waivers, now: now)
        }
        return Planned([.nominationPut(updated)], updated)
    }

    /// Plans withdrawing a nomination (school operator; before qualification review).
    public func planWithdrawNomination(id: String, expectedRevision: Int64, reason: String, actor: Actor, now: Int64)
        throws(DomainError) -> Planned<Nomination>
    {
        let nomination = try existingNomination(id)
        try requireSchoolOperator(actor, of: nomination.schoolID, to: "withdraw the nomination")
        let round = try existingRound(nomination.roundID)
        try requireRound(round, in: [.nomination], to: "withdraw the nomination")
        try requireNomination(nomination, in: [.nominated, .inSchoolPublicity, .submitted], to: "withdraw the nomination")
        try requireRevision(expectedRevision, of: "nomination \(id)", current: nomination.revision)
        try requireReason(reason)
        let withdrawn = nomination.changed(at: now) {
            $0.state = .withdrawn
            $0.endReason = reason
        }
        return Planned([.nominationPut(withdrawn)], withdrawn)
    }

    /// Plans the start of school publicity (学校公示): NOMINATED → IN_SCHOOL_PUBLICITY (school operator).
    /// The period runs for the round's configured working days from `startsOn`, a working day
    /// that is not in the past.
    public func planRecordSchoolPublicity(
        id: String, startsOn: CivilDate, wherePublished: String, actor: Actor, now: Int64
    ) throws(DomainError) -> Planned<Nomination> {
        let nomination = try existingNomination(id)
        try requireSchoolOperator(actor, of: nomination.schoolID, to: "record school publicity")
        let round = try existingRound(nomination.roundID)
        try requireRound(round, in: [.nomination], to: "record school publicity")
        try requireNomination(nomination, in: [.nominated], to: "record school publicity")
        let period = try publicityPeriod(
            .schoolPublicity, startsOn: startsOn, workingDays: round.config.schoolPublicityWorkingDays,
            wherePublished: wherePublished,
            actor: actor, now: now)
        let updated = nomination.changed(at: now) {
            $0.state = .inSchoolPublicity
            $0.schoolPublicity = period
        }
        return Planned([.nominationPut(updated)], updated)
    }

    /// A publicity period starting on `startsOn` (not in the past, a working day).
    func publicityPeriod(
        _ kind: PublicityKind, startsOn: CivilDate, workingDays: Int32, wherePublished: String, actor: Actor, now: Int64
    ) throws(DomainError) -> PublicityPeriod {
        let today = CivilDate(unixMilliseconds: now)
        var violations = Violations()
        if startsOn < today { violations.add("starts_on", "\(startsOn)", "must not be in the past (today is \(today), Beijing)") }
        if !calendar.isWorkingDay(startsOn) { violations.add("starts_on", "\(startsOn)", "must be a working day") }
        TextRule.required.check(wherePublished, field: "where_published", maxLength: 200, into: &violations)
        try violations.check()
        return PublicityPeriod(
            kind: kind, startsOn: startsOn, workingDays: workingDays,
            endsOn: calendar.lastDay(ofPeriodStartingOn: startsOn, workingDays: workingDays), wherePublished: wherePublished,
            recordedByAccountID: actor.accountID, recordedAtUnixMilliseconds: now)
    }

    /// Plans submitting a nomination to the bureau (报送): IN_SCHOOL_PUBLICITY → SUBMITTED
    /// (school operator), once publicity has ended with no open objection and before any
    /// submission deadline.
    public func planSubmitNomination(id: String, expectedRevision: Int64, actor: Actor, now: Int64) throws(DomainError)
        -> Planned<Nomination>
    {
        let nomination = try existingNomination(id)
        try requireSchoolOperator(actor, of: nomination.schoolID, to: "submit the nomination")
        let round = try existingRound(nomination.roundID)
        try requireRound(round, in: [.nomination], to: "submit the nomination")
        try requireNomination(
            nomination, in: [.inSchoolPublicity], to: "submit the nomination",
            hint: nomination.state == .nominated ? "first record its school publicity (RecordSchoolPublicity) and let it end" : ""
        )
        try requireRevision(expectedRevision, of: "nomination \(id)", current: nomination.revision)
        let today = CivilDate(unixMilliseconds: now)
        if let period = nomination.schoolPublicity, !period.hasEnded(asOf: today) {
            throw DomainError(
                .failedPrecondition,
                "cannot submit nomination \(id): its school publicity runs until \(period.endsOn) inclusive (today is \(today), Beijing)"
            )
        }
        if let open = selection.allObjections.first(where: { $0.nominationID == id && $0.state == .pending }) {
            throw DomainError(
                .failedPrecondition,
                "cannot submit nomination \(id): objection \(open.id) is still open; resolve it first (ResolveObjection)")
        }
        if let deadline = round.config.submissionClosesAtUnixMilliseconds, now >= deadline {
            throw DomainError(
                .failedPrecondition,
                "cannot submit nomination \(id): submissions for round \(round.id) closed on \(CivilDate(unixMilliseconds: deadline)) (Beijing)"
            )
        }
        let submitted = nomination.changed(at: now) {
            $0.state = .submitted
            $0.submittedAtUnixMilliseconds = now
        }
        return Planned([.nominationPut(submitted)], submitted)
    }

    /// Plans adding a waiver request (school operator, before submission).
    public func planRequestWaiver(id: String, _ draft: WaiverDraft, actor: Actor, now: Int64) throws(DomainError) -> Planned<
        Nomination
    > {
        let (nomination, round) = try editableNomination(id, actor: actor, to: "request a waiver")
        let waiver = try waiver(
            from: draft, field: "waiver", id: Registry.id(prefix: "W", number: selection.lastWaiverNumber + 1),
            tier: nomination.tier,
            existing: nomination.waivers, actor: actor, now: now)
        return Planned([.nominationPut(rechecked(nomination, round: round, now: now) { $0.waivers.append(waiver) })], nomination)
            .withValueFromLastNomination()
    }

    /// Plans withdrawing an undecided waiver request (school operator, before review; round in
    /// NOMINATION or QUALIFICATION_REVIEW).
    public func planWithdrawWaiver(id: String, waiverID: String, actor: Actor, now: Int64) throws(DomainError) -> Planned<
        Nomination
    > {
        let nomination = try existingNomination(id)
        try requireSchoolOperator(actor, of: nomination.schoolID, to: "withdraw a waiver")
        let round = try existingRound(nomination.roundID)
        try requireRound(round, in: [.nomination, .qualificationReview], to: "withdraw a waiver")
        try requireNomination(nomination, in: [.nominated, .inSchoolPublicity, .submitted], to: "withdraw a waiver")
        guard let index = nomination.waivers.firstIndex(where: { $0.id == waiverID }) else {
            throw DomainError(.notFound, "waiver_id: nomination \(id) has no waiver \(waiverID)")
        }
        guard nomination.waivers[index].state == .requested else {
            throw DomainError(
                .failedPrecondition, "cannot withdraw waiver \(waiverID): it is already \(nomination.waivers[index].state)")
        }
        return Planned(
            [.nominationPut(rechecked(nomination, round: round, now: now) { $0.waivers[index].state = .withdrawn })], nomination
        )
        .withValueFromLastNomination()
    }

    /// The nomination after `change`, with its eligibility checked again so that the lines
    /// show its waivers: a waiver changes the outcome, so the stored result must say so.
    func rechecked(_ nomination: Nomination, round: Round, now: Int64, _ change: (inout Nomination) -> Void) -> Nomination {
        nomination.changed(at: now) { nomination in
            change(&nomination)
            let revision =
                (try? subjectFacts(nomination.subject, tier: nomination.tier).1) ?? nomination.eligibility.subjectRevision
            nomination.eligibility = eligibility(
                of: nomination.subject, tier: nomination.tier, round: round, revision: revision, waivers: nomination.waivers,
                now: now)
        }
    }
}

extension Planned where Value == Nomination {
    /// The plan answering with the last nomination it stores.
    func withValueFromLastNomination() -> Planned<Nomination> {
        var plan = self
        for case .selection(.nominationPut(let nomination)) in changes { plan.value = nomination }
        return plan
    }
}

extension EligibilityResult.Subject {
    /// The teacher's or team's id.
    public var id: String {
        switch self {
        case .teacher(let id), .team(let id): id
        }
    }
}
