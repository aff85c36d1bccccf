import Craftsman
import CraftsmanProto

// The one place where domain values and wire messages meet. Enum raw values are shared (the
// domain's scales use the wire numbers), so mapping a scale is a rawValue conversion.

/// A stored value that does not satisfy the domain's rules: a damaged or foreign data file.
struct StoredValueError: Error, CustomStringConvertible {
    let description: String
}

extension CraftsmanProto.CivilDate {
    init(_ date: Craftsman.CivilDate) {
        self.init(year: Int32(date.year), month: Int32(date.month), day: Int32(date.day))
    }

    var draft: TeacherDraft.DateInput { TeacherDraft.DateInput(year: year, month: month, day: day) }

    func domain(_ field: String) throws -> Craftsman.CivilDate {
        guard let date = Craftsman.CivilDate(year: Int(year), month: Int(month), day: Int(day)) else {
            throw StoredValueError(description: "\(field): \(year)-\(month)-\(day) is not a date")
        }
        return date
    }
}

/// The domain scale with the wire enum's number, or a `StoredValueError`.
func scale<Domain: RawRepresentable<Int32>, Wire: RawRepresentable<Int32>>(_ wire: Wire, _ field: String) throws -> Domain {
    guard let value = Domain(rawValue: wire.rawValue) else {
        throw StoredValueError(description: "\(field): \(wire.rawValue) is not a valid value")
    }
    return value
}

/// `value` when it is a finite number: the server never stores NaN or an infinity (they would not
/// even equal themselves after a round trip), so one in a stored value means a damaged file.
func finite(_ value: Double, _ field: String) throws -> Double {
    guard value.isFinite else { throw StoredValueError(description: "\(field): \(value) is not a finite number") }
    return value
}

/// `value` when it is absent or finite (see ``finite(_:_:)``).
func finite(_ value: Double?, _ field: String) throws -> Double? {
    try value.map { try finite($0, field) }
}

/// The wire enum with the domain scale's number.
func wire<Wire: RawRepresentable<Int32>, Domain: RawRepresentable<Int32>>(_ value: Domain) -> Wire {
    Wire(rawValue: value.rawValue)!
}

extension CraftsmanProto.Attestation {
    init(_ attestation: Craftsman.Attestation) {
        self.init(
            attested: attestation.attested, statement: attestation.statement,
            attestedByAccountID: attestation.attestedByAccountID, attestedAtUnixMs: attestation.attestedAtUnixMilliseconds)
    }

    var domain: Craftsman.Attestation {
        Craftsman.Attestation(
            attested: attested, statement: statement, attestedByAccountID: attestedByAccountID,
            attestedAtUnixMilliseconds: attestedAtUnixMs)
    }

    /// The attestation as given: who and when are the server's to set.
    var draft: TeacherDraft.AttestationInput { TeacherDraft.AttestationInput(attested: attested, statement: statement) }
}

extension CraftsmanProto.School {
    init(_ school: Craftsman.School) {
        self.init(
            id: school.id, name: school.name, district: school.district, code: school.code,
            createdAtUnixMs: school.createdAtUnixMilliseconds, updatedAtUnixMs: school.updatedAtUnixMilliseconds,
            revision: school.revision)
    }

    var domain: Craftsman.School {
        Craftsman.School(
            id: id, name: name, district: district, code: code, createdAtUnixMilliseconds: createdAtUnixMs,
            updatedAtUnixMilliseconds: updatedAtUnixMs, revision: revision)
    }
}

extension SchoolInput {
    var draft: SchoolDraft { SchoolDraft(name: name, district: district, code: code) }
}

