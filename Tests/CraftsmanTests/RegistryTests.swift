import Craftsman
import Testing

@Suite struct RegistryTests {
    static let now: Int64 = 1_779_242_400_000  // 2026-05-20 in Beijing

    static func registry() throws -> Registry {
        var registry = Registry()
        try registry.apply(try registry.planCreateSchool(SchoolDraft(name: "北京市工业技师学院", district: "朝阳区", code: "BJ1"), now: now))
        return registry
    }

    static func draft() -> TeacherDraft {
        var draft = TeacherDraft()
        draft.schoolID = "S00000001"
        draft.name = "张伟"
        draft.nationalID = .set("11010519491231002X")
        draft.birthDate = .init(year: 1949, month: 12, day: 31)
        draft.highestEducation = EducationLevel.bachelor.rawValue
        draft.teachingStartDate = .init(year: 1975, month: 9, day: 1)
        draft.titleRank = TitleRank.associateSenior.rawValue
        draft.skillLevel = SkillLevel.technician.rawValue
        draft.courseKind = CourseKind.professional.rawValue
        return draft
    }

    /// A municipal first prize as a competition coach, in 2024.
    static func coachAward() -> TeacherDraft.AwardInput {
        var award = TeacherDraft.AwardInput()
        award.title = "北京市职业技能大赛"
        award.kind = AwardKind.competitionCoach.rawValue
        award.level = AdministrativeLevel.municipal.rawValue
        award.rank = AwardRank.first.rawValue
        award.year = 2024
        return award
    }

    /// The violations `draft` is refused with.
    static func violations(_ draft: TeacherDraft) throws -> [DomainError.Violation] {
        do {
            _ = try registry().planCreateTeacher(draft, now: now)
            return []
        } catch let error as DomainError {
            #expect(error.code == .invalidArgument)
            return error.violations
        }
    }

    @Test func aValidTeacherIsPlannedWithServerFields() throws {
        var registry = try Self.registry()
        let change = try registry.planCreateTeacher(Self.draft(), actorID: "A1", now: Self.now)
        guard case .teacherCreated(let teacher) = change else { Issue.record("\(change)"); return }
        #expect(teacher.id == "T00000001" && teacher.revision == 1 && teacher.createdAtUnixMilliseconds == Self.now)
        try registry.apply(change)
        #expect(registry.teacher(id: "T00000001") == teacher)
        #expect(registry.teacher(nationalID: "11010519491231002X")?.id == "T00000001")
        #expect(registry.teacherCount == 1)
    }

