import Craftsman

extension TeacherDraft {
    /// The draft that leaves `teacher` as it is: what a school edits to update a record.
    init(_ teacher: Teacher) {
        self.init()
        func date(_ date: CivilDate) -> DateInput {
            DateInput(year: Int32(date.year), month: Int32(date.month), day: Int32(date.day))
        }
        schoolID = teacher.schoolID
        name = teacher.name
        birthDate = date(teacher.birthDate)
        highestEducation = teacher.highestEducation.rawValue
        teachingStartDate = date(teacher.teachingStartDate)
        titleRank = teacher.titleRank.rawValue
        skillLevel = teacher.skillLevel.rawValue
        skillOccupation = teacher.skillOccupation
        skillCertificateRelatedToSubject = teacher.skillCertificateRelatedToSubject
        courseKind = teacher.courseKind.rawValue
        subjectTaught = teacher.subjectTaught
        employedInPost = teacher.employedInPost
        enterprisePracticeMonthsLast5Years = teacher.enterprisePracticeMonthsLast5Years
        enterprisePracticeAsOf = teacher.enterprisePracticeAsOf.map(date)
        industryExperienceMonths = teacher.industryExperienceMonths
        researchProjects = teacher.researchProjects.map {
            var input = ResearchProjectInput()
            (input.id, input.title, input.issuingBody) = ($0.id, $0.title, $0.issuingBody)
            (input.level, input.role, input.concluded) = ($0.level.rawValue, $0.role.rawValue, $0.concluded)
            (input.year, input.concludedYear) = ($0.year, $0.concludedYear)
            return input
        }
        awards = teacher.awards.map {
            var input = AwardInput()
            (input.id, input.title, input.awardingBody) = ($0.id, $0.title, $0.awardingBody)
            (input.kind, input.level, input.rank, input.year) = ($0.kind.rawValue, $0.level.rawValue, $0.rank.rawValue, $0.year)
            return input
        }
        honours = teacher.honours.map {
            var input = HonourInput()
            (input.id, input.title, input.awardingBody, input.level, input.year) = (
                $0.id, $0.title, $0.awardingBody, $0.level.rawValue, $0.year
            )
            return input
        }
        ethicsAttestation = teacher.ethicsAttestation.map { AttestationInput(attested: $0.attested, statement: $0.statement) }
    }
}
