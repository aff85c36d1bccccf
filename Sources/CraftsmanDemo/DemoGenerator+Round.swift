import Craftsman

/// The calendar of one demo round and how far it goes.
struct DemoRoundPlan {
    var year: Int32
    var createdOn: CivilDate
    var openedOn: CivilDate
    /// The nomination window: first day, and the day after the last.
    var windowOpens: CivilDate
    var windowCloses: CivilDate
    /// Schools nominate on working days in this range.
    var nominationDays: ClosedRange<CivilDate>
    var closedOn: CivilDate
    var reviewFrom: CivilDate
    var evaluationOn: CivilDate
    /// Experts start scoring on working days in this range.
    var scoringDays: ClosedRange<CivilDate>
    /// The share of the scores submitted before the story stops; 1 carries the round to confirmation.
    var scoredShare: Double

    static let round2024 = DemoRoundPlan(
        year: 2024, createdOn: date(2024, 2, 26), openedOn: date(2024, 3, 1), windowOpens: date(2024, 3, 4),
        windowCloses: date(2024, 5, 1), nominationDays: date(2024, 3, 4)...date(2024, 3, 29), closedOn: date(2024, 5, 6),
        reviewFrom: date(2024, 5, 7), evaluationOn: date(2024, 5, 27), scoringDays: date(2024, 5, 29)...date(2024, 6, 7),
        scoredShare: 1)

    static let round2026 = DemoRoundPlan(
        year: 2026, createdOn: date(2026, 8, 17), openedOn: date(2026, 8, 31), windowOpens: date(2026, 9, 1),
        windowCloses: date(2026, 11, 1), nominationDays: date(2026, 9, 1)...date(2026, 9, 30), closedOn: date(2026, 11, 2),
        reviewFrom: date(2026, 11, 3), evaluationOn: date(2026, 11, 16), scoringDays: date(2026, 11, 17)...date(2026, 11, 20),
        scoredShare: 0.5)

    private static func date(_ year: Int, _ month: Int, _ day: Int) -> CivilDate {
        CivilDate(year: year, month: month, day: day)!
    }
}

/// A teacher or team a school puts forward for a tier, and the waivers it asks for.
struct DemoCandidate {
    enum Subject {
        case teacher(Teacher)
        case team(Team)
    }

    var subject: Subject
    var tier: Tier
    var waive: [EligibilityCriterion]
    var strength: Double

    init(teacher: Teacher, tier: Tier, waive: [EligibilityCriterion], strength: Double) {
        (subject, self.tier, self.waive, self.strength) = (.teacher(teacher), tier, waive, strength)
    }

    init(team: Team, strength: Double) {
        (subject, tier, waive, self.strength) = (.team(team), .team, [], strength)
    }

    /// The teacher's or team's id.
    var id: String {
        switch subject {
        case .teacher(let teacher): teacher.id
        case .team(let team): team.id
        }
    }

    var schoolID: String {
        switch subject {
        case .teacher(let teacher): teacher.schoolID
        case .team(let team): team.schoolID
        }
    }

    /// The registered teachers the nomination covers: the teacher, or the team's leader and teacher members.
    var teacherIDs: [String] {
        switch subject {
        case .teacher(let teacher): [teacher.id]
        case .team(let team): team.teacherIDs
        }
    }
}

/// What happens on a day of the nomination window.
private enum NominationTask {
    case nominate(schoolID: String)
    case object(nominationID: String, uphold: Bool)
    case resolve(objectionID: String, uphold: Bool)
    case submit(nominationIDs: [String])
}

