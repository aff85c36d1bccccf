import Craftsman
import Testing

/// Every command against every caller and every round state (domain.md §4 "every transition is
/// checked" and §8): the permitted caller in the right state succeeds; anyone else is refused
/// naming their role; any other state is refused naming it; a refusal changes nothing.
@Suite struct CommandMatrixTests {
    @Test(arguments: SelectionCommand.allCases, Caller.allCases)
    func onlyThePermittedCallerMayCallIt(_ command: SelectionCommand, _ caller: Caller) throws {
        let (world, cast, target) = try command.staged()
        let actor = caller.actor(in: world)
        switch command.refusal(of: caller) {
        case nil:
            let changes = try command.run(world, cast, target: target, as: actor)
            #expect(!changes.isEmpty)
        case .permissionDenied?:
            world.expectRefused(.permissionDenied, "the caller is \(caller.named)") {
                () throws(DomainError) in try command.run(world, cast, target: target, as: actor)
            }
        case let code?:
            world.expectRefused(code) { () throws(DomainError) in try command.run(world, cast, target: target, as: actor) }
        }
    }

    @Test(arguments: SelectionCommand.allCases, RoundState.allCases)
    func onlyTheRightRoundStatesAcceptIt(_ command: SelectionCommand, _ state: RoundState) throws {
        guard let accepted = command.roundStates else { return }
        var (world, cast, target) = try command.staged()
        try world.force(cast.round.id, into: state)
        let actor = command.permitted.actor(in: world)
        if accepted.contains(state) {
            #expect(world.refusal { () throws(DomainError) in try command.run(world, cast, target: target, as: actor) } == nil)
            return
        }
        let refused = world.expectRefused(.failedPrecondition, "round \(cast.round.id) (2026) is in state \(state)") {
            () throws(DomainError) in try command.run(world, cast, target: target, as: actor)
        }
        // A round that is behind says which step comes first; a terminal or later one does not.
        let behind = !state.isTerminal && state.rawValue < accepted[0].rawValue
        #expect(refused?.message.contains("; first the bureau") == behind)
    }
}
