extension Registry {
    /// Plans the creation of a school.
    ///
    /// - Throws: `invalidArgument` naming each bad field; `alreadyExists` for a name or code in use.
    public func planCreateSchool(_ draft: SchoolDraft, now: Int64) throws(DomainError) -> RegistryChange {
        try Self.validate(draft)
        try checkUnique(draft, excluding: nil)
        return .schoolCreated(
            School(
                id: nextSchoolID, name: draft.name, district: draft.district, code: draft.code, createdAtUnixMilliseconds: now,
                updatedAtUnixMilliseconds: now, revision: 1))
    }

    /// Plans a change to school `id`, which must still be at `expectedRevision` (0: any).
    public func planUpdateSchool(id: String, expectedRevision: Int64, _ draft: SchoolDraft, now: Int64) throws(DomainError)
        -> RegistryChange
    {
        guard var school = school(id: id) else { throw DomainError(.notFound, "school_id: no school \(id)") }
        if expectedRevision != 0 && expectedRevision != school.revision {
            throw DomainError(
                .aborted, "school \(id) is at revision \(school.revision), not \(expectedRevision); read it again and retry")
        }
        try Self.validate(draft)
        try checkUnique(draft, excluding: id)
        school.name = draft.name
        school.district = draft.district
        school.code = draft.code
        school.updatedAtUnixMilliseconds = now
        school.revision += 1
        return .schoolUpdated(school)
    }

    private static func validate(_ draft: SchoolDraft) throws(DomainError) {
        var violations = Violations()
        TextRule.required.check(draft.name, field: "school.name", maxLength: 100, into: &violations)
        TextRule.required.check(draft.district, field: "school.district", maxLength: 20, into: &violations)
        TextRule.optional.check(draft.code, field: "school.code", maxLength: 20, into: &violations)
        try violations.check()
    }

    private func checkUnique(_ draft: SchoolDraft, excluding id: String?) throws(DomainError) {
        if let other = schoolID(named: draft.name), other != id {
            throw DomainError(.alreadyExists, "school.name: \(draft.name) is already the name of school \(other)")
        }
        if !draft.code.isEmpty, let other = schoolID(coded: draft.code), other != id {
            throw DomainError(.alreadyExists, "school.code: \(draft.code) is already the code of school \(other)")
        }
    }
}
