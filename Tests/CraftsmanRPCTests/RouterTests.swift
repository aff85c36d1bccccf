import CraftsmanProto
import Testing

@testable import CraftsmanRPC

/// How the router turns typed handlers into handlers over bytes.
@Suite("Router")
struct RouterTests {
    /// What `router`'s echo handler answers to `request`: the response bytes, or the error.
    private func answer(_ router: Router, _ request: [UInt8]) throws -> [UInt8] {
        let handler = try #require(router.handler(service: EchoService.descriptor.name, method: "Echo"))
        let context = ServerContext(
            method: EchoService.Echo.descriptor, callID: 1, metadata: Metadata(), deadline: nil, peer: "test")
        guard case .unary(let body) = handler.body,
            case .response(let bytes) = try request.withUnsafeBytes({ try body($0, context) })
        else {
            Issue.record("expected a unary handler answering at once")
            return []
        }
        return bytes
    }

    @Test("a handler answering with an encoded response sends the bytes the typed handler would")
    func inlineEncoded() throws {
        let respond: @Sendable (EchoRequest) -> EchoResponse = { EchoResponse(payload: $0.payload.reversed()) }
        var typed = Router()
        typed.register(EchoService.Echo.self, inline: { request, _ in respond(request) })
        var encoded = Router()
        encoded.register(EchoService.Echo.self, inlineEncoded: { request, _ in try EncodedMessage(respond(request)) })
        for payload in [[], Array("工匠 craftsman".utf8), (0..<1000).map { UInt8(truncatingIfNeeded: $0) }] {
            let request = try EchoRequest(payload: payload).serializedBytes()
            let bytes = try answer(encoded, request)
            #expect(bytes == (try answer(typed, request)))
            #expect(try EchoResponse(serializedBytes: bytes) == EchoResponse(payload: payload.reversed()))
        }
        // A request that does not decode is refused the same way by both.
        for router in [typed, encoded] {
            #expect(throws: RPCError.self) { try answer(router, [0xFF, 0xFF, 0xFF]) }
            do {
                _ = try answer(router, [0x0A, 0x05, 0x01])
                Issue.record("expected INVALID_ARGUMENT")
            } catch let error as RPCError {
                #expect(error.code == .invalidArgument)
            }
        }
    }
}
