import Craftsman
import Testing

/// Teachers, waivers and look-ups shared by the eligibility tests. The reference date is
/// 2024-03-01; `teacher()` meets every hard criterion of every individual tier on it.
enum EligibilityFixture {
    static let referenceDate = date(2024, 3, 1)
    static let individualTiers: [Tier] = [.masterTeacher, .leadTeacher, .keyTeacher]

    static func date(_ year: Int, _ month: Int, _ day: Int) -> CivilDate {
        guard let date = CivilDate(year: year, month: month, day: day) else { fatalError("\(year)-\(month)-\(day)") }
        return date
    }

    static let attested = Attestation(
        attested: true, statement: "师德高尚", attestedByAccountID: "A00000001", attestedAtUnixMilliseconds: 1)

    /// 43 years old, bachelor, 18 teaching years, associate senior and senior technician in the
    /// subject taught, 8 months of recent enterprise practice, 30 months in industry, a concluded
    /// municipal project hosted in 2021–2022 and a municipal first prize as a coach.
    static func teacher(id: String = "T00000001", schoolID: String = "S00000001", name: String = "张伟") -> Teacher {
        Teacher(
            id: id, schoolID: schoolID, name: name, nationalID: "", birthDate: date(1980, 6, 15),
            highestEducation: .bachelor, teachingStartDate: date(2005, 9, 1), titleRank: .associateSenior,
            skillLevel: .seniorTechnician, skillOccupation: "数控车工", skillCertificateRelatedToSubject: true,
            courseKind: .professional, subjectTaught: "数控加工", employedInPost: true, enterprisePracticeMonthsLast5Years: 8,
            enterprisePracticeAsOf: date(2024, 1, 10), industryExperienceMonths: 30,
            researchProjects: [project("P1", level: .municipal, role: .host, year: 2021, concludedYear: 2022)],
            awards: [award("A1", kind: .competitionCoach, level: .municipal, rank: .first)], honours: [],
            ethicsAttestation: attested, createdAtUnixMilliseconds: 1, updatedAtUnixMilliseconds: 1, revision: 1)
    }

    static func project(
        _ id: String, level: AdministrativeLevel, role: ResearchRole, year: Int32, concludedYear: Int32?,
        concluded: Bool? = nil
    ) -> ResearchProject {
        ResearchProject(
            id: id, title: "课题 \(id)", level: level, role: role, concluded: concluded ?? (concludedYear != nil), year: year,
            concludedYear: concludedYear, issuingBody: "北京市人力资源和社会保障局")
    }

    static func award(_ id: String, kind: AwardKind, level: AdministrativeLevel, rank: AwardRank, year: Int32 = 2023) -> Award {
        Award(id: id, title: "奖项 \(id)", kind: kind, level: level, rank: rank, year: year, awardingBody: "评审委员会")
    }

    static func waiver(_ criterion: EligibilityCriterion, _ state: WaiverState, id: String = "W1") -> Waiver {
        Waiver(
            id: id, criterion: criterion, justification: "全国技术能手，特别优秀", schoolAttestation: attested, state: state,
            requestedByAccountID: "A00000002", requestedAtUnixMilliseconds: 2)
    }

    /// The one line of `criterion` for `teacher` and `tier`.
    static func line(
        _ criterion: EligibilityCriterion, _ teacher: Teacher, _ tier: Tier, waivers: [Waiver] = [],
        at referenceDate: CivilDate = referenceDate
    ) throws -> EligibilityLine {
        let lines = Eligibility.lines(for: teacher, tier: tier, referenceDate: referenceDate, waivers: waivers)
        let matching = lines.filter { $0.criterion == criterion }
        try #require(matching.count == 1, "\(criterion) for \(tier): \(matching.count) lines")
        return matching[0]
    }

    static func status(_ criterion: EligibilityCriterion, _ teacher: Teacher, _ tier: Tier) throws -> CriterionStatus {
        try line(criterion, teacher, tier).status
    }
}

extension EligibilityLine {
    /// The number of the figure named `name`, or nil.
    func number(_ name: String) -> Double? { figures.first { $0.name == name }?.number }
    /// The text of the figure named `name`, or nil.
    func text(_ name: String) -> String? { figures.first { $0.name == name }?.text }
}

@Suite struct EligibilityTests {
    typealias Fixture = EligibilityFixture
    static let tiers = Fixture.individualTiers

    // MARK: Which criteria, in which order

