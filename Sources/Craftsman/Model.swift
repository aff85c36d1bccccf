/// Everything the server keeps: the registry and the selection records. Commands
/// (`plan…`, in extensions) check the actor, the states and the input against this value and
/// return the changes to make, or throw a ``DomainError`` and change nothing; ``apply(_:)``
/// makes a change, live or on replay.
public struct Model: Sendable {
    public internal(set) var registry = Registry()
    public internal(set) var selection = Selection()

    public init() {}

    public init(registry: Registry) { self.registry = registry }

    /// Marks selection ids as handed out (see ``Selection/reserveIDs(_:)``).
    public mutating func reserveSelectionIDs(_ lastNumbers: [String: Int]) throws(DomainError) {
        try selection.reserveIDs(lastNumbers)
    }

    /// Applies a change planned against this state or read from the journal.
    public mutating func apply(_ change: Change) throws(DomainError) {
        switch change {
        case .registry(let change): try registry.apply(change)
        case .selection(let change): try selection.apply(change)
        }
    }
}

/// One change to the model.
public enum Change: Sendable, Equatable {
    case registry(RegistryChange)
    case selection(SelectionChange)
}

/// What a command plans: the changes, in order, and the value the caller answers with.
public struct Planned<Value: Sendable>: Sendable {
    public var changes: [Change]
    public var value: Value

    public init(_ changes: [Change], _ value: Value) {
        self.changes = changes
        self.value = value
    }

    init(_ changes: [SelectionChange], _ value: Value) {
        self.changes = changes.map(Change.selection)
        self.value = value
    }
}
