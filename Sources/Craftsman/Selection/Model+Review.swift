// Qualification and form review with waiver decisions (domain.md §4 step 4), and objections
// during school publicity and public notice (steps 3 and 7).

extension Model {
    /// Plans the bureau's decision on a waiver (round in QUALIFICATION_REVIEW, nomination
    /// submitted); the eligibility lines are re-derived with the decision.
    public func planDecideWaiver(id: String, waiverID: String, approve: Bool, reason: String, actor: Actor, now: Int64)
        throws(DomainError) -> Planned<Nomination>
    {
        try requireBureau(actor, to: "decide a waiver")
        let nomination = try existingNomination(id)
        let round = try existingRound(nomination.roundID)
        try requireRound(round, in: [.qualificationReview], to: "decide a waiver")
        try requireNomination(nomination, in: [.submitted], to: "decide a waiver")
        guard let index = nomination.waivers.firstIndex(where: { $0.id == waiverID }) else {
            throw DomainError(.notFound, "waiver_id: nomination \(id) has no waiver \(waiverID)")
        }
        guard nomination.waivers[index].state == .requested else {
            throw DomainError(
                .failedPrecondition, "cannot decide waiver \(waiverID): it is already \(nomination.waivers[index].state)")
        }
        try requireReason(reason)
        return Planned(
            [
                .nominationPut(
                    rechecked(nomination, round: round, now: now) {
                        $0.waivers[index].state = approve ? .approved : .refused
                        $0.waivers[index].decisionReason = reason
                        $0.waivers[index].decidedByAccountID = actor.accountID
                        $0.waivers[index].decidedAtUnixMilliseconds = now
                    })
            ], nomination
        ).withValueFromLastNomination()
    }

    /// Plans the qualification and form review (bureau; round in QUALIFICATION_REVIEW):
    /// SUBMITTED → PASSED_REVIEW or FAILED_REVIEW. Passing is refused while a hard criterion is
    /// not met and not waived, or a waiver is undecided; failing needs at least one reason.
    public func planReviewQualification(
        id: String, passed: Bool, failureReasons: [String], comment: String, actor: Actor, now: Int64
    ) throws(DomainError) -> Planned<Nomination> {
        try requireBureau(actor, to: "review qualification")
        let nomination = try existingNomination(id)
        let round = try existingRound(nomination.roundID)
        try requireRound(round, in: [.qualificationReview], to: "review qualification")
        try requireNomination(nomination, in: [.submitted], to: "review qualification")
        var violations = Violations()
        for (index, reason) in failureReasons.enumerated() {
            TextRule.required.check(reason, field: "failure_reasons[\(index)]", maxLength: 2000, into: &violations)
        }
        TextRule.optional.check(comment, field: "comment", maxLength: 5000, into: &violations)
        if passed && !failureReasons.isEmpty {
            violations.add("failure_reasons", "\(failureReasons.count) reasons", "must be empty when the review passes")
        }
        if !passed && failureReasons.isEmpty {
            violations.add("failure_reasons", "", "needs at least one reason when the review fails")
        }
        try violations.check()
        if passed {
            if let undecided = nomination.waivers.first(where: { $0.state == .requested }) {
                throw DomainError(
                    .failedPrecondition,
                    "cannot pass nomination \(id): waiver \(undecided.id) for \(undecided.criterion) is undecided; decide it first (DecideWaiver)"
                )
            }
            let unmet = nomination.eligibility.lines.filter { $0.status == .notMet }
            if let first = unmet.first {
                throw DomainError(
                    .failedPrecondition,
                    "cannot pass nomination \(id): \(unmet.count) hard criteria are not met and not waived, first \(first.criterion): \(first.explanation)"
                )
            }
        }
        let review = QualificationReview(
            outcome: passed ? .passed : .failed, failureReasons: failureReasons, comment: comment,
            reviewedByAccountID: actor.accountID,
            reviewedAtUnixMilliseconds: now)
        let reviewed = nomination.changed(at: now) {
            $0.state = passed ? .passedReview : .failedReview
            $0.qualificationReview = review
        }
        return Planned([.nominationPut(reviewed)], reviewed)
    }

