/// A teacher of a technical school (教师), with every fact the eligibility rules use.
public struct Teacher: Hashable, Sendable {
    /// Server-assigned, `T` and eight digits; never reused.
    public var id: String
    public var schoolID: String
    public var name: String
    /// The whole national ID number (身份证号), empty when none is on file. Never leaves the
    /// server whole: the wire carries only a masked form.
    public var nationalID: String
    public var birthDate: CivilDate
    public var highestEducation: EducationLevel
    /// The start of 教龄.
    public var teachingStartDate: CivilDate
    public var titleRank: TitleRank
    public var skillLevel: SkillLevel
    public var skillOccupation: String
    /// Whether the skill certificate is in or close to the subject taught (相关或相近).
    public var skillCertificateRelatedToSubject: Bool
    public var courseKind: CourseKind
    public var subjectTaught: String
    /// 在职在岗.
    public var employedInPost: Bool
    /// Months of enterprise practice in the 5 years before `enterprisePracticeAsOf`.
    public var enterprisePracticeMonthsLast5Years: Int32
    public var enterprisePracticeAsOf: CivilDate?
    /// Months of industry work or technical service to enterprises.
    public var industryExperienceMonths: Int32
    public var researchProjects: [ResearchProject]
    public var awards: [Award]
    public var honours: [Honour]
    /// The school's ethics attestation (师德), when given.
    public var ethicsAttestation: Attestation?
    public var createdAtUnixMilliseconds: Int64
    public var updatedAtUnixMilliseconds: Int64
    /// 1 on creation, +1 on every change.
    public var revision: Int64

    /// A teacher with every field given: for decoding stored teachers. Commands build teachers
    /// through validation instead.
    public init(
        id: String, schoolID: String, name: String, nationalID: String, birthDate: CivilDate, highestEducation: EducationLevel,
        teachingStartDate: CivilDate, titleRank: TitleRank, skillLevel: SkillLevel, skillOccupation: String,
        skillCertificateRelatedToSubject: Bool, courseKind: CourseKind, subjectTaught: String, employedInPost: Bool,
        enterprisePracticeMonthsLast5Years: Int32, enterprisePracticeAsOf: CivilDate?, industryExperienceMonths: Int32,
        researchProjects: [ResearchProject], awards: [Award], honours: [Honour], ethicsAttestation: Attestation?,
        createdAtUnixMilliseconds: Int64, updatedAtUnixMilliseconds: Int64, revision: Int64
    ) {
        self.id = id
        self.schoolID = schoolID
        self.name = name
        self.nationalID = nationalID
        self.birthDate = birthDate
        self.highestEducation = highestEducation
        self.teachingStartDate = teachingStartDate
        self.titleRank = titleRank
        self.skillLevel = skillLevel
        self.skillOccupation = skillOccupation
        self.skillCertificateRelatedToSubject = skillCertificateRelatedToSubject
        self.courseKind = courseKind
        self.subjectTaught = subjectTaught
        self.employedInPost = employedInPost
        self.enterprisePracticeMonthsLast5Years = enterprisePracticeMonthsLast5Years
        self.enterprisePracticeAsOf = enterprisePracticeAsOf
        self.industryExperienceMonths = industryExperienceMonths
        self.researchProjects = researchProjects
        self.awards = awards
        self.honours = honours
        self.ethicsAttestation = ethicsAttestation
        self.createdAtUnixMilliseconds = createdAtUnixMilliseconds
        self.updatedAtUnixMilliseconds = updatedAtUnixMilliseconds
        self.revision = revision
    }
}

/// A research project or programme (教科研课题).
public struct ResearchProject: Hashable, Sendable {
    /// Unique within the teacher.
    public var id: String
    public var title: String
    public var level: AdministrativeLevel
    public var role: ResearchRole
    /// Concluded and passed its conclusion review (结题).
    public var concluded: Bool
    /// Year approved or started.
    public var year: Int32
    public var concludedYear: Int32?
    public var issuingBody: String

    public init(
        id: String, title: String, level: AdministrativeLevel, role: ResearchRole, concluded: Bool, year: Int32,
        concludedYear: Int32?, issuingBody: String
    ) {
        self.id = id
        self.title = title
        self.level = level
        self.role = role
        self.concluded = concluded
        self.year = year
        self.concludedYear = concludedYear
        self.issuingBody = issuingBody
    }
}

/// An award (获奖), the teacher's own or of students or teachers they coached.
public struct Award: Hashable, Sendable {
    public var id: String
    public var title: String
    public var kind: AwardKind
    public var level: AdministrativeLevel
    public var rank: AwardRank
    public var year: Int32
    public var awardingBody: String

    public init(
        id: String, title: String, kind: AwardKind, level: AdministrativeLevel, rank: AwardRank, year: Int32, awardingBody: String
    ) {
        self.id = id
        self.title = title
        self.kind = kind
        self.level = level
        self.rank = rank
        self.year = year
        self.awardingBody = awardingBody
    }
}

/// An honour (荣誉称号).
public struct Honour: Hashable, Sendable {
    public var id: String
    public var title: String
    public var level: AdministrativeLevel
    public var year: Int32
    public var awardingBody: String

    public init(id: String, title: String, level: AdministrativeLevel, year: Int32, awardingBody: String) {
        self.id = id
        self.title = title
        self.level = level
        self.year = year
        self.awardingBody = awardingBody
    }
}

/// A school's attestation (of ethics, 师德).
public struct Attestation: Hashable, Sendable {
    public var attested: Bool
    public var statement: String
    /// Who recorded it and when; set by the server.
    public var attestedByAccountID: String
    public var attestedAtUnixMilliseconds: Int64

    public init(attested: Bool, statement: String, attestedByAccountID: String, attestedAtUnixMilliseconds: Int64) {
        self.attested = attested
        self.statement = statement
        self.attestedByAccountID = attestedByAccountID
        self.attestedAtUnixMilliseconds = attestedAtUnixMilliseconds
    }
}
