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

    /// The draft above with one of each record, each valid, and an attestation.
    static func fullDraft() -> TeacherDraft {
        var draft = draft()
        var project = TeacherDraft.ResearchProjectInput()
        project.id = "P1"
        project.title = "数控加工课程改革"
        project.issuingBody = "北京市人力资源和社会保障局"
        project.level = AdministrativeLevel.municipal.rawValue
        project.role = ResearchRole.participant.rawValue
        project.year = 2023
        draft.researchProjects = [project]
        var award = coachAward()
        award.id = "A1"
        award.awardingBody = "北京市职业技能竞赛组委会"
        draft.awards = [award]
        var honour = TeacherDraft.HonourInput()
        honour.id = "H1"
        honour.title = "北京市优秀教师"
        honour.awardingBody = "北京市教育委员会"
        honour.level = AdministrativeLevel.municipal.rawValue
        honour.year = 2022
        draft.honours = [honour]
        draft.skillOccupation = "数控车工"
        draft.subjectTaught = "数控加工"
        draft.ethicsAttestation = .init(attested: true, statement: "本人承诺")
        return draft
    }

    /// No teacher string can hold NUL once planned: the store encodes teacher writes on the
    /// journal's thread on that ground (`CraftsmanState.encodesLater`), where a NUL, which the
    /// message layer refuses to encode, would stop the journal instead of refusing one write.
    @Test func aNULInAnyStringOfATeacherIsRefused() throws {
        _ = try Self.registry().planCreateTeacher(Self.fullDraft(), now: Self.now)  // valid as it is
        let nul = "甲\u{0}乙"
        let edits: [(String, (inout TeacherDraft) -> Void)] = [
            ("school_id", { $0.schoolID = nul }), ("name", { $0.name = nul }),
            ("national_id", { $0.nationalID = .set("11010519491231002\u{0}") }),
            ("skill_occupation", { $0.skillOccupation = nul }), ("subject_taught", { $0.subjectTaught = nul }),
            ("project id", { $0.researchProjects[0].id = nul }), ("project title", { $0.researchProjects[0].title = nul }),
            ("project body", { $0.researchProjects[0].issuingBody = nul }), ("award id", { $0.awards[0].id = nul }),
            ("award title", { $0.awards[0].title = nul }), ("award body", { $0.awards[0].awardingBody = nul }),
            ("honour id", { $0.honours[0].id = nul }), ("honour title", { $0.honours[0].title = nul }),
            ("honour body", { $0.honours[0].awardingBody = nul }),
            ("statement", { $0.ethicsAttestation?.statement = nul }),
        ]
        for (field, edit) in edits {
            var draft = Self.fullDraft()
            edit(&draft)
            #expect(throws: DomainError.self, "\(field)") { _ = try Self.registry().planCreateTeacher(draft, now: Self.now) }
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

    @Test("a draft checked before the store's lock plans the same change, or the same refusal, as the whole check")
    func checkedDraftsPlanTheSame() throws {
        var registry = try Self.registry()
        try registry.apply(try registry.planCreateTeacher(Self.draft(), now: Self.now))
        var fresh = Self.fullDraft()
        fresh.nationalID = .set("")
        let duplicateNationalID = Self.fullDraft()
        var unknownSchool = fresh
        unknownSchool.schoolID = "S00000099"
        var invalid = fresh
        invalid.name = " 张伟"
        var invalidAtAnUnknownSchool = invalid
        invalidAtAnUnknownSchool.schoolID = "S00000099"
        var noSchool = fresh
        noSchool.schoolID = ""
        let cases: [(String, TeacherDraft, checks: Bool)] = [
            ("valid", fresh, true), ("a national ID on file", duplicateNationalID, true),
            ("an unknown school", unknownSchool, true), ("an invalid name", invalid, false),
            ("an invalid name at an unknown school", invalidAtAnUnknownSchool, false), ("no school", noSchool, false),
        ]
        for (name, draft, checks) in cases {
            let whole = Result { () throws(DomainError) in try registry.planCreateTeacher(draft, actorID: "A1", now: Self.now) }
            guard let checked = Registry.checkNewTeacher(draft, actorID: "A1", now: Self.now) else {
                #expect(!checks, "\(name): refused by the check before the lock")
                #expect(throws: DomainError.self, "\(name): refused by the whole check too") { try whole.get() }
                continue
            }
            #expect(checks, "\(name): passed the check before the lock")
            let quick = Result { () throws(DomainError) in try registry.planCreateTeacher(checked) }
            #expect(quick == whole, "\(name)")
        }
        // The valid one really is planned (the comparison above is not between two refusals).
        let planned = Registry.checkNewTeacher(fresh, actorID: "A1", now: Self.now).map { try? registry.planCreateTeacher($0) }
        guard case .teacherCreated(let teacher)?? = planned else {
            Issue.record("the valid draft was not planned: \(String(describing: planned))")
            return
        }
        #expect(teacher.id == "T00000002" && teacher.ethicsAttestation?.attestedByAccountID == "A1")
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

extension RegistryTests {
    @Test("a teacher's number is read only from T and exactly eight ASCII digits")
    func teacherNumbers() {
        #expect(Registry.teacherNumber(id: "T00000042") == 42)
        #expect(Registry.teacherNumber(id: "T00000000") == 0)
        #expect(Registry.teacherNumber(id: "T99999999") == 99_999_999)
        for id in [
            "", "T", "T0000042", "T000000042", "S00000042", "t00000042", "TM0000042", "T0000004a", "T 0000042",
            "T0000004\u{0662}", "T\u{0301}0000042", "T0000004\u{FF12}", "\u{FF34}00000042", "T00000042\u{0}",
        ] {
            #expect(Registry.teacherNumber(id: id) == nil, "\(id.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test("created teachers are numbered T00000001, T00000002, …; their school and revision are kept beside them")
    func teacherIDsCountUp() throws {
        var registry = try Self.registry()
        for (number, expected) in [(UInt64(1), "T00000001"), (2, "T00000002")] {
            var draft = Self.draft()
            if number == 2 { draft.nationalID = .keep }  // national IDs are unique
            let change = try registry.planCreateTeacher(draft, actorID: "A1", now: Self.now)
            try registry.apply(change)
            guard case .teacherCreated(let teacher) = change else {
                Issue.record("planCreateTeacher returned \(change)")
                return
            }
            #expect(teacher.id == expected)
            #expect(Registry.teacherNumber(id: teacher.id) == number)
            #expect(registry.schoolNumberAndRevision(ofTeacherNumber: number)?.schoolNumber == 1)
            #expect(registry.schoolNumberAndRevision(ofTeacherNumber: number)?.revision == 1)
        }
        #expect(registry.schoolNumberAndRevision(ofTeacherNumber: 0) == nil)
        #expect(registry.schoolNumberAndRevision(ofTeacherNumber: 3) == nil)

        // An update is seen in the heads as in the row.
        var update = Self.draft()
        update.name = "张伟明"
        update.nationalID = .keep
        try registry.apply(try registry.planUpdateTeacher(id: "T00000002", expectedRevision: 1, update, now: Self.now + 1))
        #expect(registry.schoolNumberAndRevision(ofTeacherNumber: 2)?.revision == 2)
        #expect(registry.teacher(id: "T00000002")?.revision == 2)
        #expect(registry.schoolNumberAndRevision(ofTeacherNumber: 1)?.revision == 1)
        #expect(Registry.schoolNumber(id: "S00000001") == 1)
        #expect(Registry.schoolNumber(id: "T00000001") == nil)
    }
}