extension DemoGenerator {
    mutating func runRound(_ plan: DemoRoundPlan) throws {
        clock.start(plan.createdOn)
        var config = RoundConfig.defaults
        config.quotas = [.masterTeacher: 5, .leadTeacher: 15, .keyTeacher: 30, .team: 8]
        config.nominationOpensAtUnixMilliseconds = plan.windowOpens.startUnixMilliseconds
        config.nominationClosesAtUnixMilliseconds = plan.windowCloses.startUnixMilliseconds
        config.rubrics = DemoContent.rubrics
        let title = "\(plan.year)年北京市技工院校高水平工匠之师选拔"
        var round = try record(
            bureau, "启动\(title)",
            model.planCreateRound(year: plan.year, config: config, reason: title, actor: bureau, now: clock.now))
        try recordRecentAchievements(round: round)
        clock.start(plan.openedOn)
        round = try record(
            bureau, "开始归口推荐",
            model.planOpenRound(
                roundID: round.id, expectedRevision: round.revision, reason: "开始归口推荐", actor: bureau, now: clock.now))
        try nominate(round: round, plan: plan)
        clock.start(plan.closedOn)
        round = try record(
            bureau, "推荐报送截止",
            model.planCloseNominations(
                roundID: round.id, expectedRevision: 0, reason: "推荐报送截止，未报送的推荐失效", actor: bureau, now: clock.now))
        try review(round: round, plan: plan)
        clock.start(plan.evaluationOn)
        try record(
            bureau, "开始专家综合评议", model.planStartEvaluation(roundID: round.id, expectedRevision: 0, actor: bureau, now: clock.now))
        try evaluate(round: round, plan: plan)
        if plan.scoredShare >= 1 { try conclude(round: round, plan: plan) }
    }

    // MARK: - Nomination, school publicity and submission

    private mutating func nominate(round: Round, plan: DemoRoundPlan) throws {
        let candidates = try chooseCandidates(round: round)
        let bySchool = Dictionary(grouping: candidates, by: \.schoolID)
        let days = clock.workingDays(from: plan.nominationDays.lowerBound, through: plan.nominationDays.upperBound)
        var agenda: [CivilDate: [NominationTask]] = [:]
        for schoolID in bySchool.keys.sorted() {
            agenda[random.pick(Array(days.prefix(days.count * 3 / 4))), default: []].append(.nominate(schoolID: schoolID))
        }
        // A few school-publicity objections; one or two are upheld.
        let objected = Set(candidates.map(\.id).shuffled(using: &random).prefix(max(2, candidates.count / 40)))
        var upheldLeft = random.chance(0.5) ? 2 : 1
        var day = days[0]
        while day < plan.windowCloses {
            clock.start(day)
            for task in agenda.removeValue(forKey: day) ?? [] {
                switch task {
                case .nominate(let schoolID):
                    let ids = try nominate(bySchool[schoolID]!, round: round)
                    let publicity = model.selection.nomination(id: ids[0])!.schoolPublicity!
                    let (startsOn, endsOn) = (publicity.startsOn, publicity.endsOn)
                    var submitted: [String] = []
                    for (id, candidate) in zip(ids, bySchool[schoolID]!) {
                        if objected.contains(candidate.id) {
                            let uphold = upheldLeft > 0
                            upheldLeft -= uphold ? 1 : 0
                            agenda[clock.workingDay(Int.random(in: 1...2, using: &random), after: startsOn), default: []].append(
                                .object(nominationID: id, uphold: uphold))
                        }
                        // Some nominations are never submitted and lapse when nominations close.
                        if !random.chance(0.06) { submitted.append(id) }
                    }
                    agenda[clock.workingDay(Int.random(in: 1...3, using: &random), after: endsOn), default: []].append(
                        .submit(nominationIDs: submitted))
                case .object(let id, let uphold):
                    tick(600...3600)
                    let nomination = model.selection.nomination(id: id)!
                    let actor = operators[nomination.schoolID]!
                    let objection = try record(
                        actor, "登记学校公示期间收到的异议",
                        model.planRecordObjection(
                            nominationID: id, receivedOn: clock.today, objector: random.chance(0.5) ? "" : "本校教职工",
                            grounds: random.pick(
                                nomination.tier == .team ? DemoContent.teamObjectionGrounds : DemoContent.schoolObjectionGrounds),
                            evidence: [], actor: actor, now: clock.now))
                    // Resolved within the publicity period, before the school submits.
                    let endsOn = nomination.schoolPublicity!.endsOn
                    agenda[min(clock.workingDay(2, after: clock.today), endsOn), default: []].append(
                        .resolve(objectionID: objection.id, uphold: uphold))
                case .resolve(let id, let uphold):
                    tick(600...3600)
                    let objection = model.selection.objection(id: id)!
                    let reason = uphold ? "经学校核查，反映问题属实，撤回推荐" : "经学校核查，相关材料真实有效，异议不成立"
                    try record(
                        operators[objection.schoolID]!, reason,
                        model.planResolveObjection(
                            id: id, uphold: uphold, reason: reason, actor: operators[objection.schoolID]!, now: clock.now))
                case .submit(let ids):
                    var later: [String] = []
                    for id in ids where model.selection.nomination(id: id)?.state == .inSchoolPublicity {
                        tick(120...600)
                        let nomination = model.selection.nomination(id: id)!
                        let pending = model.selection.allObjections.contains { $0.nominationID == id && $0.state == .pending }
                        if pending || !nomination.schoolPublicity!.hasEnded(asOf: clock.today) {
                            later.append(id)
                            continue
                        }
                        try record(
                            operators[nomination.schoolID]!, "学校公示期满无异议，报送市人社局",
                            model.planSubmitNomination(
                                id: id, expectedRevision: nomination.revision, actor: operators[nomination.schoolID]!,
                                now: clock.now))
                    }
                    if !later.isEmpty {
                        agenda[clock.workingDay(1, after: clock.today), default: []].append(.submit(nominationIDs: later))
                    }
                }
            }
            day = clock.workingDay(1, after: day)
        }
    }

