extension Registry {
    /// Plans the creation of a teacher.
    ///
    /// - Parameters:
    ///   - actorID: the account recording it, stored on a new ethics attestation.
    ///   - now: the server's clock, ms since the Unix epoch; "today" is its date in Beijing.
    /// - Throws: `invalidArgument` naming every bad field; `notFound` for an unknown school;
    ///   `alreadyExists` for a national ID on file for another teacher.
    public func planCreateTeacher(_ draft: TeacherDraft, actorID: String = "", now: Int64) throws(DomainError) -> RegistryChange {
        var teacher = try validate(draft, existing: nil, actorID: actorID, now: now)
        teacher.id = nextTeacherID
        try checkNationalIDUnique(teacher)
        return .teacherCreated(teacher)
    }

    /// Checks a new teacher's draft against every rule that does not depend on the registry's
    /// state (all but the school's existence, the id and the national ID's uniqueness); nil when
    /// it breaks one, and then ``planCreateTeacher(_:actorID:now:)`` reports exactly what.
    ///
    /// For callers that check drafts before taking the store's lock, so that connections on
    /// other threads are not held up by it: most of a creation's cost is this check.
    public static func checkNewTeacher(_ draft: TeacherDraft, actorID: String = "", now: Int64) -> CheckedNewTeacher? {
        var violations = Violations()
        guard let teacher = checkedFields(draft, existing: nil, actorID: actorID, now: now, into: &violations),
            violations.list.isEmpty
        else { return nil }
        return CheckedNewTeacher(teacher: teacher)
    }

    /// Plans the creation of a teacher whose draft passed ``checkNewTeacher(_:actorID:now:)``:
    /// the same change, or the same refusal, as ``planCreateTeacher(_:actorID:now:)`` of that
    /// draft at that time.
    ///
    /// - Throws: `notFound` for an unknown school; `alreadyExists` for a national ID on file
    ///   for another teacher.
    public func planCreateTeacher(_ checked: CheckedNewTeacher) throws(DomainError) -> RegistryChange {
        var teacher = checked.teacher
        if school(id: teacher.schoolID) == nil { throw Self.unknownSchool(teacher.schoolID) }
        teacher.id = nextTeacherID
        try checkNationalIDUnique(teacher)
        return .teacherCreated(teacher)
    }

    /// Plans a change to teacher `id`, which must still be at `expectedRevision` (0: any). The
    /// draft replaces every editable field; the national ID is kept when the draft says `.keep`.
    public func planUpdateTeacher(
        id: String, expectedRevision: Int64, _ draft: TeacherDraft, actorID: String = "", now: Int64
    ) throws(DomainError) -> RegistryChange {
        guard let existing = teacher(id: id) else { throw DomainError(.notFound, "teacher_id: no teacher \(id)") }
        if expectedRevision != 0 && expectedRevision != existing.revision {
            throw DomainError(
                .aborted, "teacher \(id) is at revision \(existing.revision), not \(expectedRevision); read it again and retry")
        }
        let teacher = try validate(draft, existing: existing, actorID: actorID, now: now)
        try checkNationalIDUnique(teacher)
        return .teacherUpdated(teacher)
    }

    private func checkNationalIDUnique(_ teacher: Teacher) throws(DomainError) {
        guard !teacher.nationalID.isEmpty, let other = self.teacher(nationalID: teacher.nationalID), other.id != teacher.id else {
            return
        }
        throw DomainError(
            .alreadyExists,
            "teacher.national_id: \(NationalID.masked(teacher.nationalID)) is already on file for teacher \(other.id)")
    }

    // MARK: - Validation

    private func validate(_ draft: TeacherDraft, existing: Teacher?, actorID: String, now: Int64) throws(DomainError) -> Teacher {
        var violations = Violations()
        let teacher = Self.checkedFields(draft, existing: existing, actorID: actorID, now: now, into: &violations)
        if !draft.schoolID.isEmpty && school(id: draft.schoolID) == nil {
            if violations.list.isEmpty { throw Self.unknownSchool(draft.schoolID) }
            violations.add("teacher.school_id", draft.schoolID, "names no school")
        }
        try violations.check()
        guard let teacher else {
            throw DomainError(.invalidArgument, "teacher: incomplete")  // unreachable: each nil added a violation
        }
        return teacher
    }

    /// The refusal of a teacher whose school id names no school, when nothing else is wrong.
    private static func unknownSchool(_ schoolID: String) -> DomainError {
        DomainError(.notFound, "teacher.school_id: no school \(schoolID)")
    }

