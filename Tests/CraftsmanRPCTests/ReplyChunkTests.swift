import CraftsmanProto
import Dispatch
import Testing

@testable import CraftsmanRPC

/// Replies to one long read leave in parts of about ``ServerConnection/replyChunkBytes``, so a
/// pipelining client works on the first ones while the rest are handled; a short read is still
/// answered with one write.
@Suite struct ReplyChunkTests {
    /// Feeds `count` echo requests of `payloadBytes` each to a connection in one read; returns
    /// the writes it made for them, and their RESPONSE frames.
    func answer(_ count: Int, payloadBytes: Int) throws -> (writes: [[UInt8]], responses: [Frame]) {
        var router = Router()
        router.register(EchoService.Echo.self, inline: { request, _ in EchoResponse(payload: request.payload) })
        let (connection, transport, queue) = WriteRecordingTransport.connection(router, label: "test.reply-chunks")
        let settings = ProtocolConstants.preface + Frame(callID: 0, type: .settings).encoded
        settings.withUnsafeBytes { raw in queue.sync { connection.receive(raw) } }
        let writesBefore = transport.writes.count
        var bytes: [UInt8] = []
        for index in 0..<count {
            let payload = [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: payloadBytes)
            bytes += try requestFrame(EchoService.Echo.self, EchoRequest(payload: payload), callID: UInt32(2 * index + 1)).encoded
        }
        bytes.withUnsafeBytes { raw in queue.sync { connection.receive(raw) } }
        let writes = Array(transport.writes.dropFirst(writesBefore))
        let responses = transport.responses(after: writesBefore)
        connection.transportClosed()
        queue.sync {}
        return (writes, responses)
    }

    @Test("64 replies of 256 bytes leave in parts of about 4 KiB, in order")
    func longReadInParts() throws {
        let (writes, responses) = try answer(64, payloadBytes: 256)
        let callIDs: [UInt32] = (0..<64).map { UInt32(2 * $0 + 1) }
        #expect(responses.map(\.callID) == callIDs)
        let replyBytes = responses[0].encoded.count
        let total = writes.reduce(0) { $0 + $1.count }
        #expect(total == 64 * replyBytes)
        #expect(writes.count >= 4, "18 KiB of replies in \(writes.count) writes")
        let repliesPerPart = chunkReplies(replyBytes)
        #expect(writes.count == (64 + repliesPerPart - 1) / repliesPerPart)
        for write in writes.dropLast() {
            #expect(write.count >= ServerConnection.replyChunkBytes)
            #expect(write.count < ServerConnection.replyChunkBytes + replyBytes)
        }
    }

    /// How many replies of `replyBytes` make one part.
    func chunkReplies(_ replyBytes: Int) -> Int {
        (ServerConnection.replyChunkBytes + replyBytes - 1) / replyBytes
    }

    @Test("a read of a few requests is answered with one write")
    func shortReadInOneWrite() throws {
        let (writes, responses) = try answer(8, payloadBytes: 256)
        #expect(responses.count == 8)
        #expect(writes.count == 1)
    }

    @Test("a reply larger than a part is written on its own, as soon as it is ready")
    func largeReplies() throws {
        let (writes, responses) = try answer(3, payloadBytes: 10_000)
        #expect(responses.map(\.callID) == [1, 3, 5])
        #expect(writes.count == 3)
    }
}
