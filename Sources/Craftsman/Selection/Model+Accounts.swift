// Accounts with their role and scope: who acts in the selection workflow. Tokens come with the
// security work; until then the server maps a caller to an account as docs/PROTOCOL.md says.

/// An account as the bureau sends it.
public struct AccountDraft: Sendable {
    public var loginName: String
    public var displayName: String
    /// The role's wire number; 0 when unset.
    public var role: Int32
    /// The school of a school operator.
    public var scopeSchoolID: String
    /// The school an expert works at, if any.
    public var affiliatedSchoolID: String

    public init(loginName: String, displayName: String, role: Int32, scopeSchoolID: String, affiliatedSchoolID: String) {
        self.loginName = loginName
        self.displayName = displayName
        self.role = role
        self.scopeSchoolID = scopeSchoolID
        self.affiliatedSchoolID = affiliatedSchoolID
    }
}

extension Model {
    /// Plans an account (bureau).
    ///
    /// - Throws: `invalidArgument` naming every bad field, `alreadyExists` for a taken login.
    public func planCreateAccount(_ draft: AccountDraft, actor: Actor, now: Int64) throws(DomainError) -> Planned<Account> {
        try requireBureau(actor, to: "manage accounts")
        var violations = Violations()
        let login = draft.loginName.utf8
        if login.count < 3 || login.count > 64
            || !login.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == 46 || $0 == 45 || $0 == 95 })
        {
            violations.add(
                "account.login_name", draft.loginName, "must be 3–64 characters of lower-case letters, digits, '.', '-' and '_'")
        }
        TextRule.required.check(draft.displayName, field: "account.display_name", maxLength: 100, into: &violations)
        var role: Actor.Role?
        switch draft.role {
        case 1: role = .bureauAdministrator
        case 2:
            if registry.school(id: draft.scopeSchoolID) == nil {
                violations.add(
                    "account.scope_school_id", draft.scopeSchoolID, "must name an existing school for a school operator")
            }
            role = .schoolOperator(schoolID: draft.scopeSchoolID)
        case 3:
            if !draft.affiliatedSchoolID.isEmpty && registry.school(id: draft.affiliatedSchoolID) == nil {
                violations.add(
                    "account.affiliated_school_id", draft.affiliatedSchoolID, "must name an existing school or be empty")
            }
            role = .expert(affiliatedSchoolID: draft.affiliatedSchoolID.isEmpty ? nil : draft.affiliatedSchoolID)
        case 4: role = .integrationSystem
        case 5: role = .auditor
        default: violations.add("account.role", String(draft.role), "must be set to a defined ACCOUNT_ROLE value")
        }
        if draft.role != 2 && !draft.scopeSchoolID.isEmpty {
            violations.add("account.scope_school_id", draft.scopeSchoolID, "is only for school operators")
        }
        if draft.role != 3 && !draft.affiliatedSchoolID.isEmpty {
            violations.add("account.affiliated_school_id", draft.affiliatedSchoolID, "is only for experts")
        }
        try violations.check()
        if let other = selection.account(loginName: draft.loginName) {
            throw DomainError(.alreadyExists, "account.login_name: \(draft.loginName) is taken by account \(other.id)")
        }
        let account = Account(
            id: selection.nextAccountID, loginName: draft.loginName, displayName: draft.displayName, role: role!, state: .active,
            createdAtUnixMilliseconds: now, updatedAtUnixMilliseconds: now, revision: 1)
        return Planned([.accountPut(account)], account)
    }
}