    /// The teacher a draft describes, checked against every rule but the registry's state; nil
    /// when a rule is broken (each added to `violations`).
    // swiftlint:disable:next function_body_length
    private static func checkedFields(
        _ draft: TeacherDraft, existing: Teacher?, actorID: String, now: Int64, into violations: inout Violations
    ) -> Teacher? {
        let today = CivilDate(unixMilliseconds: now)
        let field = "teacher."
        if draft.schoolID.isEmpty {
            violations.add(field + "school_id", "", "is required")
        }
        TextRule.required.check(draft.name, field: field + "name", maxLength: 50, into: &violations)
        var nationalID = existing?.nationalID ?? ""
        if case .set(let given) = draft.nationalID {
            nationalID = given
            if !given.isEmpty, let rule = NationalID.problem(with: given) {
                violations.add(field + "national_id", NationalID.masked(given), rule)
            }
        }
        let birthDate = Self.date(draft.birthDate, field: field + "birth_date", required: true, into: &violations)
        if let birthDate {
            let age = birthDate.wholeYears(until: today)
            if age < 18 || age > 80 {
                violations.add(field + "birth_date", "\(birthDate)", "gives an age of \(age) today; a teacher must be 18 to 80")
            }
            if let embedded = NationalID.birthDate(in: nationalID), embedded != birthDate {
                violations.add(
                    field + "national_id", NationalID.masked(nationalID), "carries the birth date \(embedded), not \(birthDate)")
            }
        }
        let education: EducationLevel? = Self.scale(draft.highestEducation, field: field + "highest_education", into: &violations)
        let teachingStart = Self.date(
            draft.teachingStartDate, field: field + "teaching_start_date", required: true, into: &violations)
        if let teachingStart {
            if teachingStart > today {
                violations.add(field + "teaching_start_date", "\(teachingStart)", "is after today (\(today))")
            } else if let birthDate, birthDate.wholeYears(until: teachingStart) < 16 {
                violations.add(
                    field + "teaching_start_date", "\(teachingStart)", "is before the teacher's 16th birthday (born \(birthDate))"
                )
            }
        }
        let title: TitleRank? = Self.scale(draft.titleRank, field: field + "title_rank", into: &violations)
        let skill: SkillLevel? = Self.scale(draft.skillLevel, field: field + "skill_level", into: &violations)
        TextRule.optional.check(draft.skillOccupation, field: field + "skill_occupation", maxLength: 50, into: &violations)
        let course: CourseKind? = Self.scale(draft.courseKind, field: field + "course_kind", into: &violations)
        TextRule.optional.check(draft.subjectTaught, field: field + "subject_taught", maxLength: 50, into: &violations)
        if !(0...60).contains(draft.enterprisePracticeMonthsLast5Years) {
            violations.add(
                field + "enterprise_practice_months_last_5_years", "\(draft.enterprisePracticeMonthsLast5Years)",
                "must be 0 to 60 (months within 5 years)")
        }
        let practiceAsOf = Self.date(
            draft.enterprisePracticeAsOf, field: field + "enterprise_practice_as_of",
            required: draft.enterprisePracticeMonthsLast5Years > 0,
            into: &violations)
        if let practiceAsOf, practiceAsOf > today {
            violations.add(field + "enterprise_practice_as_of", "\(practiceAsOf)", "is after today (\(today))")
        }
        if !(0...720).contains(draft.industryExperienceMonths) {
            violations.add(
                field + "industry_experience_months", "\(draft.industryExperienceMonths)", "must be 0 to 720 (60 years)")
        }
        var ids = RecordIDs(given: draft.researchProjects.map(\.id) + draft.awards.map(\.id) + draft.honours.map(\.id))
        let projects = draft.researchProjects.enumerated().compactMap { index, input in
            Self.project(input, field: field + "research_projects[\(index)]", today: today, ids: &ids, into: &violations)
        }
        let awards = draft.awards.enumerated().compactMap { index, input in
            Self.award(input, field: field + "awards[\(index)]", today: today, ids: &ids, into: &violations)
        }
        let honours = draft.honours.enumerated().compactMap { index, input in
            Self.honour(input, field: field + "honours[\(index)]", today: today, ids: &ids, into: &violations)
        }
        let attestation = Self.attestation(
            draft.ethicsAttestation, previous: existing?.ethicsAttestation, field: field + "ethics_attestation",
            actorID: actorID, now: now, into: &violations)
        guard let birthDate, let education, let teachingStart, let title, let skill, let course else { return nil }
        return Teacher(
            id: existing?.id ?? "", schoolID: draft.schoolID, name: draft.name, nationalID: nationalID, birthDate: birthDate,
            highestEducation: education, teachingStartDate: teachingStart, titleRank: title, skillLevel: skill,
            skillOccupation: draft.skillOccupation, skillCertificateRelatedToSubject: draft.skillCertificateRelatedToSubject,
            courseKind: course, subjectTaught: draft.subjectTaught, employedInPost: draft.employedInPost,
            enterprisePracticeMonthsLast5Years: draft.enterprisePracticeMonthsLast5Years, enterprisePracticeAsOf: practiceAsOf,
            industryExperienceMonths: draft.industryExperienceMonths, researchProjects: projects, awards: awards,
            honours: honours,
            ethicsAttestation: attestation, createdAtUnixMilliseconds: existing?.createdAtUnixMilliseconds ?? now,
            updatedAtUnixMilliseconds: now, revision: (existing?.revision ?? 0) + 1)
    }

    /// Record ids within one teacher: given ones kept (and unique), missing ones assigned.
    private struct RecordIDs {
        private var used: Set<String> = []
        /// Every id the draft gives, so that an id assigned to a new record never takes one that
        /// a later record of the draft gives (a new project before an existing award).
        private let given: Set<String>
        private var next = 1

