import Craftsman
import CraftsmanProto

extension SchoolInput {
    /// The wire input for a demo school draft.
    public init(_ draft: SchoolDraft) {
        self.init(name: draft.name, district: draft.district, code: draft.code)
    }
}

extension TeacherInput {
    /// The wire input for a demo teacher draft: what a client sends to create the teacher.
    public init(_ draft: TeacherDraft) {
        self.init()
        schoolID = draft.schoolID
        name = draft.name
        if case .set(let id) = draft.nationalID { nationalID = id }
        birthDate = draft.birthDate.map { CraftsmanProto.CivilDate(year: $0.year, month: $0.month, day: $0.day) }
        highestEducation = EducationLevel(rawValue: draft.highestEducation) ?? .unspecified
        teachingStartDate = draft.teachingStartDate.map { CraftsmanProto.CivilDate(year: $0.year, month: $0.month, day: $0.day) }
        titleRank = CraftsmanProto.TitleRank(rawValue: draft.titleRank) ?? .unspecified
        skillLevel = CraftsmanProto.SkillLevel(rawValue: draft.skillLevel) ?? .unspecified
        skillOccupation = draft.skillOccupation
        skillCertificateRelatedToSubject = draft.skillCertificateRelatedToSubject
        courseKind = CraftsmanProto.CourseKind(rawValue: draft.courseKind) ?? .unspecified
        subjectTaught = draft.subjectTaught
        employedInPost = draft.employedInPost
        enterprisePracticeMonthsLast5Years = draft.enterprisePracticeMonthsLast5Years
        enterprisePracticeAsOf = draft.enterprisePracticeAsOf.map {
            CraftsmanProto.CivilDate(year: $0.year, month: $0.month, day: $0.day)
        }
        industryExperienceMonths = draft.industryExperienceMonths
        researchProjects = draft.researchProjects.map {
            CraftsmanProto.ResearchProject(
                id: $0.id, title: $0.title, level: AdministrativeLevel(rawValue: $0.level) ?? .unspecified,
                role: ResearchRole(rawValue: $0.role) ?? .unspecified, concluded: $0.concluded, year: $0.year,
                issuingBody: $0.issuingBody,
                concludedYear: $0.concludedYear)
        }
        awards = draft.awards.map {
            CraftsmanProto.Award(
                id: $0.id, title: $0.title, kind: AwardKind(rawValue: $0.kind) ?? .unspecified,
                level: AdministrativeLevel(rawValue: $0.level) ?? .unspecified,
                rank: AwardRank(rawValue: $0.rank) ?? .unspecified,
                year: $0.year, awardingBody: $0.awardingBody)
        }
        honours = draft.honours.map {
            CraftsmanProto.Honour(
                id: $0.id, title: $0.title, level: AdministrativeLevel(rawValue: $0.level) ?? .unspecified, year: $0.year,
                awardingBody: $0.awardingBody)
        }
        ethicsAttestation = draft.ethicsAttestation.map {
            CraftsmanProto.Attestation(attested: $0.attested, statement: $0.statement)
        }
    }
}

extension TeamInput {
    /// The wire input for a demo team draft: what a client sends to create the team.
    public init(_ draft: TeamDraft) {
        self.init(
            schoolID: draft.schoolID, name: draft.name, majorName: draft.majorName,
            majorKind: CraftsmanProto.MajorKind(rawValue: draft.majorKind) ?? .unspecified,
            leaderTeacherID: draft.leaderTeacherID,
            leaderRoles: draft.leaderRoles.map { CraftsmanProto.TeamMemberRole(rawValue: $0) ?? .unspecified },
            members: draft.members.map(CraftsmanProto.TeamMember.init))
    }
}

extension CraftsmanProto.TeamMember {
    /// The wire form of a demo member draft.
    public init(_ draft: TeamDraft.MemberInput) {
        self.init(roles: draft.roles.map { CraftsmanProto.TeamMemberRole(rawValue: $0) ?? .unspecified })
        if let given = draft.enterpriseMember {
            person = .enterpriseMember(
                CraftsmanProto.EnterpriseMember(
                    name: given.name, employer: given.employer, position: given.position,
                    titleRank: CraftsmanProto.TitleRank(rawValue: given.titleRank) ?? .unspecified,
                    skillLevel: CraftsmanProto.SkillLevel(rawValue: given.skillLevel) ?? .unspecified,
                    ethicsAttestation: given.ethicsAttestation.map {
                        CraftsmanProto.Attestation(attested: $0.attested, statement: $0.statement)
                    }))
        } else if !draft.teacherID.isEmpty {
            person = .teacherID(draft.teacherID)
        }
    }
}
