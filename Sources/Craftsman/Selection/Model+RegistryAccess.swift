// Who may see and change the registry (domain.md §8): the bureau everything; a school operator
// only their own school's teachers and teams; experts, integration systems and auditors read.

extension Model {
    /// Refuses a registry change to a record of `schoolID` by anyone but the bureau or that
    /// school's operator.
    ///
    /// - Parameter existingSchoolID: for an update, the school the record belongs to now; an
    ///   operator may neither change another school's record nor move one to another school.
    public func requireRegistryWriter(_ actor: Actor, schoolID: String, existingSchoolID: String? = nil, to action: String)
        throws(DomainError)
    {
        if actor.isBureau { return }
        guard let scope = actor.schoolScope else {
            throw DomainError(
                .permissionDenied,
                "only the bureau administrator or the school's operator may \(action); the caller is \(actor.role.summary)")
        }
        for school in [existingSchoolID, schoolID].compactMap({ $0 }) where school != scope {
            throw DomainError(
                .permissionDenied, "only a school operator of \(school) may \(action); the caller is \(actor.role.summary)")
        }
    }

    /// Whether `actor` may read registry records of `schoolID`: a school operator only their
    /// own school's, every other role all.
    public func mayRead(_ actor: Actor, schoolID: String) -> Bool { maySee(actor, schoolID: schoolID) }
}
