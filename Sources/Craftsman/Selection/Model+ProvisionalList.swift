// The provisional list, public notice, promotion and confirmation (domain.md §4 steps 6–8).

extension Model {
    /// Plans freezing the rankings and drawing up the provisional list: EVALUATION →
    /// PROVISIONAL_LIST (bureau). Refused while a nominee that passed review has no score. In
    /// each tier the first `quota` places become PROVISIONALLY_SELECTED, the rest NOT_SELECTED.
    public func planDraftProvisionalList(roundID: String, expectedRevision: Int64, actor: Actor, now: Int64)
        throws(DomainError) -> Planned<(list: ProvisionalList, round: Round)>
    {
        try requireBureau(actor, to: "draft the provisional list")
        let round = try existingRound(roundID)
        try requireRound(round, in: [.evaluation], to: "draft the provisional list")
        try requireRevision(expectedRevision, of: "round \(roundID)", current: round.revision)
        let unscored = selection.nominations(inRound: roundID).filter {
            $0.state == .passedReview && selection.scores(ofNomination: $0.id).isEmpty
        }
        if let first = unscored.first {
            throw DomainError(
                .failedPrecondition,
                "cannot draft the provisional list of round \(roundID): \(unscored.count) nominees have no score yet, first \(first.id); assign experts and collect their scores first"
            )
        }
        var changes: [SelectionChange] = []
        var entries: [ProvisionalListEntry] = []
        var rankings: [FrozenRanking] = []
        for tier in Tier.allCases {
            let ranking = liveRanking(round: round, tier: tier, now: now)
            rankings.append(ranking)
            for entry in ranking.entries {
                guard let nomination = selection.nomination(id: entry.nominationID) else { continue }
                if entry.withinQuota {
                    entries.append(
                        ProvisionalListEntry(
                            nominationID: entry.nominationID, tier: tier, schoolID: entry.schoolID, rank: Int32(entry.rank),
                            finalScore: entry.score.finalScore, state: .listed, promoted: false, replacesNominationID: "",
                            noticeID: "",
                            removalReason: ""))
                }
                changes.append(
                    .nominationPut(
                        nomination.changed(at: now) { $0.state = entry.withinQuota ? .provisionallySelected : .notSelected }))
            }
        }
        let list = ProvisionalList(
            roundID: roundID, entries: entries, notices: [], rankings: rankings, draftedByAccountID: actor.accountID,
            draftedAtUnixMilliseconds: now, updatedAtUnixMilliseconds: now, revision: 1)
        let drafted = round.moved(to: .provisionalList, at: now)
        return Planned([.roundPut(drafted), .provisionalListPut(list)] + changes, (list, drafted))
    }

    /// Plans publishing a public notice (bureau) of every listed entry not yet under notice.
    /// The first covers the whole list and moves PROVISIONAL_LIST → PUBLIC_NOTICE; later ones
    /// are supplementary notices for promoted entries.
    public func planPublishPublicNotice(
        roundID: String, title: String, startsOn: CivilDate, wherePublished: String, actor: Actor, now: Int64
    ) throws(DomainError) -> Planned<(list: ProvisionalList, round: Round)> {
        try requireBureau(actor, to: "publish a public notice")
        let round = try existingRound(roundID)
        try requireRound(round, in: [.provisionalList, .publicNotice], to: "publish a public notice")
        guard var list = selection.provisionalList(roundID: roundID) else {
            throw DomainError(
                .failedPrecondition, "round \(roundID) has no provisional list; draft it first (DraftProvisionalList)")
        }
        let uncovered = list.entries.indices.filter { list.entries[$0].state == .listed && list.entries[$0].noticeID.isEmpty }
        guard !uncovered.isEmpty else {
            throw DomainError(
                .failedPrecondition,
                "every listed entry of round \(roundID) is already under notice; promote a nominee first (PromoteNext)")
        }
        try checkText(title, field: "title", maxLength: 200, required: true)
        let period = try publicityPeriod(
            .publicNotice, startsOn: startsOn, workingDays: round.config.publicNoticeWorkingDays, wherePublished: wherePublished,
            actor: actor, now: now)
        let notice = PublicNotice(
            id: Registry.id(prefix: "PN", number: selection.lastNoticeNumber + 1), roundID: roundID, title: title, period: period,
            nominationIDs: uncovered.map { list.entries[$0].nominationID }, supplementary: !list.notices.isEmpty)
        for index in uncovered { list.entries[index].noticeID = notice.id }
        list.notices.append(notice)
        list.revision += 1
        list.updatedAtUnixMilliseconds = now
        let after = round.state == .publicNotice ? round : round.moved(to: .publicNotice, at: now)
        return Planned((after == round ? [] : [.roundPut(after)]) + [.provisionalListPut(list)], (list, after))
    }