extension CraftsmanProto.Teacher {
    /// The teacher as the API shows it: the national ID masked (`masking` false leaves the masked
    /// form empty, for the stored form).
    init(_ teacher: Craftsman.Teacher, masking: Bool = true) {
        self.init()
        id = teacher.id
        schoolID = teacher.schoolID
        name = teacher.name
        if masking { nationalIDMasked = teacher.nationalIDMasked }
        birthDate = CraftsmanProto.CivilDate(teacher.birthDate)
        highestEducation = wire(teacher.highestEducation)
        teachingStartDate = CraftsmanProto.CivilDate(teacher.teachingStartDate)
        titleRank = wire(teacher.titleRank)
        skillLevel = wire(teacher.skillLevel)
        skillOccupation = teacher.skillOccupation
        skillCertificateRelatedToSubject = teacher.skillCertificateRelatedToSubject
        courseKind = wire(teacher.courseKind)
        subjectTaught = teacher.subjectTaught
        employedInPost = teacher.employedInPost
        enterprisePracticeMonthsLast5Years = teacher.enterprisePracticeMonthsLast5Years
        enterprisePracticeAsOf = teacher.enterprisePracticeAsOf.map(CraftsmanProto.CivilDate.init)
        industryExperienceMonths = teacher.industryExperienceMonths
        researchProjects = teacher.researchProjects.map {
            CraftsmanProto.ResearchProject(
                id: $0.id, title: $0.title, level: wire($0.level), role: wire($0.role), concluded: $0.concluded, year: $0.year,
                issuingBody: $0.issuingBody, concludedYear: $0.concludedYear)
        }
        awards = teacher.awards.map {
            CraftsmanProto.Award(
                id: $0.id, title: $0.title, kind: wire($0.kind), level: wire($0.level), rank: wire($0.rank), year: $0.year,
                awardingBody: $0.awardingBody)
        }
        honours = teacher.honours.map {
            CraftsmanProto.Honour(id: $0.id, title: $0.title, level: wire($0.level), year: $0.year, awardingBody: $0.awardingBody)
        }
        ethicsAttestation = teacher.ethicsAttestation.map(CraftsmanProto.Attestation.init)
        createdAtUnixMs = teacher.createdAtUnixMilliseconds
        updatedAtUnixMs = teacher.updatedAtUnixMilliseconds
        revision = teacher.revision
    }
}

extension StoredTeacher {
    /// The stored form: the whole national ID beside the record, whose masked form is left empty
    /// (it is derived from the whole one whenever the teacher is shown).
    init(_ teacher: Craftsman.Teacher) {
        var shown = CraftsmanProto.Teacher(teacher, masking: false)
        shown.nationalIDMasked = ""
        self.init(teacher: shown, nationalID: teacher.nationalID)
    }

