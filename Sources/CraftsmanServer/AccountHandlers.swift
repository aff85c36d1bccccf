import Craftsman
import CraftsmanProto
import CraftsmanRPC

extension CraftsmanServices {
    /// Accounts as far as the selection workflow needs them: create, read, list, and who the
    /// caller is. Updates, states and API tokens come with the security work and answer
    /// UNIMPLEMENTED until then (they are not registered).
    func registerAccounts(in router: inout Router) {
        router.register(
            AccountService.CreateAccount.self,
            unary: { request, context in
                let actor = try actor(context)
                let draft = (request.account ?? AccountInput()).draft
                let account = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planCreateAccount(draft, actor: actor, now: now)
                }
                return CreateAccountResponse(account: CraftsmanProto.Account(account))
            })
        router.register(
            AccountService.GetAccount.self,
            inline: { request, context in
                let actor = try actor(context)
                guard actor.isBureau || actor.role == .auditor || actor.accountID == request.accountID else {
                    throw RPCError(.permissionDenied, "only the bureau administrator and auditors may read other accounts")
                }
                guard let account = store.read({ $0.selection.account(id: request.accountID) }) else {
                    throw RPCError(.notFound, "account_id: no account \(request.accountID)")
                }
                return GetAccountResponse(account: CraftsmanProto.Account(account))
            })
        router.register(
            AccountService.ListAccounts.self,
            inline: { request, context in
                let actor = try actor(context)
                guard actor.isBureau || actor.role == .auditor else {
                    throw RPCError(.permissionDenied, "only the bureau administrator and auditors may list accounts")
                }
                let size = try Paging.pageSize(request.pageSize)
                let cursor = try Paging.cursor(request.pageToken)
                let roles = Set(request.roles.map(\.rawValue))
                let states = Set(request.states.map(\.rawValue))
                let page = store.read { state in
                    state.selection.accounts(after: cursor, limit: size) { account in
                        let wire = CraftsmanProto.Account(account)
                        return (roles.isEmpty || roles.contains(wire.role.rawValue))
                            && (states.isEmpty || states.contains(account.state.rawValue))
                            && (request.schoolID.isEmpty || wire.scopeSchoolID == request.schoolID
                                || wire.affiliatedSchoolID == request.schoolID)
                    }
                }
                return ListAccountsResponse(
                    accounts: page.rows.map(CraftsmanProto.Account.init), nextPageToken: Paging.token(page.next))
            })
        router.register(
            AccountService.GetCallerIdentity.self,
            inline: { _, context in
                let actor = try actor(context)
                guard let account = store.read({ $0.selection.account(id: actor.accountID) }) else {
                    // The bootstrap administrator has no stored account; describe it.
                    var account = CraftsmanProto.Account()
                    account.id = actor.accountID
                    account.loginName = "bootstrap"
                    account.displayName = "bootstrap bureau administrator (no account named in metadata)"
                    account.role = .bureauAdministrator
                    account.state = .active
                    return GetCallerIdentityResponse(account: account)
                }
                return GetCallerIdentityResponse(account: CraftsmanProto.Account(account))
            })
    }
}
