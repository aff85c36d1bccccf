import Craftsman
import Testing

/// Accounts (domain.md §8): the bureau creates them, with one role and the scope it needs.
@Suite struct AccountTests {
    static func draft(
        _ login: String = "new.one", role: Int32, school: String = "", affiliated: String = "", name: String = "新账号"
    )
        -> AccountDraft
    {
        AccountDraft(loginName: login, displayName: name, role: role, scopeSchoolID: school, affiliatedSchoolID: affiliated)
    }

    @Test(arguments: [
        (draft(role: 1), Actor.Role.bureauAdministrator),
        (draft(role: 2, school: "S00000002"), .schoolOperator(schoolID: "S00000002")),
        (draft(role: 3), .expert(affiliatedSchoolID: nil)),
        (draft(role: 3, affiliated: "S00000001"), .expert(affiliatedSchoolID: "S00000001")),
        (draft(role: 4), .integrationSystem),
        (draft(role: 5), .auditor),
    ])
    func eachRoleGetsItsScope(_ draft: AccountDraft, _ role: Actor.Role) throws {
        var world = try SelectionWorld()
        let account = try world.apply(world.model.planCreateAccount(draft, actor: world.bureau, now: world.now))
        #expect(account.role == role && account.state == .active && account.loginName == "new.one")
        #expect(world.model.selection.account(loginName: "new.one")?.id == account.id)
    }

    /// Drafts refused by field.
    @Test(arguments: [
        (draft("ab", role: 5), "account.login_name", "must be 3–64 characters"),
        (draft("New.One", role: 5), "account.login_name", "lower-case letters"),
        (draft(role: 5, name: ""), "account.display_name", "is required"),
        (draft(role: 5, name: "张\u{1B}三"), "account.display_name", "control characters"),
        (draft(role: 0), "account.role", "must be set"),
        (draft(role: 6), "account.role", "must be set"),
        (draft(role: 2), "account.scope_school_id", "must name an existing school"),
        (draft(role: 2, school: "S00000009"), "account.scope_school_id", "must name an existing school"),
        (draft(role: 3, affiliated: "S00000009"), "account.affiliated_school_id", "must name an existing school or be empty"),
        (draft(role: 1, school: "S00000001"), "account.scope_school_id", "is only for school operators"),
        (draft(role: 2, school: "S00000001", affiliated: "S00000001"), "account.affiliated_school_id", "is only for experts"),
    ])
    func aBadDraftIsRefusedByField(_ draft: AccountDraft, field: String, rule: String) throws {
        let world = try SelectionWorld()
        let error = world.expectRefused(.invalidArgument, field, rule) { () throws(DomainError) in
            try world.model.planCreateAccount(draft, actor: world.bureau, now: world.now)
        }
        #expect(error?.violations.first?.field == field)
    }

    @Test func aLoginIsTakenOnce() throws {
        let world = try SelectionWorld()
        world.expectRefused(.alreadyExists, "account.login_name: op-a is taken by account A00000001") { () throws(DomainError) in
            try world.model.planCreateAccount(Self.draft("op-a", role: 5), actor: world.bureau, now: world.now)
        }
    }
}

extension AccountDraft: CustomTestStringConvertible {
    public var testDescription: String { "\(loginName) role \(role) scope \(scopeSchoolID) affiliated \(affiliatedSchoolID)" }
}