    /// The domain teacher a stored one holds.
    ///
    /// - Throws: `StoredValueError` naming the field when the stored value breaks a rule.
    func domain() throws -> Craftsman.Teacher {
        guard let teacher else { throw StoredValueError(description: "a stored teacher has no teacher") }
        let field = "teacher \(teacher.id)"
        guard let birth = teacher.birthDate, let teachingStart = teacher.teachingStartDate else {
            throw StoredValueError(description: "\(field): birth_date and teaching_start_date are required")
        }
        return Craftsman.Teacher(
            id: teacher.id, schoolID: teacher.schoolID, name: teacher.name, nationalID: nationalID,
            birthDate: try birth.domain(field + ".birth_date"),
            highestEducation: try scale(teacher.highestEducation, field + ".highest_education"),
            teachingStartDate: try teachingStart.domain(field + ".teaching_start_date"),
            titleRank: try scale(teacher.titleRank, field + ".title_rank"),
            skillLevel: try scale(teacher.skillLevel, field + ".skill_level"), skillOccupation: teacher.skillOccupation,
            skillCertificateRelatedToSubject: teacher.skillCertificateRelatedToSubject,
            courseKind: try scale(teacher.courseKind, field + ".course_kind"), subjectTaught: teacher.subjectTaught,
            employedInPost: teacher.employedInPost,
            enterprisePracticeMonthsLast5Years: teacher.enterprisePracticeMonthsLast5Years,
            enterprisePracticeAsOf: try teacher.enterprisePracticeAsOf.map {
                try $0.domain(field + ".enterprise_practice_as_of")
            },
            industryExperienceMonths: teacher.industryExperienceMonths,
            researchProjects: try teacher.researchProjects.map {
                Craftsman.ResearchProject(
                    id: $0.id, title: $0.title, level: try scale($0.level, field + ".research_projects.level"),
                    role: try scale($0.role, field + ".research_projects.role"), concluded: $0.concluded, year: $0.year,
                    concludedYear: $0.concludedYear, issuingBody: $0.issuingBody)
            },
            awards: try teacher.awards.map {
                Craftsman.Award(
                    id: $0.id, title: $0.title, kind: try scale($0.kind, field + ".awards.kind"),
                    level: try scale($0.level, field + ".awards.level"), rank: try scale($0.rank, field + ".awards.rank"),
                    year: $0.year, awardingBody: $0.awardingBody)
            },
            honours: try teacher.honours.map {
                Craftsman.Honour(
                    id: $0.id, title: $0.title, level: try scale($0.level, field + ".honours.level"), year: $0.year,
                    awardingBody: $0.awardingBody)
            },
            ethicsAttestation: teacher.ethicsAttestation?.domain,
            createdAtUnixMilliseconds: teacher.createdAtUnixMs, updatedAtUnixMilliseconds: teacher.updatedAtUnixMs,
            revision: teacher.revision)
    }
}

extension TeacherInput {
    /// The input as a draft for the domain's validation.
    var draft: TeacherDraft {
        var draft = TeacherDraft()
        draft.schoolID = schoolID
        draft.name = name
        draft.nationalID = nationalID.map { .set($0) } ?? .keep
        draft.birthDate = birthDate?.draft
        draft.highestEducation = highestEducation.rawValue
        draft.teachingStartDate = teachingStartDate?.draft
        draft.titleRank = titleRank.rawValue
        draft.skillLevel = skillLevel.rawValue
        draft.skillOccupation = skillOccupation
        draft.skillCertificateRelatedToSubject = skillCertificateRelatedToSubject
        draft.courseKind = courseKind.rawValue
        draft.subjectTaught = subjectTaught
        draft.employedInPost = employedInPost
        draft.enterprisePracticeMonthsLast5Years = enterprisePracticeMonthsLast5Years
        draft.enterprisePracticeAsOf = enterprisePracticeAsOf?.draft
        draft.industryExperienceMonths = industryExperienceMonths
        draft.researchProjects = researchProjects.map { project in
            var input = TeacherDraft.ResearchProjectInput()
            input.id = project.id
            input.title = project.title
            input.level = project.level.rawValue
            input.role = project.role.rawValue
            input.concluded = project.concluded
            input.year = project.year
            input.concludedYear = project.concludedYear
            input.issuingBody = project.issuingBody
            return input
        }
        draft.awards = awards.map { award in
            var input = TeacherDraft.AwardInput()
            input.id = award.id
            input.title = award.title
            input.kind = award.kind.rawValue
            input.level = award.level.rawValue
            input.rank = award.rank.rawValue
            input.year = award.year
            input.awardingBody = award.awardingBody
            return input
        }
        draft.honours = honours.map { honour in
            var input = TeacherDraft.HonourInput()
            input.id = honour.id
            input.title = honour.title
            input.level = honour.level.rawValue
            input.year = honour.year
            input.awardingBody = honour.awardingBody
            return input
        }
        draft.ethicsAttestation = ethicsAttestation?.draft
        return draft
    }
}

extension Craftsman.Teacher {
    /// The national ID as replies show it (`NationalID.masked`); empty when none is on file.
    var nationalIDMasked: String {
        nationalID.isEmpty ? "" : NationalID.masked(nationalID)
    }
}