    @Test func eachTierReportsItsCriteriaInOrder() {
        let expected: [Tier: [EligibilityCriterion]] = [
            .masterTeacher: [
                .employedInPost, .ethics, .age, .education, .teachingYears, .titleOrSkill, .enterprisePractice,
                .researchOrHonour, .expertJudgement,
            ],
            .leadTeacher: [
                .employedInPost, .ethics, .age, .education, .teachingYears, .title, .subjectSkill, .industryExperience,
                .recentHostedProject, .competitionAward, .expertJudgement,
            ],
            .keyTeacher: [.employedInPost, .ethics, .age, .education, .teachingYears, .title, .subjectSkill, .expertJudgement],
        ]
        for tier in Self.tiers {
            let lines = Eligibility.lines(for: Fixture.teacher(), tier: tier, referenceDate: Fixture.referenceDate, waivers: [])
            #expect(lines.map(\.criterion) == expected[tier], "\(tier)")
            #expect(lines.map(\.criterion.rawValue) == lines.map(\.criterion.rawValue).sorted(), "\(tier)")
        }
    }

    @Test(arguments: Fixture.individualTiers)
    func aFullyQualifiedTeacherMeetsEveryHardCriterion(tier: Tier) {
        let lines = Eligibility.lines(for: Fixture.teacher(), tier: tier, referenceDate: Fixture.referenceDate, waivers: [])
        for line in lines {
            #expect(line.status == (line.criterion == .expertJudgement ? .needsExpertJudgement : .met), "\(line)")
            #expect(!line.rule.isEmpty && line.planClause.hasPrefix("二(") && !line.explanation.isEmpty, "\(line)")
            #expect(line.waiverID.isEmpty && line.waiverState == nil && line.waiverJustification.isEmpty)
        }
        let result = EligibilityResult(
            tier: tier, subject: .teacher(id: "T00000001"), roundID: "", referenceDate: Fixture.referenceDate,
            roundConfigVersion: 1, subjectRevision: 1, checkedAtUnixMilliseconds: 0, lines: lines)
        #expect(result.hardCriteriaSatisfied)
    }

    @Test func theTeamTierIsNotCheckedAgainstATeacher() throws {
        let lines = Eligibility.lines(for: Fixture.teacher(), tier: .team, referenceDate: Fixture.referenceDate, waivers: [])
        let line = try #require(lines.first)
        #expect(lines.count == 1)
        #expect(line.status == .notMet && line.explanation.contains("teams are checked as teams"))
    }

    @Test func onlyAgeAndEducationOfIndividualTiersAreWaivable() {
        for tier in Tier.allCases {
            for criterion in EligibilityCriterion.allCases {
                let expected = tier != .team && (criterion == .age || criterion == .education)
                #expect(Eligibility.isWaivable(criterion, tier: tier) == expected, "\(criterion) \(tier)")
            }
        }
        let lines = Eligibility.lines(
            for: Fixture.teacher(), tier: .keyTeacher, referenceDate: Fixture.referenceDate, waivers: [])
        #expect(lines.filter(\.waivable).map(\.criterion) == [.age, .education])
    }

    // MARK: Employment and ethics

    @Test(arguments: Fixture.individualTiers)
    func employmentAndEthicsAreRequired(tier: Tier) throws {
        var teacher = Fixture.teacher()
        teacher.employedInPost = false
        let employed = try Fixture.line(.employedInPost, teacher, tier)
        #expect(employed.status == .notMet && employed.planClause == "二(一)" && employed.text("employed_in_post") == "false")

        teacher = Fixture.teacher()
        teacher.ethicsAttestation = nil
        let missing = try Fixture.line(.ethics, teacher, tier)
        #expect(missing.status == .notMet && !missing.waivable)
        teacher.ethicsAttestation = Attestation(
            attested: false, statement: "", attestedByAccountID: "A00000001", attestedAtUnixMilliseconds: 1)
        #expect(try Fixture.status(.ethics, teacher, tier) == .notMet)
    }

    // MARK: Age

    static let maximumAges: [(Tier, Int)] = [(.masterTeacher, 50), (.leadTeacher, 50), (.keyTeacher, 45)]

