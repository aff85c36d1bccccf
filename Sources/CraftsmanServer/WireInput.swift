import Craftsman
import CraftsmanProto

// Request fields every selection handler reads the same way.

/// The domain value of a wire enum that must be set, or `invalidArgument` naming `field`.
func requiredValue<Domain: RawRepresentable<Int32>, Wire: ProtoEnum>(_ value: Wire, _ field: String) throws(DomainError) -> Domain
{
    var violations: [DomainError.Violation] = []
    guard let domain: Domain = requiredValue(value, field: field, into: &violations) else {
        throw DomainError.invalid(violations)
    }
    return domain
}

/// A date the caller must give, or `invalidArgument` naming `field`.
func requiredDate(_ date: CraftsmanProto.CivilDate?, _ field: String) throws(DomainError) -> Craftsman.CivilDate {
    guard let date else { throw DomainError.invalid([.init(field: field, value: "", rule: "is required")]) }
    guard let value = Craftsman.CivilDate(year: Int(date.year), month: Int(date.month), day: Int(date.day)) else {
        throw DomainError.invalid([
            .init(
                field: field, value: "\(date.year)-\(date.month)-\(date.day)", rule: "must be a real calendar date in 1900–2199")
        ])
    }
    return value
}

/// The subject of a nomination or eligibility check, or `invalidArgument` when neither is set.
func requiredSubject<Subject: WireSubject>(_ subject: Subject?) throws(DomainError) -> Craftsman.EligibilityResult.Subject {
    guard let subject else {
        throw DomainError.invalid([.init(field: "subject", value: "", rule: "needs one of teacher_id and team_id")])
    }
    return subject.domain
}

extension CheckEligibilityRequest.Subject: WireSubject {
    var domain: Craftsman.EligibilityResult.Subject {
        switch self {
        case .teacherID(let id): .teacher(id: id)
        case .teamID(let id): .team(id: id)
        }
    }
}

extension CreateNominationRequest.Subject: WireSubject {
    var domain: Craftsman.EligibilityResult.Subject {
        switch self {
        case .teacherID(let id): .teacher(id: id)
        case .teamID(let id): .team(id: id)
        }
    }
}
