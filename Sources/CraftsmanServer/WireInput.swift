import Craftsman
import CraftsmanProto

// Request fields every selection handler reads the same way.

/// The domain value of a wire enum that must be set, or `invalidArgument` naming `field`.
func requiredValue<Domain: RawRepresentable<Int32>, Wire: ProtoEnum>(_ value: Wire, _ field: String) throws(DomainError) -> Domain {
    var violations: [DomainError.Violation] = []
    guard let domain: Domain = requiredValue(value, field: field, into: &violations) else { throw DomainError.invalid(violations) }
    return domain
}

/// A date the caller must give, or `invalidArgument` naming `field`.
func requiredDate(_ date: CraftsmanProto.CivilDate?, _ field: String) throws(DomainError) -> Craftsman.CivilDate {
    guard let date else { throw DomainError.invalid([.init(field: field, value: "", rule: "is required")]) }
    guard let value = Craftsman.CivilDate(year: Int(date.year), month: Int(date.month), day: Int(date.day)) else {
        throw DomainError.invalid([
            .init(field: field, value: "\(date.year)-\(date.month)-\(date.day)", rule: "must be a real calendar date in 1900–2199")
        ])
    }
    return value
}

/// The subject of a nomination or eligibility check, or `invalidArgument` when neither is set.
func requiredSubject(teacherID: String?, teamID: String?) throws(DomainError) -> EligibilityResult.Subject {
    switch (teacherID, teamID) {
    case (let id?, nil): return .teacher(id: id)
    case (nil, let id?): return .team(id: id)
    default: throw DomainError.invalid([.init(field: "subject", value: "", rule: "needs exactly one of teacher_id and team_id")])
    }
}