    @Test(arguments: maximumAges)
    func ageIsMetUpToTheDayBeforeTheNextBirthday(tier: Tier, maximum: Int) throws {
        var teacher = Fixture.teacher()
        // Exactly `maximum` on the reference date.
        teacher.birthDate = Fixture.date(2024 - maximum, 3, 1)
        let exact = try Fixture.line(.age, teacher, tier)
        #expect(exact.status == .met && exact.number("age_years") == Double(maximum))
        #expect(exact.number("max_age_years") == Double(maximum) && exact.planClause.hasSuffix("(1)"))
        #expect(exact.rule == "age ≤ \(maximum) at the reference date 2024-03-01")
        // Turns maximum + 1 the day after the reference date: still `maximum`.
        teacher.birthDate = Fixture.date(2024 - maximum - 1, 3, 2)
        #expect(try Fixture.status(.age, teacher, tier) == .met)
        // The day of the (maximum + 1)th birthday.
        teacher.birthDate = Fixture.date(2024 - maximum - 1, 3, 1)
        let over = try Fixture.line(.age, teacher, tier)
        #expect(over.status == .notMet && over.number("age_years") == Double(maximum + 1) && over.waivable)
        #expect(over.explanation == "age \(maximum + 1) exceeds \(maximum) for \(tier) and no approved exception")
    }

    @Test func ageClausesFollowThePlan() throws {
        #expect(try Fixture.line(.age, Fixture.teacher(), .masterTeacher).planClause == "二(二)1(1)")
        #expect(try Fixture.line(.age, Fixture.teacher(), .leadTeacher).planClause == "二(二)2(1)")
        #expect(try Fixture.line(.age, Fixture.teacher(), .keyTeacher).planClause == "二(二)3(1)")
    }

    @Test func aKeyTeacherOf46IsOverAgeButAMasterTeacherIsNot() throws {
        var teacher = Fixture.teacher()
        teacher.birthDate = Fixture.date(1977, 6, 1)  // 46
        #expect(try Fixture.status(.age, teacher, .keyTeacher) == .notMet)
        #expect(try Fixture.status(.age, teacher, .masterTeacher) == .met)
        #expect(try Fixture.status(.age, teacher, .leadTeacher) == .met)
    }

    // MARK: Education

    @Test(arguments: Fixture.individualTiers)
    func educationNeedsABachelorDegree(tier: Tier) throws {
        var teacher = Fixture.teacher()
        teacher.highestEducation = .belowBachelor
        let below = try Fixture.line(.education, teacher, tier)
        #expect(below.status == .notMet && below.waivable && below.planClause.hasSuffix("(2)"))
        #expect(below.text("highest_education") == "EDUCATION_LEVEL_BELOW_BACHELOR")
        #expect(below.text("min_education") == "EDUCATION_LEVEL_BACHELOR")
        for level in [EducationLevel.bachelor, .master, .doctorate] {
            teacher.highestEducation = level
            #expect(try Fixture.status(.education, teacher, tier) == .met, "\(level)")
        }
    }

    // MARK: Teaching years

    static let minimumTeachingYears: [(Tier, Int)] = [(.masterTeacher, 10), (.leadTeacher, 5), (.keyTeacher, 5)]

    @Test(arguments: minimumTeachingYears)
    func teachingYearsCountWholeYears(tier: Tier, minimum: Int) throws {
        var teacher = Fixture.teacher()
        teacher.teachingStartDate = Fixture.date(2024 - minimum, 3, 1)
        let exact = try Fixture.line(.teachingYears, teacher, tier)
        #expect(exact.status == .met && exact.number("teaching_years") == Double(minimum))
        #expect(exact.number("min_teaching_years") == Double(minimum) && !exact.waivable)
        // One day short: `minimum - 1` years and 364 days.
        teacher.teachingStartDate = Fixture.date(2024 - minimum, 3, 2)
        let short = try Fixture.line(.teachingYears, teacher, tier)
        #expect(short.status == .notMet && short.number("teaching_years") == Double(minimum - 1))
        #expect(short.explanation.contains("fall short of \(minimum)"))
    }

    @Test func teachingThatStartsAfterTheReferenceDateCountsAsNoYears() throws {
        var teacher = Fixture.teacher()
        teacher.teachingStartDate = Fixture.date(2024, 9, 1)
        let line = try Fixture.line(.teachingYears, teacher, .keyTeacher)
        #expect(line.status == .notMet && line.number("teaching_years") == 0)
    }

    // MARK: Title and skill

