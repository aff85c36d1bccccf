/// One change to the registry, as planned by a command and recorded in the journal.
public enum RegistryChange: Sendable, Equatable {
    case schoolCreated(School)
    case schoolUpdated(School)
    case teacherCreated(Teacher)
    case teacherUpdated(Teacher)
    case teamCreated(Team)
    case teamUpdated(Team)
}

extension RegistryChange {
    /// The team a team change carries, or nil for any other change.
    public var team: Team? {
        switch self {
        case .teamCreated(let team), .teamUpdated(let team): team
        default: nil
        }
    }
}
