import CraftsmanClient
import CraftsmanProto
import CraftsmanRPC
import Dispatch
import Foundation
import Synchronization
import Testing

/// Handlers registered with `completing:` answer through their `Responder`, from any thread,
/// without a task (the store's durable writes answer this way from the journal's thread).
@Suite struct CompletingHandlerTests {
    /// The school id says how to answer: "later-N" after N ms on another thread, "now" from inside
    /// the handler, "fail" through the responder, "throw" by throwing, "never" not at all.
    static func register(_ router: inout Router) {
        router.register(
            RegistryService.GetSchool.self,
            completing: { request, _, responder in
                let id = request.schoolID
                let answer = GetSchoolResponse(school: School(id: id, name: "答复 \(id)"))
                if id == "now" {
                    responder.succeed(answer)
                } else if id == "fail" {
                    responder.fail(RPCError(.failedPrecondition, "school_id: fail: refused as asked"))
                } else if id == "throw" {
                    throw RPCError(.invalidArgument, "school_id: throw: refused before any work")
                } else if id.hasPrefix("later-"), let delay = Int(id.dropFirst("later-".count)) {
                    DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(delay)) { responder.succeed(answer) }
                } else if id.hasPrefix("never") {
                    // Answered only after the call's deadline passed: the late answer is dropped.
                    DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(400)) { responder.succeed(answer) }
                }
            })
    }

    /// Adds an inline handler (GetTeacher) that takes as many seconds as its teacher id says, to
    /// keep the connection's queue busy.
    static func registerSlowInline(_ router: inout Router) {
        register(&router)
        router.register(
            RegistryService.GetTeacher.self,
            inline: { request, _ in
                Thread.sleep(forTimeInterval: Double(request.teacherID) ?? 0)
                return GetTeacherResponse(teacher: Teacher(id: request.teacherID))
            })
    }

    static func call(_ client: RPCClient, _ id: String, timeout: Duration = .seconds(10)) async throws -> String {
        let response = try await client.unary(
            RegistryService.GetSchool.self, GetSchoolRequest(schoolID: id), options: CallOptions(timeout: timeout))
        return response.school?.name ?? ""
    }

    /// The error a call ends with; nil when it succeeds.
    static func status(_ client: RPCClient, _ id: String, timeout: Duration = .seconds(10)) async -> RPCError? {
        do {
            _ = try await call(client, id, timeout: timeout)
            return nil
        } catch {
            return error as? RPCError
        }
    }

    @Test("answers from another thread, out of order, and from inside the handler")
    func answersFromAnyThread() async throws {
        try await withTestServer(register: Self.register) { server in
            let client = server.client()
            let order = OrderRecorder()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { order.record(try await Self.call(client, "later-300")) }
                group.addTask { order.record(try await Self.call(client, "later-10")) }
                group.addTask { order.record(try await Self.call(client, "now")) }
                try await group.waitForAll()
            }
            #expect(Set(order.names) == ["答复 later-300", "答复 later-10", "答复 now"])
            #expect(order.names.last == "答复 later-300")
            #expect(await eventually { server.stats.callsInFlight == 0 })
        }
    }

    @Test("a failure given to the responder or thrown by the handler is the call's status")
    func failures() async throws {
        try await withTestServer(register: Self.register) { server in
            let client = server.client()
            #expect(await Self.status(client, "fail")?.code == .failedPrecondition)
            #expect(await Self.status(client, "fail")?.message == "school_id: fail: refused as asked")
            #expect(await Self.status(client, "throw")?.code == .invalidArgument)
            let answered = try await Self.call(client, "now")
            #expect(answered == "答复 now")
        }
    }

    @Test("a call not answered by its deadline gets DEADLINE_EXCEEDED; the late answer is dropped")
    func deadline() async throws {
        try await withTestServer(register: Self.register) { server in
            let client = server.client()
            #expect(await Self.status(client, "never", timeout: .milliseconds(100))?.code == .deadlineExceeded)
            try await Task.sleep(for: .milliseconds(500))  // the late answer arrives and is dropped
            #expect(try await Self.call(client, "later-1") == "答复 later-1")
            #expect(await eventually { server.stats.callsInFlight == 0 })
        }
    }
}

