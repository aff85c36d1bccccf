import Craftsman
import Testing

/// What a staged round holds: four MASTER_TEACHER nominations and the records made on the way.
///
/// Once scored, `first` (school A, 90) ranks above `second` (school B, 80) and `third`
/// (school A, 70); with a quota of 1 only `first` is provisionally selected. `lapsed` (school A)
/// is publicised with an objection left open, so it is never submitted and lapses.
struct Cast {
    var round: Round
    var first = ""
    var second = ""
    var third = ""
    var lapsed = ""
    /// The AGE waiver requested on `first`, approved at review.
    var waiver = ""
    /// The school-publicity objection to `lapsed`, never resolved.
    var schoolObjection = ""
    /// The assignment of `SelectionWorld.experts[0]`.
    var assignment = ""

    /// The nominations that are submitted, in rank order.
    var submitted: [String] { [first, second, third] }
}

extension SelectionWorld {
    /// A justified, attested waiver request for `criterion`.
    static func waiver(_ criterion: EligibilityCriterion, justification: String = "国家级技能大师") -> WaiverDraft {
        WaiverDraft(
            criterion: criterion.rawValue, justification: justification,
            schoolAttestation: Attestation(
                attested: true, statement: "特别优秀", attestedByAccountID: "", attestedAtUnixMilliseconds: 0))
    }

    /// The operator of the school that nominated `nominationID`.
    func operatorOf(_ nominationID: String) -> Actor {
        model.selection.nomination(id: nominationID)?.schoolID == "S00000002" ? operatorB : operatorA
    }

    func nomination(_ id: String) -> Nomination { model.selection.nomination(id: id)! }

    /// Round `roundID` as stored now.
    func currentRound(_ roundID: String = "R00000001") -> Round { model.selection.round(id: roundID)! }

    /// Nominates `teacher` by the operator of their school (school A unless `school` says otherwise).
    mutating func nominate(
        _ teacher: String, school: String = "S00000001", tier: Tier = .masterTeacher, waivers: [WaiverDraft] = []
    ) throws -> String {
        let actor = school == "S00000002" ? operatorB : operatorA
        return try apply(
            model.planCreateNomination(
                roundID: "R00000001", tier: tier, subject: .teacher(id: teacher), materials: [], schoolRecommendation: "推荐",
                waivers: waivers, actor: actor, now: now)
        ).id
    }

    /// Records school publicity of `id` from today.
    mutating func publicise(_ id: String) throws {
        try apply(
            model.planRecordSchoolPublicity(
                id: id, startsOn: CivilDate(unixMilliseconds: now), wherePublished: "校园网", actor: operatorOf(id), now: now))
    }

    mutating func submit(_ id: String) throws {
        try apply(model.planSubmitNomination(id: id, expectedRevision: 0, actor: operatorOf(id), now: now))
    }

    /// Records a school-publicity (or, for a provisionally selected nominee, public-notice) objection received today.
    /// The first day of the publicity nomination `id` is under (school publicity or public notice):
    /// a date an objection may have been received on.
    func publicityStart(of id: String) -> CivilDate? {
        guard let nomination = model.selection.nomination(id: id) else { return nil }
        if nomination.state == .inSchoolPublicity { return nomination.schoolPublicity?.startsOn }
        let list = model.selection.provisionalList(roundID: nomination.roundID)
        let noticeID = list?.entries.first { $0.nominationID == id }?.noticeID
        return list?.notices.first { $0.id == noticeID }?.period.startsOn
    }

    mutating func object(to id: String, grounds: String = "材料不实") throws -> String {
        let actor = nomination(id).state == .inSchoolPublicity ? operatorOf(id) : bureau
        return try apply(
            model.planRecordObjection(
                nominationID: id, receivedOn: publicityStart(of: id) ?? CivilDate(unixMilliseconds: now), objector: "",
                grounds: grounds,
                evidence: [],
                actor: actor, now: now)
        ).id
    }

    /// Resolves objection `id` as whoever may.
    mutating func resolve(_ id: String, uphold: Bool) throws -> Nomination {
        let objection = model.selection.objection(id: id)!
        let actor = objection.stage == .schoolPublicity ? operatorOf(objection.nominationID) : bureau
        return try apply(model.planResolveObjection(id: id, uphold: uphold, reason: "经核实", actor: actor, now: now)).nomination
    }

    mutating func pass(_ id: String) throws {
        try apply(
            model.planReviewQualification(id: id, passed: true, failureReasons: [], comment: "", actor: bureau, now: now))
    }

    /// Assigns `expert` to score `ids`, returning the assignment id.
    @discardableResult
    mutating func assign(_ expert: Actor, _ ids: [String], tier: Tier = .masterTeacher) throws -> String {
        try apply(
            model.planAssignExpert(
                expertAccountID: expert.accountID, kind: .nomineeScoring, roundID: "R00000001", tier: tier, nominationIDs: ids,
                actor: bureau, now: now)
        ).id
    }