    /// Nominates a school's candidates and posts their school publicity from the next working
    /// day; the nomination ids, in the candidates' order.
    private mutating func nominate(_ candidates: [DemoCandidate], round: Round) throws -> [String] {
        let actor = operators[candidates[0].schoolID]!
        let attestation = Attestation(
            attested: true, statement: "经学校党委会研究同意，情况属实", attestedByAccountID: "", attestedAtUnixMilliseconds: 0)
        let tierName = { (candidate: DemoCandidate) in DemoContent.name(of: candidate.tier) }
        var ids: [String] = []
        for candidate in candidates {
            tick(300...1500)
            let name: String
            let titles: [String]
            let recommendation: String
            var waivers: [WaiverDraft] = []
            switch candidate.subject {
            case .teacher(let teacher):
                let years = teacher.teachingStartDate.wholeYears(until: round.config.effectiveReferenceDate)
                (name, titles) = (teacher.name, ["推荐表", "业绩证明材料", "师德考核证明"])
                recommendation =
                    "\(teacher.name)同志师德高尚，从教\(years)年，是\(teacher.subjectTaught)教学骨干，经学校研究，推荐申报\(tierName(candidate))。"
                waivers = candidate.waive.map {
                    WaiverDraft(
                        criterion: $0.rawValue, justification: DemoContent.waiverJustification($0, teacher: teacher),
                        schoolAttestation: attestation)
                }
            case .team(let team):
                let leader = model.registry.teacher(id: team.leaderTeacherID)?.name ?? team.leaderTeacherID
                (name, titles) = (team.name, ["团队推荐表", "团队建设方案", "团队成员业绩证明材料", "团队成员师德考核证明"])
                recommendation =
                    "\(team.name)由\(leader)同志领衔，共\(team.size)人，专兼结合、结构合理，在\(team.majorName)专业工学一体化教学改革中成效显著，经学校研究，推荐申报\(tierName(candidate))。"
            }
            let materials = titles.enumerated().map { index, title in
                DocumentRef(
                    title: "\(name)\(title)", uri: "demo://materials/\(round.year)/\(candidate.id)/\(index + 1).pdf",
                    sha256Hex: DemoContent.hex(&random), sizeBytes: Int64.random(in: 80_000...6_000_000, using: &random))
            }
            let subject: EligibilityResult.Subject =
                switch candidate.subject {
                case .teacher(let teacher): .teacher(id: teacher.id)
                case .team(let team): .team(id: team.id)
                }
            let nomination = try record(
                actor, "推荐\(name)申报\(tierName(candidate))",
                model.planCreateNomination(
                    roundID: round.id, tier: candidate.tier, subject: subject, materials: materials,
                    schoolRecommendation: recommendation, waivers: waivers, actor: actor, now: clock.now))
            ids.append(nomination.id)
        }
        let startsOn = clock.workingDay(1, after: clock.today)
        for id in ids {
            tick(60...180)
            try record(
                actor, "学校公示",
                model.planRecordSchoolPublicity(
                    id: id, startsOn: startsOn, wherePublished: "校园网通知公告栏及教学楼公示栏", actor: actor, now: clock.now))
        }
        return ids
    }

