import Craftsman
import CraftsmanProto

// Accounts: the wire's role number with its scope fields ↔ the domain's role with its scope.

extension CraftsmanProto.Account {
    /// The account as the API shows it. The domain keeps no allowed methods yet, so
    /// `allowed_methods` is empty.
    init(_ account: Craftsman.Account) {
        self.init()
        id = account.id
        loginName = account.loginName
        displayName = account.displayName
        switch account.role {
        case .bureauAdministrator: role = .bureauAdministrator
        case .schoolOperator(let schoolID):
            role = .schoolOperator
            scopeSchoolID = schoolID
        case .expert(let affiliation):
            role = .expert
            affiliatedSchoolID = affiliation ?? ""
        case .integrationSystem: role = .integrationSystem
        case .auditor: role = .auditor
        }
        state = wire(account.state)
        createdAtUnixMs = account.createdAtUnixMilliseconds
        updatedAtUnixMs = account.updatedAtUnixMilliseconds
        revision = account.revision
    }

    /// The domain account a stored one holds.
    ///
    /// - Throws: `StoredValueError` naming the field when the stored value breaks a rule: an
    ///   unknown role or state, a school operator without a school, or a scope field on a role
    ///   that has none.
    func domain() throws -> Craftsman.Account {
        let field = "account \(id)"
        let domainRole: Actor.Role
        switch role {
        case .bureauAdministrator: domainRole = .bureauAdministrator
        case .schoolOperator:
            if scopeSchoolID.isEmpty {
                throw StoredValueError(description: "\(field).scope_school_id: a school operator needs a school")
            }
            domainRole = .schoolOperator(schoolID: scopeSchoolID)
        case .expert: domainRole = .expert(affiliatedSchoolID: affiliatedSchoolID.isEmpty ? nil : affiliatedSchoolID)
        case .integrationSystem: domainRole = .integrationSystem
        case .auditor: domainRole = .auditor
        case .unspecified: throw StoredValueError(description: "\(field).role: \(role.rawValue) is not a valid value")
        }
        if role != .schoolOperator && !scopeSchoolID.isEmpty {
            throw StoredValueError(description: "\(field).scope_school_id: only a school operator has one")
        }
        if role != .expert && !affiliatedSchoolID.isEmpty {
            throw StoredValueError(description: "\(field).affiliated_school_id: only an expert has one")
        }
        return Craftsman.Account(
            id: id, loginName: loginName, displayName: displayName, role: domainRole,
            state: try scale(state, field + ".state"), createdAtUnixMilliseconds: createdAtUnixMs,
            updatedAtUnixMilliseconds: updatedAtUnixMs, revision: revision)
    }
}

extension AccountInput {
    /// The input as a draft for the domain's validation: the role's raw number and both scope
    /// fields as sent. `allowed_methods` has no place in the domain yet and is not carried.
    var draft: AccountDraft {
        AccountDraft(
            loginName: loginName, displayName: displayName, role: role.rawValue, scopeSchoolID: scopeSchoolID,
            affiliatedSchoolID: affiliatedSchoolID)
    }
}