    /// Plans recording an objection: during school publicity by the school's operator, during
    /// the public notice by the bureau. The stage follows from the nomination's state.
    public func planRecordObjection(
        nominationID: String, receivedOn: CivilDate, objector: String, grounds: String, evidence: [DocumentRef], actor: Actor,
        now: Int64
    ) throws(DomainError) -> Planned<Objection> {
        let nomination = try existingNomination(nominationID)
        guard actor.isBureau || actor.schoolScope == nomination.schoolID else {
            throw DomainError(
                .permissionDenied,
                "only a school operator of \(nomination.schoolID) (school publicity) or the bureau administrator (public notice) may record objections; the caller is \(actor.role.summary)"
            )
        }
        let round = try existingRound(nomination.roundID)
        let stage: PublicityKind
        let period: PublicityPeriod?
        switch nomination.state {
        case .inSchoolPublicity:
            stage = .schoolPublicity
            period = nomination.schoolPublicity
            try requireSchoolOperator(actor, of: nomination.schoolID, to: "record a school-publicity objection")
            try requireRound(round, in: [.nomination], to: "record a school-publicity objection")
        case .provisionallySelected:
            stage = .publicNotice
            try requireBureau(actor, to: "record a public-notice objection")
            try requireRound(round, in: [.publicNotice], to: "record a public-notice objection")
            guard let list = selection.provisionalList(roundID: round.id),
                let entry = list.entries.first(where: { $0.nominationID == nominationID && !$0.noticeID.isEmpty })
            else {
                throw DomainError(
                    .failedPrecondition,
                    "cannot record an objection to nomination \(nominationID): it is not under public notice yet")
            }
            period = list.notices.first { $0.id == entry.noticeID }?.period
        default:
            throw DomainError(
                .failedPrecondition,
                "cannot record an objection to nomination \(nominationID) in state \(nomination.state): objections are taken during school publicity (IN_SCHOOL_PUBLICITY) or public notice (PROVISIONALLY_SELECTED)"
            )
        }
        var violations = Violations()
        let today = CivilDate(unixMilliseconds: now)
        if receivedOn > today {
            violations.add("received_on", "\(receivedOn)", "must not be in the future (today is \(today), Beijing)")
        }
        if let period, receivedOn < period.startsOn || receivedOn > period.endsOn {
            violations.add(
                "received_on", "\(receivedOn)",
                "must fall within the publicity period \(period.startsOn) to \(period.endsOn): objections are received while it runs"
            )
        }
        TextRule.optional.check(objector, field: "objector", maxLength: 100, into: &violations)
        TextRule.required.check(grounds, field: "grounds", maxLength: 5000, into: &violations)
        try violations.check()
        try checkDocuments(evidence, field: "evidence")
        let objection = Objection(
            id: selection.nextObjectionID, roundID: round.id, nominationID: nominationID, schoolID: nomination.schoolID,
            stage: stage,
            receivedOn: receivedOn, objector: objector, grounds: grounds, evidence: evidence, state: .pending,
            resolutionReason: "",
            resolvedByAccountID: "", resolvedAtUnixMilliseconds: 0, recordedByAccountID: actor.accountID,
            createdAtUnixMilliseconds: now, updatedAtUnixMilliseconds: now, revision: 1)
        return Planned([.objectionPut(objection)], objection)
    }

    /// Plans resolving an open objection. Upheld at school publicity, the nomination is
    /// withdrawn; upheld at public notice, the nominee is removed from the provisional list
    /// (the bureau may then promote the next in rank). Dismissed, or upheld against a nomination
    /// that has already ended, nothing else changes.
    public func planResolveObjection(id: String, uphold: Bool, reason: String, actor: Actor, now: Int64)
        throws(DomainError) -> Planned<(objection: Objection, nomination: Nomination)>
    {
        guard let objection = selection.objection(id: id) else {
            throw DomainError(.notFound, "objection_id: no objection \(id)")
        }
        let nomination = try existingNomination(objection.nominationID)
        let round = try existingRound(objection.roundID)
        switch objection.stage {
        case .schoolPublicity:
            try requireSchoolOperator(actor, of: objection.schoolID, to: "resolve a school-publicity objection")
            try requireRound(round, in: [.nomination], to: "resolve a school-publicity objection")
        case .publicNotice:
            try requireBureau(actor, to: "resolve a public-notice objection")
            try requireRound(round, in: [.publicNotice], to: "resolve a public-notice objection")
        }
        guard objection.state == .pending else {
            throw DomainError(
                .failedPrecondition, "objection \(id) is already \(objection.state == .upheld ? "upheld" : "dismissed")")
        }
        try requireReason(reason)
        var resolved = objection
        resolved.state = uphold ? .upheld : .dismissed
        resolved.resolutionReason = reason
        resolved.resolvedByAccountID = actor.accountID
        resolved.resolvedAtUnixMilliseconds = now
        resolved.updatedAtUnixMilliseconds = now
        resolved.revision += 1
        var changes: [SelectionChange] = [.objectionPut(resolved)]
        var after = nomination
        // A nomination already withdrawn or removed (by the school, or by another upheld
        // objection) stays as it ended; the decision is still recorded on the objection.
        let stillObjectedTo =
            nomination.state == (objection.stage == .schoolPublicity ? .inSchoolPublicity : .provisionallySelected)
        if uphold && stillObjectedTo {
            after = nomination.changed(at: now) {
                $0.state = objection.stage == .schoolPublicity ? .withdrawn : .removed
                $0.endReason = "objection \(id) upheld: \(reason)"
            }
            changes.append(.nominationPut(after))
            if objection.stage == .publicNotice, var list = selection.provisionalList(roundID: round.id),
                let index = list.entries.firstIndex(where: { $0.nominationID == nomination.id })
            {
                list.entries[index].state = .removed
                list.entries[index].removalReason = "objection \(id) upheld: \(reason)"
                list.revision += 1
                list.updatedAtUnixMilliseconds = now
                changes.append(.provisionalListPut(list))
            }
        }
        return Planned(changes, (resolved, after))
    }
}