    /// The teams first (``chooseTeams(round:)``), then the strongest teachers of each individual
    /// tier not in a chosen team, about 2.4–3.4 times the quota: mostly eligible ones, some
    /// needing an AGE or EDUCATION waiver, a few missing one hard criterion. Confirmed nominees
    /// of earlier rounds are in cultivation and are not put forward again.
    private mutating func chooseCandidates(round: Round) throws -> [DemoCandidate] {
        var chosen = try chooseTeams(round: round)
        var used = cultivatedTeachers.union(chosen.flatMap(\.teacherIDs))
        let reference = round.config.effectiveReferenceDate
        let ranked = model.registry.allTeachers.map { teacher in
            (teacher, Self.strength(of: teacher, at: reference) + Double.random(in: 0..<4, using: &random))
        }.sorted { ($0.1, $1.0.id) > ($1.1, $0.0.id) }
        for tier in [Tier.masterTeacher, .leadTeacher, .keyTeacher] {
            let quota = Double(round.config.quotas[tier] ?? 0)
            let target = Int((quota * Double.random(in: 2.4...3.4, using: &random)).rounded())
            let cap = max(1, Int((Double(target) * 1.8 / Double(schoolCount)).rounded(.up)))
            var eligible: [DemoCandidate] = []
            var waivable: [DemoCandidate] = []
            var nearMiss: [DemoCandidate] = []
            // Schools look at their strongest teachers first (the top third, or up to two
            // thirds while too few are eligible); checking everyone is not needed.
            let wanted = (eligible: 2 * target, waivable: max(3, target / 2), nearMiss: max(3, target / 3))
            for (index, (teacher, strength)) in ranked.enumerated() where !used.contains(teacher.id) {
                let full = waivable.count >= wanted.waivable && nearMiss.count >= wanted.nearMiss
                if eligible.count >= wanted.eligible && full { break }
                if index >= ranked.count / 3 && (eligible.count >= target || index >= ranked.count * 2 / 3) { break }
                let result = try model.checkEligibility(
                    roundID: round.id, tier: tier, subject: .teacher(id: teacher.id), actor: bureau, now: clock.now)
                let unmet = result.lines.filter { $0.status == .notMet }.map(\.criterion)
                let candidate = DemoCandidate(teacher: teacher, tier: tier, waive: unmet, strength: strength)
                if unmet.isEmpty {
                    eligible.append(candidate)
                } else if unmet.allSatisfy({ Eligibility.isWaivable($0, tier: tier) }) {
                    waivable.append(candidate)
                } else if unmet.count == 1 {
                    nearMiss.append(DemoCandidate(teacher: teacher, tier: tier, waive: [], strength: strength))
                }
            }
            var perSchoolInTier: [String: Int] = [:]
            for (pool, share) in [(eligible, 0.8), (waivable, 0.12), (nearMiss, 0.08)] {
                var left = max(1, Int((Double(target) * share).rounded()))
                for candidate in pool where left > 0 {
                    let school = candidate.schoolID
                    guard perSchoolInTier[school, default: 0] < cap, !used.contains(candidate.id) else { continue }
                    perSchoolInTier[school, default: 0] += 1
                    used.insert(candidate.id)
                    chosen.append(candidate)
                    left -= 1
                }
            }
        }
        return chosen
    }

