/// Whether an account can be used.
public enum AccountState: Int32, CaseIterable, Hashable, Sendable {
    case active = 1
    case disabled
}

/// An account (账号) of a person or system, with its role and scope.
public struct Account: Hashable, Sendable {
    /// Server-assigned, `A` and eight digits.
    public var id: String
    /// Unique; lower-case letters, digits, `.`, `-` and `_`.
    public var loginName: String
    public var displayName: String
    public var role: Actor.Role
    public var state: AccountState
    public var createdAtUnixMilliseconds: Int64
    public var updatedAtUnixMilliseconds: Int64
    public var revision: Int64

    public init(
        id: String, loginName: String, displayName: String, role: Actor.Role, state: AccountState,
        createdAtUnixMilliseconds: Int64, updatedAtUnixMilliseconds: Int64, revision: Int64
    ) {
        self.id = id
        self.loginName = loginName
        self.displayName = displayName
        self.role = role
        self.state = state
        self.createdAtUnixMilliseconds = createdAtUnixMilliseconds
        self.updatedAtUnixMilliseconds = updatedAtUnixMilliseconds
        self.revision = revision
    }

    /// The actor this account acts as.
    public var actor: Actor { Actor(accountID: id, role: role) }
}
