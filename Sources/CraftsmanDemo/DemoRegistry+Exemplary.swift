import Craftsman

extension DemoRegistry {
    /// A teacher of `schoolID` born 1980-05-01 who meets every criterion of every individual tier
    /// at reference dates in 2024–2027: the known-good starting point that tests and tours
    /// change one fact of at a time.
    public static func exemplaryTeacher(name: String, schoolID: String) -> TeacherDraft {
        var draft = TeacherDraft()
        draft.schoolID = schoolID
        draft.name = name
        draft.birthDate = .init(year: 1980, month: 5, day: 1)
        draft.highestEducation = EducationLevel.master.rawValue
        draft.teachingStartDate = .init(year: 2005, month: 9, day: 1)
        draft.titleRank = TitleRank.associateSenior.rawValue
        draft.skillLevel = SkillLevel.seniorTechnician.rawValue
        draft.skillOccupation = "数控车工"
        draft.skillCertificateRelatedToSubject = true
        draft.courseKind = CourseKind.professional.rawValue
        draft.subjectTaught = "数控加工"
        draft.employedInPost = true
        draft.enterprisePracticeMonthsLast5Years = 8
        draft.enterprisePracticeAsOf = .init(year: 2026, month: 1, day: 1)
        draft.industryExperienceMonths = 36
        var project = TeacherDraft.ResearchProjectInput()
        project.title = "工学一体化课程开发"
        project.level = AdministrativeLevel.municipal.rawValue
        project.role = ResearchRole.host.rawValue
        project.concluded = true
        project.year = 2023
        project.concludedYear = 2025
        project.issuingBody = "北京市人力资源和社会保障局"
        draft.researchProjects = [project]
        var award = TeacherDraft.AwardInput()
        award.title = "北京市职业技能大赛"
        award.kind = AwardKind.competitionCoach.rawValue
        award.level = AdministrativeLevel.municipal.rawValue
        award.rank = AwardRank.first.rawValue
        award.year = 2024
        award.awardingBody = "北京市人力资源和社会保障局"
        draft.awards = [award]
        draft.ethicsAttestation = .init(attested: true, statement: "师德高尚")
        return draft
    }
}