    /// Before a round opens, schools bring their strongest senior teachers' records up to date:
    /// a municipal project hosted in the last years, a municipal competition prize won by their
    /// students, industry work not recorded before. The LEAD_TEACHER criteria ask for all three
    /// at once, which the registry's independent draws rarely give.
    private mutating func recordRecentAchievements(round: Round) throws {
        let year = Int32(round.year)
        let reference = round.config.effectiveReferenceDate
        let achievements: Set<EligibilityCriterion> = [.recentHostedProject, .competitionAward, .industryExperience]
        let target = Int(Double(round.config.quotas[.leadTeacher] ?? 0) * 3.5)
        let cultivated = cultivatedTeachers
        var updated = 0
        let ranked = model.registry.allTeachers.filter { $0.titleRank >= .associateSenior && !cultivated.contains($0.id) }
            .map { ($0, Self.strength(of: $0, at: reference) + Double.random(in: 0..<6, using: &random)) }
            .sorted { ($0.1, $1.0.id) > ($1.1, $0.0.id) }
        for (teacher, _) in ranked where updated < target {
            let lines = Eligibility.lines(for: teacher, tier: .leadTeacher, referenceDate: reference, waivers: [])
            let unmet = Set(lines.filter { $0.status == .notMet }.map(\.criterion))
            guard !unmet.isEmpty, unmet.isSubset(of: achievements), random.chance(0.8) else { continue }
            var draft = TeacherDraft(teacher)
            if unmet.contains(.recentHostedProject) {
                var project = TeacherDraft.ResearchProjectInput()
                project.title = "\(teacher.subjectTaught)工学一体化课程体系构建研究"
                project.level = AdministrativeLevel.municipal.rawValue
                project.role = ResearchRole.host.rawValue
                project.year = year - Int32.random(in: 1...2, using: &random)
                project.issuingBody = "北京市人力资源和社会保障局"
                draft.researchProjects.append(project)
            }
            if unmet.contains(.competitionAward) {
                var award = TeacherDraft.AwardInput()
                award.title = "北京市职业技能大赛"
                award.kind = AwardKind.competitionCoach.rawValue
                award.level = AdministrativeLevel.municipal.rawValue
                award.rank = AwardRank.first.rawValue
                award.year = year - Int32.random(in: 1...2, using: &random)
                award.awardingBody = "北京市人力资源和社会保障局"
                draft.awards.append(award)
            }
            if unmet.contains(.industryExperience) {
                draft.industryExperienceMonths = Int32.random(in: 24...96, using: &random)
            }
            tick(300...1200)
            let actor = operators[teacher.schoolID]!
            try record(
                actor, "更新教师业绩信息（补录近年课题、竞赛获奖和企业工作经历）",
                Planned(
                    [
                        .registry(
                            try model.registry.planUpdateTeacher(
                                id: teacher.id, expectedRevision: teacher.revision, draft, actorID: actor.accountID,
                                now: clock.now))
                    ], ()))
            updated += 1
        }
    }

    /// The teachers in cultivation since an earlier round.
    var cultivatedTeachers: Set<String> {
        Set(model.selection.allProjects.compactMap { project in if case .teacher(let id) = project.subject { id } else { nil } })
    }

    /// How strong a teacher's record is, roughly as a school would see it.
    static func strength(of teacher: Teacher, at date: CivilDate) -> Double {
        var strength = Double(teacher.titleRank.rawValue) * 3 + Double(teacher.skillLevel.rawValue) * 1.5
        for award in teacher.awards { strength += Double(award.level.rawValue * award.rank.rawValue) * 0.4 }
        for project in teacher.researchProjects {
            strength += Double(project.level.rawValue) * (project.role == .host ? 1.2 : 0.6) * (project.concluded ? 1.2 : 1)
        }
        for honour in teacher.honours { strength += Double(honour.level.rawValue) * 1.5 }
        return strength + Double(min(teacher.teachingStartDate.wholeYears(until: date), 30)) * 0.3
    }

    // MARK: - Qualification review