    @Test func aMasterTeacherNeedsTheTitleOrTheSkill() throws {
        var teacher = Fixture.teacher()
        teacher.titleRank = .associateSenior
        teacher.skillLevel = .noCertificate
        #expect(try Fixture.status(.titleOrSkill, teacher, .masterTeacher) == .met)
        teacher.titleRank = .intermediate
        teacher.skillLevel = .seniorTechnician
        #expect(try Fixture.status(.titleOrSkill, teacher, .masterTeacher) == .met)
        teacher.skillLevel = .technician
        let neither = try Fixture.line(.titleOrSkill, teacher, .masterTeacher)
        #expect(neither.status == .notMet && neither.planClause == "二(二)1(2)")
        #expect(neither.text("title_rank") == "TITLE_RANK_INTERMEDIATE")
        #expect(neither.text("min_title_rank") == "TITLE_RANK_ASSOCIATE_SENIOR")
        #expect(neither.text("skill_level") == "SKILL_LEVEL_TECHNICIAN")
        #expect(neither.text("min_skill_level") == "SKILL_LEVEL_SENIOR_TECHNICIAN")
        teacher.skillLevel = .chiefTechnician
        #expect(try Fixture.line(.titleOrSkill, teacher, .masterTeacher).text("skill_level") == "SKILL_LEVEL_CHIEF_TECHNICIAN")
        #expect(try Fixture.status(.titleOrSkill, teacher, .masterTeacher) == .met)
    }

    @Test func titleThresholdsDifferForLeadAndKeyTeachers() throws {
        var teacher = Fixture.teacher()
        teacher.titleRank = .associateSenior
        #expect(try Fixture.status(.title, teacher, .leadTeacher) == .met)
        teacher.titleRank = .intermediate
        teacher.skillLevel = .chiefTechnician  // the skill does not stand in for the title here
        let lead = try Fixture.line(.title, teacher, .leadTeacher)
        #expect(lead.status == .notMet && lead.planClause == "二(二)2(2)")
        #expect(lead.text("min_title_rank") == "TITLE_RANK_ASSOCIATE_SENIOR")
        #expect(try Fixture.status(.title, teacher, .keyTeacher) == .met)
        teacher.titleRank = .junior
        let key = try Fixture.line(.title, teacher, .keyTeacher)
        #expect(key.status == .notMet && key.text("min_title_rank") == "TITLE_RANK_INTERMEDIATE" && key.planClause == "二(二)3(2)")
    }

    static let minimumSubjectSkills: [(Tier, SkillLevel, SkillLevel)] = [
        (.leadTeacher, .technician, .seniorWorker), (.keyTeacher, .seniorWorker, .intermediateWorker),
    ]

    @Test(arguments: minimumSubjectSkills)
    func subjectSkillNeedsTheLevelAndARelatedCertificate(tier: Tier, minimum: SkillLevel, below: SkillLevel) throws {
        var teacher = Fixture.teacher()
        teacher.skillLevel = minimum
        let met = try Fixture.line(.subjectSkill, teacher, tier)
        #expect(met.status == .met && met.text("skill_certificate_related_to_subject") == "true")
        teacher.skillLevel = below
        let low = try Fixture.line(.subjectSkill, teacher, tier)
        #expect(low.status == .notMet && low.text("skill_level") != low.text("min_skill_level"))
        teacher.skillLevel = .chiefTechnician
        teacher.skillCertificateRelatedToSubject = false
        let unrelated = try Fixture.line(.subjectSkill, teacher, tier)
        #expect(unrelated.status == .notMet && unrelated.explanation.contains("not recorded as related"))
    }

    @Test(arguments: Fixture.individualTiers.dropFirst())
    func subjectSkillDoesNotApplyOutsideProfessionalCourses(tier: Tier) throws {
        for kind in [CourseKind.cultureFoundation, .ideology] {
            var teacher = Fixture.teacher()
            teacher.courseKind = kind
            teacher.skillLevel = .noCertificate
            teacher.skillCertificateRelatedToSubject = false
            let line = try Fixture.line(.subjectSkill, teacher, tier)
            #expect(line.status == .notApplicable, "\(kind)")
            let lines = Eligibility.lines(for: teacher, tier: tier, referenceDate: Fixture.referenceDate, waivers: [])
            #expect(!lines.contains { $0.status == .notMet })
        }
    }