    /// Plans moving the next nominee in rank up (递补) in place of a removed entry (bureau;
    /// round in PUBLIC_NOTICE). The next is the best-ranked NOT_SELECTED nominee of the tier in
    /// the frozen ranking; the promoted entry needs a supplementary notice before confirmation.
    public func planPromoteNext(roundID: String, removedNominationID: String, reason: String, actor: Actor, now: Int64)
        throws(DomainError) -> Planned<(list: ProvisionalList, promoted: Nomination)>
    {
        try requireBureau(actor, to: "promote the next nominee")
        let round = try existingRound(roundID)
        try requireRound(round, in: [.publicNotice], to: "promote the next nominee")
        guard var list = selection.provisionalList(roundID: roundID),
            let removed = list.entries.first(where: { $0.nominationID == removedNominationID })
        else {
            throw DomainError(
                .notFound, "removed_nomination_id: \(removedNominationID) is not on the provisional list of round \(roundID)")
        }
        guard removed.state == .removed else {
            throw DomainError(
                .failedPrecondition,
                "cannot fill the place of \(removedNominationID): its entry is \(removed.state == .listed ? "still listed" : "confirmed"); only a removed entry's place can be filled"
            )
        }
        if let filler = list.entries.first(where: { $0.replacesNominationID == removedNominationID }) {
            throw DomainError(
                .failedPrecondition, "the place of \(removedNominationID) is already filled by \(filler.nominationID)")
        }
        try requireReason(reason)
        let ranking = list.rankings.first { $0.tier == removed.tier }?.entries ?? []
        guard
            let next = ranking.first(where: { entry in selection.nomination(id: entry.nominationID)?.state == .notSelected }),
            let nomination = selection.nomination(id: next.nominationID)
        else {
            throw DomainError(.failedPrecondition, "no \(removed.tier) nominee of round \(roundID) is left to promote")
        }
        list.entries.append(
            ProvisionalListEntry(
                nominationID: next.nominationID, tier: removed.tier, schoolID: next.schoolID, rank: Int32(next.rank),
                finalScore: next.score.finalScore, state: .listed, promoted: true, replacesNominationID: removedNominationID,
                noticeID: "",
                removalReason: ""))
        list.entries.sort { ($0.tier.rawValue, $0.rank) < ($1.tier.rawValue, $1.rank) }
        list.revision += 1
        list.updatedAtUnixMilliseconds = now
        let promoted = nomination.changed(at: now) { $0.state = .provisionallySelected }
        return Planned([.provisionalListPut(list), .nominationPut(promoted)], (list, promoted))
    }

    /// Plans confirming the round (正式确定; bureau): PUBLIC_NOTICE → CONFIRMED, once every
    /// listed entry's notice has ended with no open objection. Each listed nominee becomes a
    /// cultivation project starting today; the other nominees stay NOT_SELECTED for good.
    public func planConfirmSelection(roundID: String, expectedRevision: Int64, actor: Actor, now: Int64)
        throws(DomainError) -> Planned<(round: Round, projectIDs: [String])>
    {
        try requireBureau(actor, to: "confirm the selection")
        let round = try existingRound(roundID)
        try requireRound(round, in: [.publicNotice], to: "confirm the selection")
        try requireRevision(expectedRevision, of: "round \(roundID)", current: round.revision)
        guard var list = selection.provisionalList(roundID: roundID) else {
            throw DomainError(.failedPrecondition, "round \(roundID) has no provisional list")
        }
        let today = CivilDate(unixMilliseconds: now)
        if let uncovered = list.entries.first(where: { $0.state == .listed && $0.noticeID.isEmpty }) {
            throw DomainError(
                .failedPrecondition,
                "cannot confirm round \(roundID): \(uncovered.nominationID) is not under notice yet; publish a supplementary notice first (PublishPublicNotice)"
            )
        }
        if let running = list.notices.first(where: { !$0.period.hasEnded(asOf: today) }) {
            throw DomainError(
                .failedPrecondition,
                "cannot confirm round \(roundID): notice \(running.id) runs until \(running.period.endsOn) inclusive (today is \(today), Beijing)"
            )
        }
        if let open = selection.allObjections.first(where: {
            $0.roundID == roundID && $0.stage == .publicNotice && $0.state == .pending
        }) {
            throw DomainError(
                .failedPrecondition,
                "cannot confirm round \(roundID): objection \(open.id) to \(open.nominationID) is still open; resolve it first")
        }
        var changes: [SelectionChange] = []
        var projectIDs: [String] = []
        var projectNumber = UInt64(selection.lastNumbers["P"] ?? 0)
        for index in list.entries.indices where list.entries[index].state == .listed {
            guard let nomination = selection.nomination(id: list.entries[index].nominationID) else { continue }
            projectNumber += 1
            let projectID = Registry.id(prefix: "P", number: projectNumber)
            let end = today.addingYears(Int(round.config.cultivationYears)).adding(days: -1)
            changes.append(
                .projectPut(
                    CultivationProject(
                        id: projectID, roundID: roundID, nominationID: nomination.id, tier: nomination.tier,
                        schoolID: nomination.schoolID,
                        subject: nomination.subject, state: .planning, startsOn: today,
                        cultivationYears: round.config.cultivationYears,
                        plannedEndOn: end, certificateID: "", createdAtUnixMilliseconds: now, updatedAtUnixMilliseconds: now,
                        revision: 1)))
            changes.append(
                .nominationPut(
                    nomination.changed(at: now) {
                        $0.state = .confirmed
                        $0.projectID = projectID
                    }))
            list.entries[index].state = .confirmed
            projectIDs.append(projectID)
        }
        list.revision += 1
        list.updatedAtUnixMilliseconds = now
        let confirmed = round.moved(to: .confirmed, at: now)
        return Planned([.roundPut(confirmed), .provisionalListPut(list)] + changes, (confirmed, projectIDs))
    }
}

extension CivilDate {
    /// The same day `years` years later; 29 February becomes 28 February in a common year.
    func addingYears(_ years: Int) -> CivilDate {
        CivilDate(year: year + years, month: month, day: day) ?? CivilDate(year: year + years, month: month, day: day - 1)!
    }
}