    private mutating func review(round: Round, plan: DemoRoundPlan) throws {
        clock.start(plan.reviewFrom)
        let submitted = model.selection.nominations(inRound: round.id).filter { $0.state == .submitted }.map(\.id)
        // Waivers first: most are approved.
        for id in submitted {
            for waiver in model.selection.nomination(id: id)!.waivers where waiver.state == .requested {
                tick(300...1200)
                let approve = random.chance(0.75)
                let reason =
                    approve ? "经审核，申请人业绩特别突出，同意放宽\(DemoContent.name(of: waiver.criterion))条件" : "经审核，申请人业绩未达到特别优秀标准，不同意放宽"
                try record(
                    bureau, reason,
                    model.planDecideWaiver(
                        id: id, waiverID: waiver.id, approve: approve, reason: reason, actor: bureau, now: clock.now))
            }
        }
        for id in submitted {
            tick(240...900)
            let nomination = model.selection.nomination(id: id)!
            var reasons = nomination.eligibility.lines.filter { $0.status == .notMet }.map {
                nomination.tier == .team
                    ? "\(DemoContent.name(of: $0.criterion))不符合要求：\($0.explanation)"
                    : "不符合\(DemoContent.name(of: $0.criterion))条件：\($0.explanation)"
            }
            if reasons.isEmpty && random.chance(0.03) { reasons = [random.pick(DemoContent.formFailures)] }
            try record(
                bureau, reasons.isEmpty ? "资格审核、形式审核通过" : "资格审核、形式审核未通过",
                model.planReviewQualification(
                    id: id, passed: reasons.isEmpty, failureReasons: reasons, comment: reasons.isEmpty ? "符合选拔条件，材料齐全" : "",
                    actor: bureau, now: clock.now))
        }
    }

    // MARK: - Evaluation

    /// Panels of 5–7 experts per tier, each assigned every nominee of the tier but those of
    /// their own school, and their scores as they come in over the scoring days.
    private mutating func evaluate(round: Round, plan: DemoRoundPlan) throws {
        var pool = experts.shuffled(using: &random)
        var assignments: [ExpertAssignment] = []
        for tier in [Tier.masterTeacher, .leadTeacher, .keyTeacher, .team] {
            let passed = model.selection.nominations(inRound: round.id).filter { $0.tier == tier && $0.state == .passedReview }
            let size = Int.random(in: 5...7, using: &random)
            if pool.count < size { pool = experts.shuffled(using: &random) }
            for expert in pool.prefix(size) {
                let affiliation: String? = if case .expert(let school) = expert.role { school } else { nil }
                let targets = passed.filter { $0.schoolID != affiliation }.map(\.id)
                guard !targets.isEmpty else { continue }
                tick(120...600)
                assignments.append(
                    try record(
                        bureau, "分配\(DemoContent.name(of: tier))评审专家（本校推荐对象回避）",
                        model.planAssignExpert(
                            expertAccountID: expert.accountID, kind: .nomineeScoring, roundID: round.id, tier: tier,
                            nominationIDs: targets, actor: bureau, now: clock.now)))
            }
            pool.removeFirst(min(size, pool.count))
        }
        // Each expert works through their nominees from a day of their choosing.
        var quality: [String: Double] = [:]
        var bias: [String: Double] = [:]
        var events: [(at: Int64, expert: Actor, nominationID: String)] = []
        let days = clock.workingDays(from: plan.scoringDays.lowerBound, through: plan.scoringDays.upperBound)
        for assignment in assignments {
            let expert = experts.first { $0.accountID == assignment.expertAccountID }!
            bias[expert.accountID] = bias[expert.accountID] ?? Double.random(in: -4...4, using: &random)
            var own = clock
            own.start(random.pick(days))
            for id in assignment.nominationIDs.shuffled(using: &random) {
                own.pass(seconds: Int.random(in: 600...1500, using: &random))
                events.append((own.now, expert, id))
            }
        }
        events.sort { ($0.at, $0.expert.accountID, $0.nominationID) < ($1.at, $1.expert.accountID, $1.nominationID) }
        let count = plan.scoredShare >= 1 ? events.count : Int(Double(events.count) * plan.scoredShare)
        let rubrics = round.config.rubrics
        for event in events.prefix(count) {
            clock.advance(to: event.at)
            let nomination = model.selection.nomination(id: event.nominationID)!
            if quality[nomination.id] == nil,
                let strength = subjectStrength(nomination.subject, at: round.config.effectiveReferenceDate)
            {
                quality[nomination.id] = 62 + min(strength, 50) * 0.45 + normal() * 3
            }
            let base = (quality[nomination.id] ?? 75) + bias[event.expert.accountID, default: 0]
            let items = rubrics[nomination.tier]!.items.map { item in
                ItemScore(itemCode: item.code, score: (min(max(base + normal() * 3.5, 30), 100) * 2).rounded() / 2)
            }
            try record(
                event.expert, "专家综合评议评分",
                model.planSubmitScore(
                    nominationID: nomination.id, itemScores: items,
                    comment: random.chance(0.3) ? random.pick(DemoContent.scoreComments) : "", expectedRevision: 0,
                    actor: event.expert, now: clock.now))
        }
    }