extension CompletingHandlerTests {
    /// One read carries a call answered from another thread at once, then calls that each keep
    /// the connection's queue busy for 60 ms. The first call's answer must leave between two of
    /// them, not after all: a reply waiting for every request read with it holds back the
    /// client's next requests too (under a write load this cost a third of the throughput).
    @Test("an answer from another thread is sent while the connection is still busy with the same read")
    func answersBetweenFramesOfOneRead() async throws {
        try await withTestServer(register: Self.registerSlowInline) { server in
            let raw = try server.rawConnection()
            raw.handshake()
            var batch: [UInt8] = []
            batch += try requestFrame(RegistryService.GetSchool.self, GetSchoolRequest(schoolID: "later-0"), callID: 1).encoded
            for callID in UInt32(3)...9 where callID % 2 == 1 {
                batch += try requestFrame(
                    RegistryService.GetTeacher.self, GetTeacherRequest(teacherID: "0.06"), callID: callID
                ).encoded
            }
            raw.send(batch)
            var answered: [UInt32] = []
            while answered.count < 5, let frame = await raw.nextFrame() {
                if frame.type == .response { answered.append(frame.callID) }
            }
            #expect(Set(answered) == [1, 3, 5, 7, 9])
            let position = answered.firstIndex(of: 1) ?? answered.count
            #expect(position < 4, "call 1 was answered in position \(position) of \(answered)")
        }
    }
}

/// Names in the order their calls returned.
private final class OrderRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [String] = []

    func record(_ name: String) { lock.withLock { recorded.append(name) } }
    var names: [String] { lock.withLock { recorded } }
}

extension CompletingHandlerTests {
    /// The journal's thread finishes every write of one flush inside one round. Waking the
    /// connection at the first of them sent each reply on its own, with a wake-up of the client
    /// each; the round holds the connection back until all are finished.
    @Test("calls finished in one answeringTogether round are answered with one write")
    func answersOfOneRoundLeaveTogether() async throws {
        let held = Mutex<[Responder<GetSchoolResponse>]>([])
        var router = Router()
        router.register(
            RegistryService.GetSchool.self,
            completing: { _, _, responder in held.withLock { $0.append(responder) } })
        let (connection, transport, queue) = WriteRecordingTransport.connection(router, label: "test.answer-round")
        var bytes = ProtocolConstants.preface + Frame(callID: 0, type: .settings).encoded
        let callIDs: [UInt32] = [1, 3, 5, 7, 9]
        for callID in callIDs {
            bytes += try requestFrame(RegistryService.GetSchool.self, GetSchoolRequest(schoolID: "S\(callID)"), callID: callID)
                .encoded
        }
        bytes.withUnsafeBytes { raw in queue.sync { connection.receive(raw) } }
        #expect(held.withLock { $0.count } == callIDs.count)
        let writesBefore = transport.writes.count

        // Finished slowly, as the journal's thread may be while other threads take the processor:
        // without the round, the connection would answer the first before the second is finished.
        ServerConnection.answeringTogether {
            for responder in held.withLock({ $0 }) {
                responder.succeed(GetSchoolResponse(school: School(id: "S", name: "一轮")))
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
        #expect(await eventually { transport.responses(after: writesBefore).count == callIDs.count })
        let responses = transport.responses(after: writesBefore)
        #expect(Set(responses.map(\.callID)) == Set(callIDs))
        #expect(transport.writes.count - writesBefore == 1, "answered in \(transport.writes.count - writesBefore) writes")
        connection.transportClosed()
        queue.sync {}
    }
}