        init(given: [String]) { self.given = Set(given.filter { !$0.isEmpty }) }

        mutating func take(_ given: String, field: @autoclosure () -> String, into violations: inout Violations) -> String {
            if !given.isEmpty {
                TextRule.required.check(given, field: field(), maxLength: 40, into: &violations)
                if !used.insert(given).inserted { violations.add(field(), given, "is used by another record of this teacher") }
                return given
            }
            // Each candidate formatted once (this ran for every new record of every new teacher).
            while true {
                let candidate = "R\(next)"
                next += 1
                if !self.given.contains(candidate) && used.insert(candidate).inserted { return candidate }
            }
        }
    }

    private static func project(
        _ input: TeacherDraft.ResearchProjectInput, field: @autoclosure () -> String, today: CivilDate, ids: inout RecordIDs,
        into violations: inout Violations
    ) -> ResearchProject? {
        let id = ids.take(input.id, field: field() + ".id", into: &violations)
        TextRule.required.check(input.title, field: field() + ".title", maxLength: 200, into: &violations)
        TextRule.optional.check(input.issuingBody, field: field() + ".issuing_body", maxLength: 100, into: &violations)
        let level: AdministrativeLevel? = scale(input.level, field: field() + ".level", into: &violations)
        let role: ResearchRole? = scale(input.role, field: field() + ".role", into: &violations)
        year(input.year, field: field() + ".year", today: today, into: &violations)
        if let concluded = input.concludedYear {
            if !input.concluded {
                violations.add(field() + ".concluded_year", "\(concluded)", "is set but the project has not concluded")
            } else if concluded < input.year {
                violations.add(
                    field() + ".concluded_year", "\(concluded)", "is before the year the project started (\(input.year))")
            } else {
                year(concluded, field: field() + ".concluded_year", today: today, into: &violations)
            }
        }
        guard let level, let role else { return nil }
        return ResearchProject(
            id: id, title: input.title, level: level, role: role, concluded: input.concluded, year: input.year,
            concludedYear: input.concludedYear, issuingBody: input.issuingBody)
    }

    private static func award(
        _ input: TeacherDraft.AwardInput, field: @autoclosure () -> String, today: CivilDate, ids: inout RecordIDs,
        into violations: inout Violations
    ) -> Award? {
        let id = ids.take(input.id, field: field() + ".id", into: &violations)
        TextRule.required.check(input.title, field: field() + ".title", maxLength: 200, into: &violations)
        TextRule.optional.check(input.awardingBody, field: field() + ".awarding_body", maxLength: 100, into: &violations)
        let kind: AwardKind? = scale(input.kind, field: field() + ".kind", into: &violations)
        let level: AdministrativeLevel? = scale(input.level, field: field() + ".level", into: &violations)
        let rank: AwardRank? = scale(input.rank, field: field() + ".rank", into: &violations)
        year(input.year, field: field() + ".year", today: today, into: &violations)
        guard let kind, let level, let rank else { return nil }
        return Award(
            id: id, title: input.title, kind: kind, level: level, rank: rank, year: input.year, awardingBody: input.awardingBody)
    }

    private static func honour(
        _ input: TeacherDraft.HonourInput, field: @autoclosure () -> String, today: CivilDate, ids: inout RecordIDs,
        into violations: inout Violations
    ) -> Honour? {
        let id = ids.take(input.id, field: field() + ".id", into: &violations)
        TextRule.required.check(input.title, field: field() + ".title", maxLength: 200, into: &violations)
        TextRule.optional.check(input.awardingBody, field: field() + ".awarding_body", maxLength: 100, into: &violations)
        let level: AdministrativeLevel? = scale(input.level, field: field() + ".level", into: &violations)
        year(input.year, field: field() + ".year", today: today, into: &violations)
        guard let level else { return nil }
        return Honour(id: id, title: input.title, level: level, year: input.year, awardingBody: input.awardingBody)
    }

    private static func year(_ year: Int32, field: @autoclosure () -> String, today: CivilDate, into violations: inout Violations)
    {
        if year < 1950 || Int(year) > today.year {
            violations.add(field(), "\(year)", "must be a year from 1950 to this year (\(today.year))")
        }
    }

    private static func date(
        _ input: TeacherDraft.DateInput?, field: @autoclosure () -> String, required: Bool, into violations: inout Violations
    ) -> CivilDate? {
        guard let input else {
            if required { violations.add(field(), "", "is required") }
            return nil
        }
        guard let date = CivilDate(year: Int(input.year), month: Int(input.month), day: Int(input.day)) else {
            violations.add(field(), "\(input.year)-\(input.month)-\(input.day)", "is not a calendar date from 1900 to 2199")
            return nil
        }
        return date
    }
}

/// A new teacher's draft that passed every check not depending on the registry's state
/// (``Registry/checkNewTeacher(_:actorID:now:)``); ``Registry/planCreateTeacher(_:)`` finishes it.
public struct CheckedNewTeacher: Sendable {
    fileprivate let teacher: Teacher
}