    /// About a standard normal number: the sum of three uniform ones, scaled.
    private mutating func normal() -> Double {
        (Double.random(in: -1...1, using: &random) + Double.random(in: -1...1, using: &random)
            + Double.random(in: -1...1, using: &random))
    }

    // MARK: - Provisional list, public notice, confirmation

    private mutating func conclude(round: Round, plan: DemoRoundPlan) throws {
        clock.start(clock.workingDay(1, after: clock.today))
        try record(
            bureau, "按选拔名额初定",
            model.planDraftProvisionalList(roundID: round.id, expectedRevision: 0, actor: bureau, now: clock.now))
        let title = "\(plan.year)年北京市技工院校高水平工匠之师培养对象拟定名单公示"
        let venue = "北京市人力资源和社会保障局官网"
        clock.start(clock.workingDay(1, after: clock.today))
        let (list, _) = try record(
            bureau, "发布公示",
            model.planPublishPublicNotice(
                roundID: round.id, title: title, startsOn: clock.today, wherePublished: venue, actor: bureau, now: clock.now))
        let noticeEnds = list.notices[0].period.endsOn
        // One objection upheld where someone can move up (递补), one dismissed.
        let spare = Set(
            model.selection.nominations(inRound: round.id).filter { $0.state == .notSelected }.map(\.tier))
        // The objections name an individual's award or practice: they are about individual tiers.
        let listed = list.entries.filter { $0.state == .listed && $0.tier != .team }
        let upheldEntry = listed.filter { spare.contains($0.tier) }.shuffled(using: &random).first
        let dismissedEntry = listed.filter { $0.nominationID != upheldEntry?.nominationID }.shuffled(using: &random).first
        clock.start(clock.workingDay(2, after: clock.today))
        var objections: [(Objection, Bool)] = []
        for (entry, uphold) in [(upheldEntry, true), (dismissedEntry, false)] {
            guard let entry else { continue }
            tick(1800...5400)
            let objection = try record(
                bureau, "登记公示期间收到的异议",
                model.planRecordObjection(
                    nominationID: entry.nominationID, receivedOn: clock.today, objector: uphold ? "" : "实名来信",
                    grounds: DemoContent.noticeObjectionGrounds[uphold ? 0 : 1], evidence: [], actor: bureau, now: clock.now))
            objections.append((objection, uphold))
        }
        clock.start(clock.workingDay(1, after: clock.today))
        for (objection, uphold) in objections {
            tick(1800...5400)
            let reason = uphold ? "经调查核实，所反映奖项实为校级选拔赛奖项，异议成立，取消拟定资格" : "经调查核实，企业实践经历真实，异议不成立"
            try record(
                bureau, reason,
                model.planResolveObjection(id: objection.id, uphold: uphold, reason: reason, actor: bureau, now: clock.now))
            if uphold {
                tick(1800...3600)
                try record(
                    bureau, "按排名顺序递补",
                    model.planPromoteNext(
                        roundID: round.id, removedNominationID: objection.nominationID, reason: "原拟定人选异议成立，按综合评议排名顺序递补",
                        actor: bureau, now: clock.now))
                clock.start(clock.workingDay(1, after: clock.today))
                try record(
                    bureau, "发布递补人选补充公示",
                    model.planPublishPublicNotice(
                        roundID: round.id, title: title + "（递补）", startsOn: clock.today, wherePublished: venue, actor: bureau,
                        now: clock.now))
            }
        }
        let lastEnds = model.selection.provisionalList(roundID: round.id)!.notices.map(\.period.endsOn).max() ?? noticeEnds
        clock.start(clock.workingDay(0, after: lastEnds.adding(days: 1)))
        try record(
            bureau, "公示期满无异议，正式确定培养对象",
            model.planConfirmSelection(roundID: round.id, expectedRevision: 0, actor: bureau, now: clock.now))
    }
}