    @Test func everyRuleNamesItsField() throws {
        var draft = Self.draft()
        draft.name = " 张伟"
        draft.birthDate = .init(year: 1980, month: 2, day: 30)
        draft.highestEducation = 9
        draft.titleRank = 0
        draft.enterprisePracticeMonthsLast5Years = 61
        draft.industryExperienceMonths = -1
        var project = TeacherDraft.ResearchProjectInput()
        project.title = "课题"
        project.level = 3
        project.role = 3
        project.year = 2027
        project.concludedYear = 2024
        draft.researchProjects = [project]
        let fields = Set(try Self.violations(draft).map(\.field))
        #expect(
            fields == [
                "teacher.name", "teacher.birth_date", "teacher.highest_education", "teacher.title_rank",
                "teacher.enterprise_practice_months_last_5_years", "teacher.enterprise_practice_as_of",
                "teacher.industry_experience_months", "teacher.research_projects[0].year",
                "teacher.research_projects[0].concluded_year",
            ])
    }

    @Test func datesAreCheckedAgainstEachOtherAndToday() throws {
        var draft = Self.draft()
        draft.nationalID = .keep
        draft.birthDate = .init(year: 1990, month: 1, day: 1)
        draft.teachingStartDate = .init(year: 2005, month: 9, day: 1)
        #expect(try Self.violations(draft).map(\.field) == ["teacher.teaching_start_date"])
        draft.teachingStartDate = .init(year: 2026, month: 5, day: 21)
        #expect(try Self.violations(draft).first?.rule.contains("after today") == true)
        draft.teachingStartDate = .init(year: 2026, month: 5, day: 20)
        #expect(try Self.violations(draft).isEmpty)
        // The ID number carries 1949-12-31; a different birth date is refused.
        var mismatch = Self.draft()
        mismatch.birthDate = .init(year: 1950, month: 1, day: 1)
        #expect(try Self.violations(mismatch).first { $0.field == "teacher.national_id" }?.rule.contains("1949-12-31") == true)
    }

    @Test func recordIDsAreAssignedAndMustBeUnique() throws {
        var draft = Self.draft()
        let award = Self.coachAward()
        draft.awards = [award, award]
        guard case .teacherCreated(let teacher) = try Self.registry().planCreateTeacher(draft, now: Self.now) else { return }
        #expect(teacher.awards.map(\.id) == ["R1", "R2"])
        draft.awards[0].id = "A"
        draft.awards[1].id = "A"
        #expect(try Self.violations(draft).map(\.field) == ["teacher.awards[1].id"])
    }

    @Test func aNewRecordAddedOnUpdateNeverTakesTheIDOfAnExistingLaterOne() throws {
        var registry = try Self.registry()
        var draft = Self.draft()
        var project = TeacherDraft.ResearchProjectInput()
        project.title = "一体化课程开发"
        project.level = AdministrativeLevel.municipal.rawValue
        project.role = ResearchRole.host.rawValue
        project.year = 2024
        let award = Self.coachAward()
        (draft.researchProjects, draft.awards) = ([project], [award])
        try registry.apply(try registry.planCreateTeacher(draft, now: Self.now))
        // The client sends the stored ids back and appends a project without one: the
        // project's new id must not be R2, which the award already holds.
        draft.researchProjects[0].id = "R1"
        draft.awards[0].id = "R2"
        draft.researchProjects.append(project)
        guard
            case .teacherUpdated(let teacher) = try registry.planUpdateTeacher(
                id: "T00000001", expectedRevision: 1, draft, now: Self.now)
        else { return }
        #expect(teacher.researchProjects.map(\.id) == ["R1", "R3"])
        #expect(teacher.awards.map(\.id) == ["R2"])
    }

    @Test func uniquenessAndRevisionsAreEnforced() throws {
        var registry = try Self.registry()
        try registry.apply(try registry.planCreateTeacher(Self.draft(), now: Self.now))
        #expect(throws: DomainError.self) { try registry.planCreateTeacher(Self.draft(), now: Self.now) }
        #expect(throws: DomainError.self) {
            try registry.planCreateSchool(SchoolDraft(name: "北京市工业技师学院", district: "海淀区"), now: Self.now)
        }
        #expect(throws: DomainError.self) {
            try registry.planCreateSchool(SchoolDraft(name: "别的学校", district: "海淀区", code: "BJ1"), now: Self.now)
        }
        var update = Self.draft()
        update.nationalID = .keep
        update.titleRank = TitleRank.fullSenior.rawValue
        #expect {
            try registry.planUpdateTeacher(id: "T00000001", expectedRevision: 2, update, now: Self.now)
        } throws: { ($0 as? DomainError)?.code == .aborted }
        let change = try registry.planUpdateTeacher(id: "T00000001", expectedRevision: 1, update, now: Self.now + 1)
        try registry.apply(change)
        let teacher = try #require(registry.teacher(id: "T00000001"))
        #expect(teacher.revision == 2 && teacher.titleRank == .fullSenior && teacher.nationalID == "11010519491231002X")
        #expect(teacher.createdAtUnixMilliseconds == Self.now && teacher.updatedAtUnixMilliseconds == Self.now + 1)
    }

    @Test func pagesRunInIDOrder() throws {
        var registry = try Self.registry()
        for index in 0..<5 {
            var draft = Self.draft()
            draft.nationalID = .keep
            draft.name = "教师\(index)"
            try registry.apply(try registry.planCreateTeacher(draft, now: Self.now))
        }
        let first = registry.teachers(after: 0, limit: 2) { _ in true }
        #expect(first.rows.map(\.name) == ["教师0", "教师1"] && first.next == 2)
        let last = registry.teachers(after: 4, limit: 2) { _ in true }
        #expect(last.rows.map(\.name) == ["教师4"] && last.next == nil)
        let odd = registry.teachers(after: 0, limit: 10) { $0.name.hasSuffix("1") || $0.name.hasSuffix("3") }
        #expect(odd.rows.map(\.id) == ["T00000002", "T00000004"])
    }

    @Test func aJournalThatDoesNotFitIsRefused() throws {
        var registry = try Self.registry()
        guard case .teacherCreated(var teacher) = try registry.planCreateTeacher(Self.draft(), now: Self.now) else { return }
        teacher.id = "T00000005"
        #expect(throws: DomainError.self) { try registry.apply(.teacherCreated(teacher)) }
        #expect(registry.teacherCount == 0)
    }
}