    @Test func masterTeachersHaveNoSubjectSkillRuleAndKeyTeachersNoTitleOrSkillRule() {
        let master = Eligibility.lines(
            for: Fixture.teacher(), tier: .masterTeacher, referenceDate: Fixture.referenceDate, waivers: [])
        let key = Eligibility.lines(for: Fixture.teacher(), tier: .keyTeacher, referenceDate: Fixture.referenceDate, waivers: [])
        #expect(!master.contains { $0.criterion == .subjectSkill || $0.criterion == .title })
        #expect(!key.contains { $0.criterion == .titleOrSkill || $0.criterion == .competitionAward })
    }

    // MARK: Enterprise practice and industry experience

    @Test func enterprisePracticeNeedsSixMonths() throws {
        var teacher = Fixture.teacher()
        teacher.enterprisePracticeMonthsLast5Years = 6
        let six = try Fixture.line(.enterprisePractice, teacher, .masterTeacher)
        #expect(six.status == .met && six.number("enterprise_practice_months") == 6)
        #expect(six.number("min_enterprise_practice_months") == 6 && six.planClause == "二(二)1(3)")
        #expect(six.number("industry_experience_months") == 30 && six.text("enterprise_practice_as_of") == "2024-01-10")
        teacher.enterprisePracticeMonthsLast5Years = 5
        let five = try Fixture.line(.enterprisePractice, teacher, .masterTeacher)
        #expect(five.status == .notMet && five.number("enterprise_practice_months") == 5 && !five.waivable)
    }

    @Test func enterprisePracticeMustBeDeclaredWithinAYearOfTheReferenceDate() throws {
        var teacher = Fixture.teacher()
        teacher.enterprisePracticeAsOf = Fixture.date(2023, 3, 1)
        #expect(try Fixture.status(.enterprisePractice, teacher, .masterTeacher) == .met)
        teacher.enterprisePracticeAsOf = Fixture.date(2023, 2, 28)
        let stale = try Fixture.line(.enterprisePractice, teacher, .masterTeacher)
        #expect(stale.status == .notMet && stale.explanation.contains("more than a year old"))
        teacher.enterprisePracticeAsOf = Fixture.date(2024, 3, 1)
        #expect(try Fixture.status(.enterprisePractice, teacher, .masterTeacher) == .met)
        teacher.enterprisePracticeAsOf = Fixture.date(2024, 3, 2)
        let future = try Fixture.line(.enterprisePractice, teacher, .masterTeacher)
        #expect(future.status == .notMet && future.explanation.contains("after the reference date"))
        teacher.enterprisePracticeAsOf = nil
        let undated = try Fixture.line(.enterprisePractice, teacher, .masterTeacher)
        #expect(undated.status == .notMet && undated.text("enterprise_practice_as_of") == "")
    }

    @Test func aLeapDayReferenceDateLooksBackToTheTwentyEighth() throws {
        var teacher = Fixture.teacher()
        let leapDay = Fixture.date(2024, 2, 29)
        teacher.enterprisePracticeAsOf = Fixture.date(2023, 2, 28)
        #expect(try Fixture.line(.enterprisePractice, teacher, .masterTeacher, at: leapDay).status == .met)
        teacher.enterprisePracticeAsOf = Fixture.date(2023, 2, 27)
        #expect(try Fixture.line(.enterprisePractice, teacher, .masterTeacher, at: leapDay).status == .notMet)
    }

    @Test func enterprisePracticeDoesNotApplyOutsideProfessionalCourses() throws {
        var teacher = Fixture.teacher()
        teacher.courseKind = .cultureFoundation
        teacher.enterprisePracticeMonthsLast5Years = 0
        teacher.enterprisePracticeAsOf = nil
        let line = try Fixture.line(.enterprisePractice, teacher, .masterTeacher)
        #expect(line.status == .notApplicable && line.text("course_kind") == "COURSE_KIND_CULTURE_FOUNDATION")
    }

    @Test func leadTeachersNeedTwoYearsOfIndustryExperience() throws {
        var teacher = Fixture.teacher()
        teacher.industryExperienceMonths = 24
        let met = try Fixture.line(.industryExperience, teacher, .leadTeacher)
        #expect(met.status == .met && met.number("min_industry_experience_months") == 24 && met.planClause == "二(二)2(4)")
        #expect(met.figures.first { $0.name == "industry_experience_months" }?.unit == "months")
        teacher.industryExperienceMonths = 23
        let short = try Fixture.line(.industryExperience, teacher, .leadTeacher)
        #expect(short.status == .notMet && short.number("industry_experience_months") == 23)
    }

    // MARK: Research, honours and competitions