    /// Scores `id` with one overall total per expert, in the order of `experts`.
    mutating func score(_ id: String, _ totals: [Double]) throws {
        for (expert, total) in zip(experts, totals) {
            try apply(
                model.planSubmitScore(
                    nominationID: id, itemScores: [ItemScore(itemCode: "overall", score: total)], comment: "",
                    expectedRevision: 0, actor: expert, now: now))
        }
    }

    /// A round brought to `state` along the one path every test shares (CANCELLED: cancelled
    /// during NOMINATION), with a quota of 1 MASTER_TEACHER:
    ///
    /// - NOMINATION (2026-03-02): four nominations; `lapsed` publicised with an open objection.
    /// - QUALIFICATION_REVIEW (2026-04-01): the other three publicised, submitted on 03-09;
    ///   nominations closed, `lapsed` lapsed.
    /// - EVALUATION: the waiver approved, the three passed.
    /// - PROVISIONAL_LIST: five experts score 90, 80, 70; `first` listed.
    /// - PUBLIC_NOTICE (2026-04-02): notice 04-02 to 04-08.
    /// - CONFIRMED (2026-04-09).
    mutating func roundIn(
        _ state: RoundState, quotas: [Tier: Int32] = [.masterTeacher: 1, .leadTeacher: 1, .keyTeacher: 1, .team: 1]
    ) throws -> Cast {
        var cast = Cast(round: try round(quotas: quotas))
        let path: [RoundState] = [.nomination, .qualificationReview, .evaluation, .provisionalList, .publicNotice, .confirmed]
        let target = state == .cancelled ? .nomination : state
        for step in path where step.rawValue <= target.rawValue { try advance(&cast, to: step) }
        if state == .cancelled {
            try apply(model.planCancelRound(roundID: cast.round.id, expectedRevision: 0, reason: "停办", actor: bureau, now: now))
        }
        cast.round = currentRound(cast.round.id)
        return cast
    }

    private mutating func advance(_ cast: inout Cast, to state: RoundState) throws {
        let roundID = cast.round.id
        switch state {
        case .nomination:
            try apply(model.planOpenRound(roundID: roundID, expectedRevision: 0, reason: "", actor: bureau, now: now))
            cast.first = try nominate(teacher("李强"), waivers: [Self.waiver(.age)])
            cast.waiver = nomination(cast.first).waivers[0].id
            cast.second = try nominate(teacher("刘洋", school: "S00000002"), school: "S00000002")
            cast.third = try nominate(teacher("陈静"))
            cast.lapsed = try nominate(teacher("吴涛"))
            try publicise(cast.lapsed)
            cast.schoolObjection = try object(to: cast.lapsed)
        case .qualificationReview:
            try publiciseAndSubmit(cast.submitted)
            now = Self.nine(2026, 4, 1)
            try apply(model.planCloseNominations(roundID: roundID, expectedRevision: 0, reason: "截止", actor: bureau, now: now))
        case .evaluation:
            try apply(
                model.planDecideWaiver(
                    id: cast.first, waiverID: cast.waiver, approve: true, reason: "同意", actor: bureau, now: now))
            for id in cast.submitted { try pass(id) }
            try apply(model.planStartEvaluation(roundID: roundID, expectedRevision: 0, actor: bureau, now: now))
        case .provisionalList:
            cast.assignment = try scoreAll(cast)
            try apply(model.planDraftProvisionalList(roundID: roundID, expectedRevision: 0, actor: bureau, now: now))
        case .publicNotice:
            now = Self.nine(2026, 4, 2)
            try publishNotice()
        case .confirmed:
            now = Self.nine(2026, 4, 9)
            try apply(model.planConfirmSelection(roundID: roundID, expectedRevision: 0, actor: bureau, now: now))
        case .draft, .cancelled:
            break
        }
    }

    /// Publicises `ids` today and submits them on the Monday a week later.
    mutating func publiciseAndSubmit(_ ids: [String]) throws {
        for id in ids { try publicise(id) }
        now = Self.nine(2026, 3, 9)
        for id in ids { try submit(id) }
    }

    /// Assigns every expert to the three submitted nominees and scores them 90, 80 and 70;
    /// returns the first expert's assignment.
    @discardableResult
    mutating func scoreAll(_ cast: Cast) throws -> String {
        let assignments = try experts.map { try assign($0, cast.submitted) }
        for (id, total) in zip(cast.submitted, [90.0, 80, 70]) { try score(id, Array(repeating: total, count: 5)) }
        return assignments[0]
    }

    /// Publishes a public notice of every listed entry not yet under notice, from today.
    mutating func publishNotice(title: String = "2026年培养对象公示") throws {
        try apply(
            model.planPublishPublicNotice(
                roundID: "R00000001", title: title, startsOn: CivilDate(unixMilliseconds: now), wherePublished: "市人社局网站",
                actor: bureau, now: now))
    }

    /// The same records with only the round's state replaced: isolates a command's round-state
    /// check from everything else it checks.
    mutating func force(_ roundID: String, into state: RoundState) throws {
        var round = currentRound(roundID)
        round.state = state
        try model.apply(.selection(.roundPut(round)))
    }
}
