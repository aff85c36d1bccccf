/// One change to the registry, as planned by a command and recorded in the journal.
public enum RegistryChange: Sendable, Equatable {
    case schoolCreated(School)
    case schoolUpdated(School)
    case teacherCreated(Teacher)
    case teacherUpdated(Teacher)
}