    @Test func researchOrHonourIsNotMetWithNothingQualifying() throws {
        var teacher = Fixture.teacher()
        teacher.researchProjects = []
        teacher.awards = []
        let line = try Fixture.line(.researchOrHonour, teacher, .masterTeacher)
        #expect(line.status == .notMet && line.evidenceIDs.isEmpty && line.planClause == "二(二)1(4)")
    }

    static let researchProjects: [(ResearchProject, Bool)] = [
        (Fixture.project("P", level: .municipal, role: .mainParticipant, year: 2019, concludedYear: 2020), true),
        (Fixture.project("P", level: .national, role: .host, year: 2010, concludedYear: 2012), true),
        (Fixture.project("P", level: .district, role: .host, year: 2019, concludedYear: 2020), false),
        (Fixture.project("P", level: .municipal, role: .participant, year: 2019, concludedYear: 2020), false),
        (Fixture.project("P", level: .municipal, role: .host, year: 2023, concludedYear: nil), false),
    ]

    @Test(arguments: researchProjects)
    func researchProjectsMustBeMunicipalMainAndConcluded(project: ResearchProject, qualifies: Bool) throws {
        var teacher = Fixture.teacher()
        teacher.researchProjects = [project]
        teacher.awards = []
        let line = try Fixture.line(.researchOrHonour, teacher, .masterTeacher)
        #expect(line.status == (qualifies ? .met : .notMet))
        #expect(line.evidenceIDs == (qualifies ? ["P"] : []))
    }

    static let researchAwards: [(Award, Bool)] = [
        (Fixture.award("R", kind: .teachingResearchResult, level: .municipal, rank: .first), true),
        (Fixture.award("R", kind: .teachingResearchResult, level: .municipal, rank: .special), true),
        (Fixture.award("R", kind: .teachingResearchResult, level: .municipal, rank: .second), false),
        (Fixture.award("R", kind: .teachingResearchResult, level: .ministerial, rank: .third), true),
        (Fixture.award("R", kind: .teachingResearchResult, level: .ministerial, rank: .honourableMention), false),
        (Fixture.award("R", kind: .teachingResearchResult, level: .national, rank: .third), true),
        (Fixture.award("R", kind: .teachingResearchResult, level: .national, rank: .honourableMention), false),
        (Fixture.award("R", kind: .teachingResearchResult, level: .district, rank: .special), false),
        (Fixture.award("R", kind: .competitionCoach, level: .national, rank: .first), false),
    ]

    @Test(arguments: researchAwards)
    func researchResultsNeedAMunicipalFirstPrizeOrAbove(award: Award, qualifies: Bool) throws {
        var teacher = Fixture.teacher()
        teacher.researchProjects = []
        teacher.awards = [award]
        let line = try Fixture.line(.researchOrHonour, teacher, .masterTeacher)
        #expect(line.status == (qualifies ? .met : .notMet))
        #expect(line.evidenceIDs == (qualifies ? ["R"] : []))
    }

    @Test func honoursCountFromMunicipalLevelAndEveryQualifyingItemIsEvidence() throws {
        var teacher = Fixture.teacher()
        teacher.researchProjects = [
            Fixture.project("P1", level: .municipal, role: .host, year: 2019, concludedYear: 2020),
            Fixture.project("P2", level: .school, role: .host, year: 2019, concludedYear: 2020),
        ]
        teacher.awards = [Fixture.award("A1", kind: .teachingResearchResult, level: .national, rank: .second)]
        teacher.honours = [
            Honour(id: "H1", title: "北京市优秀教师", level: .municipal, year: 2022, awardingBody: "北京市教委"),
            Honour(id: "H2", title: "区级优秀教师", level: .district, year: 2021, awardingBody: "朝阳区"),
        ]
        let line = try Fixture.line(.researchOrHonour, teacher, .masterTeacher)
        #expect(line.status == .met && line.evidenceIDs == ["P1", "A1", "H1"])
        #expect(line.number("qualifying_projects") == 1 && line.number("qualifying_honours") == 1)
        teacher.researchProjects = []
        teacher.awards = []
        teacher.honours = [teacher.honours[1]]
        #expect(try Fixture.status(.researchOrHonour, teacher, .masterTeacher) == .notMet)
        teacher.honours[0].level = .municipal
        #expect(try Fixture.status(.researchOrHonour, teacher, .masterTeacher) == .met)
    }

