import CraftsmanProto
import CraftsmanRPC
import Foundation
import Testing

/// The hex examples in docs/PROTOCOL.md section 9 are what this implementation produces.
@Suite("Protocol document examples")
struct GoldenExampleTests {
    static let document: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/PROTOCOL.md"), encoding: .utf8)) ?? ""
    }()

    /// The hex bytes of the code block that follows the paragraph starting with `caption`.
    static func example(_ caption: String) throws -> [UInt8] {
        let start = try #require(document.range(of: caption), "docs/PROTOCOL.md has no example \"\(caption)\"")
        let rest = document[start.upperBound...]
        let open = try #require(rest.range(of: "```\n"))
        let close = try #require(rest[open.upperBound...].range(of: "```"))
        return rest[open.upperBound..<close.lowerBound].split(whereSeparator: { $0 == " " || $0 == "\n" }).map {
            UInt8($0, radix: 16)!
        }
    }

    @Test("preface and PING")
    func prefaceAndPing() throws {
        #expect(try Self.example("*Preface, version 1.0:*") == ProtocolConstants.preface)
        #expect(try Self.example("*PING (call 0)") == Frame(callID: 0, type: .ping, payload: [1, 2, 3, 4, 5, 6, 7, 8]).encoded)
    }

    @Test("an echo REQUEST")
    func request() throws {
        let header = RequestHeader(
            service: "craftsman.rpc.v1.EchoService",
            method: "Echo",
            payload: try EchoRequest(payload: Array("hi".utf8)).serializedBytes()
        )
        let frame = Frame(callID: 1, type: .request, flags: .endStream, payload: try header.serializedBytes())
        #expect(try Self.example("*REQUEST, call 1, END_STREAM") == frame.encoded)
    }

    @Test("RESPONSE frames, success and failure")
    func responses() throws {
        let ok = ResponseTrailer(status: CallStatus(), payload: [0x0A, 0x02, 0x68, 0x69])
        #expect(
            try Self.example("*RESPONSE, call 1:") == Frame(callID: 1, type: .response, payload: try ok.serializedBytes()).encoded
        )
        let failed = ResponseTrailer(status: RPCError(.unimplemented, "no method X").callStatus)
        #expect(
            try Self.example("*RESPONSE, call 2:")
                == Frame(callID: 2, type: .response, payload: try failed.serializedBytes()).encoded)
    }
}
