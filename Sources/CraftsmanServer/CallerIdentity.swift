import Craftsman
import CraftsmanProto
import CraftsmanRPC
import Synchronization

/// Who a call acts as. Until API tokens exist (the security work), a caller names its account
/// in the `craftsman-account` metadata entry and is trusted; a call without it acts as the
/// bootstrap bureau administrator, which is how the first accounts are made. docs/PROTOCOL.md
/// states this, and that it is for loopback use only.
extension CraftsmanServices {
    /// The metadata key naming the caller's account id.
    public static let accountMetadataKey = "craftsman-account"

    /// The actor of calls that name no account.
    public static let bootstrapActor = Actor(accountID: "bootstrap", role: .bureauAdministrator)

    /// The actor `context`'s call acts as.
    ///
    /// - Throws: UNAUTHENTICATED for an unknown or disabled account.
    func actor(_ context: ServerContext) throws(RPCError) -> Actor {
        guard let id = context.metadata[Self.accountMetadataKey] else { return Self.bootstrapActor }
        guard let account = store.read({ $0.selection.account(id: id) }) else {
            throw RPCError(.unauthenticated, "\(Self.accountMetadataKey): no account \(id)")
        }
        guard account.state == .active else {
            throw RPCError(.unauthenticated, "\(Self.accountMetadataKey): account \(id) is disabled")
        }
        return account.actor
    }

    /// Plans and makes one durable change to the model as `actor`, mapping refusals to wire
    /// statuses; the journal record carries the actor and `reason`.
    func change<Result: Sendable>(
        as actor: Actor, reason: String = "", _ plan: @escaping @Sendable (Model, Int64) throws(DomainError) -> Planned<Result>
    ) async throws(RPCError) -> Result {
        do { try Model.checkReason(reason) } catch { throw ErrorMapping.rpcError(error) }
        let now = clock()
        return try await ErrorMapping.mapping {
            try await store.write { state in
                let planned = try plan(state.model, now)
                return (
                    CraftsmanState.Change(
                        changes: planned.changes, recordedAtUnixMilliseconds: now, actorAccountID: actor.accountID, reason: reason
                    ),
                    planned.value
                )
            }
        }
    }

    /// Plans and makes one durable change to the model as `actor`, like
    /// ``change(as:reason:_:)``, for handlers registered with `completing:`: the change is made
    /// now, and `answer` runs with `plan`'s value once the journal holds it (on the journal's
    /// thread: it should only encode and hand on the reply), or `responder` fails the call when
    /// it cannot be acknowledged. No task waits for the flush, so a call costs no thread switch
    /// of its own.
    ///
    /// - Throws: the refusal of `plan` (nothing changed, nothing answered), as a wire status.
    ///
    /// `time` is the change's time when the caller took it first (to check a draft before the
    /// store's lock at the same time the plan uses); the clock's time otherwise.
    ///
    /// `answerFromRecord`, when given, builds the reply from the journal record's payload
    /// instead (the bytes of the change, already encoded for the journal); when it gives nil,
    /// `answer` is encoded as usual.
    func change<Value: Sendable, Output: ProtoMessage>(
        as actor: Actor, reason: String = "", at time: Int64? = nil, responder: Responder<Output>,
        _ plan: @Sendable (Model, Int64) throws(DomainError) -> Planned<Value>,
        answer: @escaping @Sendable (Value) -> Output,
        answerFromRecord: (@Sendable (Value, [UInt8]) -> EncodedMessage<Output>?)? = nil
    ) throws(RPCError) {
        do { try Model.checkReason(reason) } catch { throw ErrorMapping.rpcError(error) }
        let now = time ?? clock()
        // Set by `plan`, which runs before the callback is registered, so the callback finds it.
        let plannedValue = Mutex<Value?>(nil)
        _ = try ErrorMapping.mapping {
            try store.write(
                { state in
                    let planned = try plan(state.model, now)
                    plannedValue.withLock { $0 = planned.value }
                    return (
                        CraftsmanState.Change(
                            changes: planned.changes, recordedAtUnixMilliseconds: now, actorAccountID: actor.accountID,
                            reason: reason),
                        planned.value
                    )
                },
                whenRecorded: { outcome in
                    switch outcome {
                    case .failure(let failure):
                        responder.fail(ErrorMapping.rpcError(failure))
                    case .success(let record):
                        let value = plannedValue.withLock { $0 }!
                        if let reply = answerFromRecord?(value, record) {
                            responder.succeed(reply)
                        } else {
                            responder.succeed(answer(value))
                        }
                    }
                })
        }
    }

    /// Plans and makes one registry change as `actor`: `plan` returns the change and the
    /// value to answer with.
    func changeRegistry<Result: Sendable>(
        as actor: Actor, reason: String = "",
        _ plan: @escaping @Sendable (Model, Int64) throws(DomainError) -> (RegistryChange, Result)
    ) async throws(RPCError) -> Result {
        try await change(as: actor, reason: reason) { model, now throws(DomainError) in
            let (change, result) = try plan(model, now)
            return Planned([.registry(change)], result)
        }
    }

    /// Reads the model, mapping refusals to wire statuses.
    func read<Result>(_ body: (Model) throws(DomainError) -> Result) throws(RPCError) -> Result {
        let model = store.read { $0.model }
        return try ErrorMapping.mapping { try body(model) }
    }
}