    /// Projects against the reference date 2024-03-01: the window is 2021–2024.
    static let hostedProjects: [(ResearchProject, Bool)] = [
        (Fixture.project("P", level: .municipal, role: .host, year: 2021, concludedYear: 2021), true),
        (Fixture.project("P", level: .municipal, role: .host, year: 2019, concludedYear: 2021), true),
        (Fixture.project("P", level: .municipal, role: .host, year: 2020, concludedYear: 2020), false),
        (Fixture.project("P", level: .municipal, role: .host, year: 2015, concludedYear: nil), true),
        (Fixture.project("P", level: .municipal, role: .host, year: 2020, concludedYear: nil, concluded: true), false),
        (Fixture.project("P", level: .ministerial, role: .host, year: 2024, concludedYear: nil), true),
        (Fixture.project("P", level: .municipal, role: .host, year: 2025, concludedYear: nil), false),
        (Fixture.project("P", level: .municipal, role: .mainParticipant, year: 2023, concludedYear: nil), false),
        (Fixture.project("P", level: .district, role: .host, year: 2023, concludedYear: nil), false),
    ]

    @Test(arguments: hostedProjects)
    func hostedProjectsCountWhenRunningInTheLastThreeYears(project: ResearchProject, qualifies: Bool) throws {
        var teacher = Fixture.teacher()
        teacher.researchProjects = [project]
        let line = try Fixture.line(.recentHostedProject, teacher, .leadTeacher)
        #expect(line.status == (qualifies ? .met : .notMet))
        #expect(line.evidenceIDs == (qualifies ? ["P"] : []))
        #expect(line.number("earliest_year") == 2021 && line.planClause == "二(二)2(4)")
    }

    static let competitionAwards: [(Award, Bool)] = [
        (Fixture.award("C", kind: .competitionCoach, level: .municipal, rank: .first), true),
        (Fixture.award("C", kind: .competitionContestant, level: .municipal, rank: .special), true),
        (Fixture.award("C", kind: .competitionCoach, level: .municipal, rank: .second), false),
        (Fixture.award("C", kind: .competitionContestant, level: .ministerial, rank: .second), true),
        (Fixture.award("C", kind: .competitionCoach, level: .ministerial, rank: .third), false),
        (Fixture.award("C", kind: .competitionCoach, level: .national, rank: .second), true),
        (Fixture.award("C", kind: .competitionContestant, level: .national, rank: .third), false),
        (Fixture.award("C", kind: .competitionCoach, level: .district, rank: .special), false),
        (Fixture.award("C", kind: .teachingResearchResult, level: .national, rank: .first), false),
    ]

    @Test(arguments: competitionAwards)
    func competitionAwardsNeedMunicipalFirstOrNationalSecond(award: Award, qualifies: Bool) throws {
        var teacher = Fixture.teacher()
        teacher.awards = [award]
        let line = try Fixture.line(.competitionAward, teacher, .leadTeacher)
        #expect(line.status == (qualifies ? .met : .notMet))
        #expect(line.evidenceIDs == (qualifies ? ["C"] : []))
        #expect(line.rule.contains("ministerial (部级) prize counts as national") && line.planClause == "二(二)2(5)")
    }

    // MARK: Expert judgement

    @Test func qualitativeItemsNeedExpertJudgement() throws {
        let clauses: [Tier: String] = [.masterTeacher: "二(二)1(5)(6)", .leadTeacher: "二(二)2(3)(4)", .keyTeacher: "二(二)3(3)(4)"]
        for tier in Self.tiers {
            let line = try Fixture.line(.expertJudgement, Fixture.teacher(), tier)
            #expect(line.status == .needsExpertJudgement && line.planClause == clauses[tier] && !line.waivable)
        }
    }

    // MARK: Waivers

    @Test(arguments: Fixture.individualTiers)
    func anApprovedWaiverWaivesAgeAndEducation(tier: Tier) throws {
        var teacher = Fixture.teacher()
        teacher.birthDate = Fixture.date(1960, 1, 1)
        teacher.highestEducation = .belowBachelor
        let waivers = [Fixture.waiver(.age, .approved, id: "W1"), Fixture.waiver(.education, .approved, id: "W2")]
        let age = try Fixture.line(.age, teacher, tier, waivers: waivers)
        #expect(age.status == .waived && age.waiverID == "W1" && age.waiverState == .approved)
        #expect(age.waiverJustification == "全国技术能手，特别优秀" && age.number("age_years") == 64)
        let education = try Fixture.line(.education, teacher, tier, waivers: waivers)
        #expect(education.status == .waived && education.waiverID == "W2")
        let lines = Eligibility.lines(for: teacher, tier: tier, referenceDate: Fixture.referenceDate, waivers: waivers)
        let result = EligibilityResult(
            tier: tier, subject: .teacher(id: teacher.id), roundID: "R1", referenceDate: Fixture.referenceDate,
            roundConfigVersion: 1, subjectRevision: 1, checkedAtUnixMilliseconds: 0, lines: lines)
        #expect(result.hardCriteriaSatisfied)
        let unwaived = Eligibility.lines(for: teacher, tier: tier, referenceDate: Fixture.referenceDate, waivers: [waivers[0]])
        #expect(!EligibilityResult(result, lines: unwaived).hardCriteriaSatisfied)
    }

    @Test func aRequestedWaiverLeavesTheLineNotMetAndSaysItAwaitsTheBureau() throws {
        var teacher = Fixture.teacher()
        teacher.birthDate = Fixture.date(1972, 1, 1)  // 52
        let line = try Fixture.line(.age, teacher, .masterTeacher, waivers: [Fixture.waiver(.age, .requested, id: "W7")])
        #expect(line.status == .notMet && line.waiverID == "W7" && line.waiverState == .requested)
        #expect(line.waiverJustification.isEmpty)
        #expect(line.explanation == "age 52 exceeds 50 for MASTER_TEACHER; exception W7 awaits the bureau's decision")
    }

    @Test func aRefusedWaiverLeavesTheLineNotMet() throws {
        var teacher = Fixture.teacher()
        teacher.highestEducation = .belowBachelor
        let line = try Fixture.line(.education, teacher, .leadTeacher, waivers: [Fixture.waiver(.education, .refused)])
        #expect(line.status == .notMet && line.waiverID == "W1" && line.waiverState == .refused)
        #expect(line.explanation.hasSuffix("and exception W1 was refused"))
        // A new request after a refusal is the one the line shows.
        let again = try Fixture.line(
            .education, teacher, .leadTeacher,
            waivers: [Fixture.waiver(.education, .refused, id: "W1"), Fixture.waiver(.education, .requested, id: "W2")])
        #expect(again.status == .notMet && again.waiverID == "W2" && again.waiverState == .requested)
    }

    @Test func aWithdrawnWaiverIsNotReferenced() throws {
        var teacher = Fixture.teacher()
        teacher.highestEducation = .belowBachelor
        let line = try Fixture.line(.education, teacher, .keyTeacher, waivers: [Fixture.waiver(.education, .withdrawn)])
        #expect(line.status == .notMet && line.waiverID.isEmpty && line.waiverState == nil)
        #expect(line.explanation.hasSuffix("and no approved exception"))
    }

    @Test func anApprovedWaiverOfAHardCriterionIsIgnored() throws {
        var teacher = Fixture.teacher()
        teacher.teachingStartDate = Fixture.date(2020, 9, 1)
        let line = try Fixture.line(.teachingYears, teacher, .masterTeacher, waivers: [Fixture.waiver(.teachingYears, .approved)])
        #expect(line.status == .notMet && !line.waivable && line.waiverJustification.isEmpty)
        #expect(line.waiverID == "W1" && line.waiverState == .approved && line.explanation.contains("cannot be waived"))
        teacher.ethicsAttestation = nil
        #expect(try Fixture.line(.ethics, teacher, .keyTeacher, waivers: [Fixture.waiver(.ethics, .approved)]).status == .notMet)
    }

    @Test func aWaiverOfAMetCriterionIsReferencedButChangesNothing() throws {
        let line = try Fixture.line(.age, Fixture.teacher(), .keyTeacher, waivers: [Fixture.waiver(.age, .approved)])
        #expect(line.status == .met && line.waiverID == "W1" && line.waiverState == .approved)
        #expect(line.waiverJustification.isEmpty)
        // Other lines do not pick up the waiver.
        let education = try Fixture.line(.education, Fixture.teacher(), .keyTeacher, waivers: [Fixture.waiver(.age, .approved)])
        #expect(education.waiverID.isEmpty && education.waiverState == nil)
    }
}

extension EligibilityResult {
    /// `result` with other lines.
    init(_ result: EligibilityResult, lines: [EligibilityLine]) {
        self = result
        self.lines = lines
    }
}
