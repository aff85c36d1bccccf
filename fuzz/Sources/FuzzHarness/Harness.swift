import CraftsmanRPC
import CraftsmanServer
import CraftsmanStore
import Dispatch
import Synchronization

// Internal for the generic decoding path alone (ProtoCodec.decodeGenerically), which the
// hand-written decoders are checked against; scripts/fuzz builds with -enable-testing for it.
@testable import CraftsmanProto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs one libFuzzer input through `target` and traps on the first broken invariant, so that
/// libFuzzer saves the input; returns 0 otherwise. A broken invariant whose sentence contains one
/// of the `|`-separated strings in the environment variable `FUZZ_IGNORE` is only counted, so
/// that fuzzing can go on past a known bug that is not fixed yet.
public func fuzzOneInput(_ target: String, _ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: count == 0 ? nil : start, count: count)
    FuzzHarness.run(target, input) { failure in
        guard !ignoredFailures.contains(where: { failure.contains($0) }) else { return }
        fatalError("\(target): \(failure)")
    }
    return 0
}

private let ignoredFailures: [String] = {
    guard let value = getenv("FUZZ_IGNORE") else { return [] }
    return String(cString: value).split(separator: "|").map(String.init)
}()

// BEGIN FUZZ HARNESS
// Everything from the BEGIN line to the END line is copied, with every `public ` removed, into
// Tests/CraftsmanRPCTests/FuzzRegressionTests.swift, so that the normal test suite replays saved
// inputs through exactly these checks. Edit it here, then run `scripts/fuzz --sync`;
// `scripts/fuzz --check` fails when the copy differs.

/// What the fuzz targets do with one input. Every broken invariant goes to `report` with a
/// sentence naming it: the fuzz targets trap there (so libFuzzer saves the input), the regression
/// tests record an issue.
public enum FuzzHarness {
    /// Receives a sentence describing a broken invariant.
    public typealias Report = (String) -> Void

    /// The fuzz targets, as named by `scripts/fuzz` and the folders under `fuzz/corpus` and
    /// `fuzz/regressions`.
    public static let targets = ["frame-decoder", "envelope-decoder", "server-connection", "store-files"]

    /// Runs the target named `target` on `input`.
    public static func run(_ target: String, _ input: UnsafeRawBufferPointer, report: Report) {
        switch target {
        case "frame-decoder": frameDecoder(input, report: report)
        case "envelope-decoder": envelopeDecoder(input, report: report)
        case "server-connection": serverConnection(input, server: makeServer(), report: report)
        case "store-files": storeFiles(input, report: report)
        default: report("no fuzz target is named \(target)")
        }
    }

    /// At most `limit` bytes as hex, for reports.
    public static func hex<Bytes: Collection<UInt8>>(_ bytes: Bytes, limit: Int = 64) -> String {
        let shown = bytes.prefix(limit).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        return bytes.count > limit ? shown + "… (\(bytes.count) bytes)" : shown
    }

    // MARK: - frame-decoder

    /// The `maxFrameSize` values tried, chosen by the low two bits of byte 0.
    public static let frameSizeLimits = [4096, 64, 0, 1 << 20]

    /// Input: byte 0 picks `maxFrameSize` from ``frameSizeLimits``; bytes 1–4 are the sizes of the
    /// chunks the stream is appended in, used in turn (0: everything left); the rest is the stream.
    /// The stream is decoded both with and without a preface.
    public static func frameDecoder(_ input: UnsafeRawBufferPointer, report: Report) {
        let maxFrameSize = frameSizeLimits[Int(input.first ?? 0) & 3]
        let chunkSizes = input.dropFirst().prefix(4).map(Int.init)
        let stream = UnsafeRawBufferPointer(rebasing: input[min(5, input.count)...])
        for expectsPreface in [true, false] {
            checkFrameDecoder(
                stream, chunkSizes: chunkSizes, maxFrameSize: maxFrameSize, expectsPreface: expectsPreface, report: report)
        }
    }

    static func checkFrameDecoder(
        _ stream: UnsafeRawBufferPointer,
        chunkSizes: [Int],
        maxFrameSize: Int,
        expectsPreface: Bool,
        report: Report
    ) {
        let setup = "maxFrameSize \(maxFrameSize), expectsPreface \(expectsPreface)"
        var decoder = FrameDecoder(maxFrameSize: maxFrameSize, expectsPreface: expectsPreface)
        var events: [FrameDecoder.Event] = []
        var appended = 0
        var failed = false
        var runaway = false

        func drain() {
            while !runaway {
                let event = decoder.next()
                if decoder.bufferedByteCount < 0 || decoder.bufferedByteCount > appended {
                    report("\(setup): bufferedByteCount \(decoder.bufferedByteCount) after \(appended) bytes appended")
                }
                if event == .needMoreData { return }
                if failed {
                    report("\(setup): after badPreface, next() returned \(event) instead of needMoreData")
                    return
                }
                switch event {
                case .frame(let frame) where frame.payload.count > maxFrameSize:
                    report("\(setup): a frame with a \(frame.payload.count)-byte payload was decoded")
                case .oversizedFrame(_, _, _, let length) where length <= maxFrameSize:
                    report("\(setup): a frame of \(length) payload bytes was reported as oversized")
                case .badPreface:
                    failed = true
                default:
                    break
                }
                events.append(event)
                // Every event but the preface consumes at least a 10-byte header.
                if events.count > appended / ProtocolConstants.frameHeaderLength + 2 {
                    report("\(setup): \(events.count) events from \(appended) bytes: next() does not advance")
                    runaway = true
                }
            }
        }

        drain()
        var offset = 0
        var chunk = 0
        while offset < stream.count && !runaway {
            let size = chunkSizes.isEmpty ? 0 : chunkSizes[chunk % chunkSizes.count]
            let end = size == 0 ? stream.count : min(stream.count, offset + size)
            let bytes = UnsafeRawBufferPointer(rebasing: stream[offset..<end])
            // Both append overloads, in turn.
            if chunk % 2 == 0 { decoder.append(bytes) } else { decoder.append(Array(bytes)) }
            appended += end - offset
            offset = end
            chunk += 1
            drain()
        }
        if runaway { return }

        // The events must not depend on the chunking: compare with a one-shot reading of the stream.
        let expected = referenceFrameEvents(stream, maxFrameSize: maxFrameSize, expectsPreface: expectsPreface, report: report)
        if events.count != expected.events.count {
            report("\(setup): \(events.count) events, expected \(expected.events.count): \(events) vs \(expected.events)")
            return
        }
        for (index, (got, want)) in zip(events, expected.events).enumerated() {
            if case .badPreface(let bytes) = got, case .badPreface = want {
                // What arrived so far: a prefix of the stream, at most the preface, through the first wrong byte.
                let magic = ProtocolConstants.magic
                let wrong = (0..<min(stream.count, magic.count)).first { stream[$0] != magic[$0] } ?? magic.count
                if bytes.count <= wrong || bytes.count > ProtocolConstants.prefaceLength
                    || !bytes.elementsEqual(stream.prefix(bytes.count))
                {
                    report("\(setup): badPreface(\(hex(bytes))) for a stream starting \(hex(stream.prefix(16)))")
                }
            } else if got != want {
                report("\(setup): event \(index) is \(got), expected \(want)")
            }
        }
        if failed {
            // A failed decoder stays failed, whatever arrives.
            decoder.append(ProtocolConstants.preface + Frame(callID: 0, type: .ping, payload: [0, 0, 0, 0, 0, 0, 0, 0]).encoded)
            appended += ProtocolConstants.prefaceLength + ProtocolConstants.frameHeaderLength + 8
            drain()
            return
        }
        let expectedBuffered = max(0, stream.count - expected.position)
        if decoder.bufferedByteCount != expectedBuffered {
            report("\(setup): bufferedByteCount is \(decoder.bufferedByteCount), expected \(expectedBuffered)")
        }
        if decoder.isInsideFrame != (expected.position != stream.count) {
            report(
                "\(setup): isInsideFrame is \(decoder.isInsideFrame) with the stream read to \(expected.position) of \(stream.count)"
            )
        }
    }

    /// The events of `stream` read at once, written independently of `FrameDecoder`, and where
    /// reading stopped (beyond the end while an oversized payload is being skipped).
    static func referenceFrameEvents(
        _ stream: UnsafeRawBufferPointer,
        maxFrameSize: Int,
        expectsPreface: Bool,
        report: Report
    ) -> (events: [FrameDecoder.Event], position: Int) {
        var events: [FrameDecoder.Event] = []
        var position = 0
        if expectsPreface {
            let magic = ProtocolConstants.magic
            if !stream.prefix(magic.count).elementsEqual(magic.prefix(min(stream.count, magic.count))) {
                return ([.badPreface(Array(stream.prefix(ProtocolConstants.prefaceLength)))], 0)
            }
            guard stream.count >= ProtocolConstants.prefaceLength else { return ([], 0) }
            events.append(.preface(major: stream[8], minor: stream[9]))
            position = ProtocolConstants.prefaceLength
        }
        func bigEndian(_ at: Int) -> UInt32 {
            stream[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }
        while stream.count - position >= ProtocolConstants.frameHeaderLength {
            let length = Int(bigEndian(position))
            let callID = bigEndian(position + 4)
            let type = FrameType(rawValue: stream[position + 8])
            let flags = FrameFlags(rawValue: stream[position + 9])
            let end = position + ProtocolConstants.frameHeaderLength + length
            if length > maxFrameSize {
                events.append(.oversizedFrame(callID: callID, type: type, flags: flags, length: length))
                position = end
                continue
            }
            guard end <= stream.count else { break }
            let frame = Frame(
                callID: callID, type: type, flags: flags,
                payload: Array(stream[position + ProtocolConstants.frameHeaderLength..<end]))
            if !frame.encoded.elementsEqual(stream[position..<end]) {
                report("Frame.encoded of \(frame) is \(hex(frame.encoded)), read from \(hex(stream[position..<end]))")
            }
            events.append(.frame(frame))
            position = end
        }
        return (events, position)
    }

    // MARK: - envelope-decoder

    /// Tight limits, tried besides the defaults.
    public static let smallLimits = DecodingLimits(
        maxMessageBytes: 512, maxNestingDepth: 3, allocationBytesPerInputByte: 4, allocationSlackBytes: 512)

    /// The envelope messages, checked most thoroughly.
    public static let envelopeTypes: [any ProtoMessage.Type] = [
        RequestHeader.self, ResponseTrailer.self, ConnectionSettings.self, GoAway.self, CallStatus.self,
    ]

    /// Every other message of the schema.
    public static let otherMessageTypes: [any ProtoMessage.Type] = ProtoCatalog.messageTypes.filter { type in
        !envelopeTypes.contains { $0.protoMessageName == type.protoMessageName }
    }

    /// Input: one encoded message, decoded as every message type. Envelopes are decoded under both
    /// the default and ``smallLimits``; the other types under ``smallLimits`` only when the default
    /// limits accept the input (decoding as ~300 types dominates the time of each run).
    public static func envelopeDecoder(_ input: UnsafeRawBufferPointer, report: Report) {
        for type in envelopeTypes {
            checkMessage(type, input, alwaysTrySmallLimits: true, report: report)
        }
        for type in otherMessageTypes {
            checkMessage(type, input, alwaysTrySmallLimits: false, report: report)
        }
        for limits in [DecodingLimits.default, smallLimits] {
            checkDirectDecoder(Teacher.self, input, limits: limits, report: report)
            checkDirectDecoder(GetTeacherResponse.self, input, limits: limits, report: report)
            checkDirectDecoder(CreateTeacherResponse.self, input, limits: limits, report: report)
            checkDirectDecoder(TeacherInput.self, input, limits: limits, report: report)
            checkDirectDecoder(CreateTeacherRequest.self, input, limits: limits, report: report)
            checkDirectDecoder(StoredTeacher.self, input, limits: limits, report: report)
            checkDirectDecoder(GetTeacherRequest.self, input, limits: limits, report: report)
            checkEnvelopePath(input, limits: limits, report: report) { (bytes, limits) throws(ProtoDecodingError) in
                try RequestHeader(envelopeBytes: bytes, limits: limits)
            } encode: { (header) throws(ProtoEncodingError) in
                try header.envelopeBytes()
            }
            checkEnvelopePath(input, limits: limits, report: report) { (bytes, limits) throws(ProtoDecodingError) in
                try ResponseTrailer(envelopeBytes: bytes, limits: limits)
            } encode: { (trailer) throws(ProtoEncodingError) in
                try trailer.envelopeBytes()
            }
        }
    }

    /// The specialised envelope codec must decode to the generic path's value or error, and
    /// encode what it decoded to the generic path's bytes.
    static func checkEnvelopePath<M: ProtoMessage>(
        _ input: UnsafeRawBufferPointer,
        limits: DecodingLimits,
        report: Report,
        decode: (UnsafeRawBufferPointer, DecodingLimits) throws(ProtoDecodingError) -> M,
        encode: (M) throws(ProtoEncodingError) -> [UInt8]
    ) {
        let name = M.protoMessageName
        let generic = Result { () throws(ProtoDecodingError) in try M(serializedBytes: input, limits: limits) }
        let specialised = Result { () throws(ProtoDecodingError) in try decode(input, limits) }
        switch (generic, specialised) {
        case (.success(let a), .success(let b)):
            if !same(a, b) { report("\(name): the envelope path decodes \(describe(b)), the generic path \(describe(a))") }
            let genericBytes = Result { () throws(ProtoEncodingError) in try a.serializedBytes() }
            let specialisedBytes = Result { () throws(ProtoEncodingError) in try encode(a) }
            if genericBytes != specialisedBytes {
                report("\(name): \(describe(a)) encodes differently on the envelope path: \(specialisedBytes) vs \(genericBytes)")
            }
        case (.failure(let a), .failure(let b)):
            if a != b { report("\(name): the envelope path fails with \(b), the generic path with \(a)") }
        case (.success(let a), .failure(let b)):
            report("\(name): the envelope path fails with \(b); the generic path decodes \(describe(a))")
        case (.failure(let a), .success(let b)):
            report("\(name): the envelope path decodes \(describe(b)); the generic path fails with \(a)")
        }
    }

    /// What a type's hand-written decoder (`TeacherCodec`) accepts, the generic path must decode
    /// to the same value, encoding to the same bytes (`==` on strings ignores normalisation); and
    /// the type's hand-written encoder, when it answers, must write protobuf-c's bytes for it.
    static func checkDirectDecoder<M: CMessageBridged>(
        _: M.Type, _ input: UnsafeRawBufferPointer, limits: DecodingLimits, report: Report
    ) {
        guard let direct = M.directlyDecoded(input, limits: limits) else { return }
        let name = M.protoMessageName
        do {
            let generic = try ProtoCodec.decodeGenerically(M.self, from: input, limits: limits)
            let directBytes = Result { () throws(ProtoEncodingError) in try direct.serializedBytes() }
            let genericBytes = Result { () throws(ProtoEncodingError) in try generic.serializedBytes() }
            if direct != generic || directBytes != genericBytes {
                report("\(name): the hand-written decoder decodes \(describe(direct)), the generic path \(describe(generic))")
            }
            let packed = Result { () throws(ProtoEncodingError) in try ProtoCodec.encodeGenerically(generic) }
            if let written = M.directlyEncoded(generic), packed != .success(written) {
                report("\(name): the hand-written encoder writes \(hex(written)) for \(describe(generic)), protobuf-c \(packed)")
            }
        } catch {
            report("\(name): the hand-written decoder decodes \(describe(direct)); the generic path fails with \(error)")
        }
    }

    static func checkMessage<M: ProtoMessage>(
        _: M.Type,
        _ input: UnsafeRawBufferPointer,
        alwaysTrySmallLimits: Bool,
        report: Report
    ) {
        let name = M.protoMessageName
        var value: M?
        var failure: ProtoDecodingError?
        do {
            value = try M(serializedBytes: input, limits: .default)
        } catch {
            failure = error
        }
        if value != nil || alwaysTrySmallLimits || input.count > smallLimits.maxMessageBytes {
            do {
                let small = try M(serializedBytes: input, limits: smallLimits)
                if input.count > smallLimits.maxMessageBytes {
                    report("\(name): \(input.count) bytes, over maxMessageBytes, decoded under the small limits")
                }
                if let value, !same(small, value) {
                    report(
                        "\(name): the small and the default limits decode differently: \(describe(small)) vs \(describe(value))")
                }
                if let failure {
                    report("\(name): decodes under the small limits (\(describe(small))) but not the default ones: \(failure)")
                }
            } catch {
                if input.count > smallLimits.maxMessageBytes && error.code != .tooLarge {
                    report("\(name): \(input.count) bytes, over maxMessageBytes, failed with \(error) instead of tooLarge")
                }
            }
        }
        guard let value else { return }
        let encoded: [UInt8]
        do {
            encoded = try value.serializedBytes()
        } catch {
            report("\(name): decoded \(describe(value)) but re-encoding throws: \(error)")
            return
        }
        let again: M
        do {
            again = try M(serializedBytes: encoded)
        } catch {
            report("\(name): \(describe(value)) encodes as \(hex(encoded)), which does not decode: \(error)")
            return
        }
        if !same(again, value) {
            report("\(name): \(describe(value)) came back as \(describe(again)) after encoding as \(hex(encoded))")
        }
        // One round trip reaches a fixed point: the same value encodes to the same bytes.
        if let reencoded = try? again.serializedBytes(), reencoded != encoded {
            report("\(name): \(describe(value)) encodes as \(hex(encoded)), then as \(hex(reencoded))")
        }
    }

    /// Equal, or encoding the same (NaN is not equal to itself).
    static func same<M: ProtoMessage>(_ a: M, _ b: M) -> Bool {
        if a == b { return true }
        guard let aBytes = try? a.serializedBytes(), let bBytes = try? b.serializedBytes() else { return false }
        return aBytes == bBytes && String(describing: a) == String(describing: b)
    }

    static func describe(_ value: some ProtoMessage) -> String {
        let text = String(describing: value)
        return text.count > 600 ? String(text.prefix(600)) + "…" : text
    }

    // MARK: - server-connection

    /// Collects what a connection sends.
    public final class CollectingTransport: ConnectionTransport {
        public struct State: Sendable {
            public var sent: [UInt8] = []
            public var closed = false
            public var bytesSentAfterClose = 0
        }

        public let state = Mutex(State())

        public init() {}

        public var peerDescription: String { "fuzz" }

        public func send(_ bytes: [UInt8]) {
            state.withLock { state in
                if state.closed { state.bytesSentAfterClose += bytes.count } else { state.sent += bytes }
            }
        }

        public func close() {
            state.withLock { $0.closed = true }
        }
    }

    /// A server with the built-in services, small limits and a silent logger. Each input gets a new
    /// one, so that what an input does never depends on the inputs before it (the stats service
    /// would otherwise answer from every earlier call).
    public static func makeServer() -> RPCServer {
        let stats = ServerStats()
        var router = Router()
        BuiltinServices.register(
            in: &router, health: HealthStatus(services: ["craftsman.rpc.v1.EchoService"]), stats: stats)
        var configuration = ServerConfiguration()
        configuration.maxFrameSize = 4096
        configuration.maxConcurrentCalls = 8
        configuration.initialCallWindow = 4
        configuration.maxMetadataBytes = 256
        var logger = RPCServer(router: Router()).logger
        logger.logLevel = .critical
        return RPCServer(router: router, configuration: configuration, stats: stats, logger: logger)
    }

    /// A client's preface and SETTINGS (window of 2 messages, 1 KiB frames).
    public static let handshake: [UInt8] = {
        let settings = ConnectionSettings(maxFrameSize: 1024, initialCallWindow: 2, agent: "fuzz")
        let payload = (try? settings.serializedBytes()) ?? []
        return ProtocolConstants.preface + Frame(callID: 0, type: .settings, payload: payload).encoded
    }()

    /// Input: if bit 0 of byte 0 is set, the stream starts with ``handshake``; byte 1 is the size of
    /// the chunks the connection receives (0: all at once); the rest is what the client sends.
    /// Afterwards the transport closes, and the server's output must be a well-formed stream.
    public static func serverConnection(_ input: UnsafeRawBufferPointer, server: RPCServer, report: Report) {
        var stream = (input.first ?? 0) & 1 != 0 ? handshake : []
        let chunkSize = input.count > 1 ? Int(input[1]) : 0
        stream += input.dropFirst(2)

        let transport = CollectingTransport()
        let queue = DispatchQueue(label: "fuzz.server-connection")
        let connection = server.accept(transport, queue: queue)
        var offset = 0
        while offset < stream.count {
            let end = chunkSize == 0 ? stream.count : min(stream.count, offset + chunkSize)
            stream[offset..<end].withUnsafeBytes { bytes in
                queue.sync { connection.receive(bytes) }
            }
            offset = end
        }
        connection.transportClosed()
        queue.sync {}
        let state = transport.state.withLock { $0 }
        if !state.closed { report("the transport was not closed after transportClosed()") }
        if state.bytesSentAfterClose > 0 { report("\(state.bytesSentAfterClose) bytes were sent after close()") }
        checkServerOutput(state.sent, client: stream, maxFrameSize: server.configuration.maxFrameSize, report: report)
    }

    static func checkServerOutput(_ output: [UInt8], client: [UInt8], maxFrameSize: Int, report: Report) {
        // The calls the client opened, as the server's decoder sees its frames.
        var requested = Set<UInt32>()
        var clientDecoder = FrameDecoder(maxFrameSize: maxFrameSize, expectsPreface: true)
        clientDecoder.append(client)
        reading: while true {
            switch clientDecoder.next() {
            case .needMoreData, .badPreface: break reading
            case .frame(let frame) where frame.type == .request: requested.insert(frame.callID)
            case .oversizedFrame(let callID, .request, _, _): requested.insert(callID)
            default: continue
            }
        }

        var decoder = FrameDecoder(maxFrameSize: Int(UInt32.max), expectsPreface: true)
        decoder.append(output)
        var answered = Set<UInt32>()
        var goAway = false
        var frames = 0
        func decodes<M: ProtoMessage>(_: M.Type, _ frame: Frame) {
            do {
                _ = try M(serializedBytes: frame.payload)
            } catch {
                report("the server sent a \(frame.type) frame whose payload is not a \(M.protoMessageName): \(error)")
            }
        }
        while true {
            let event = decoder.next()
            switch event {
            case .needMoreData:
                if decoder.bufferedByteCount != 0 {
                    report("the server's output ends inside a frame: \(hex(output.suffix(decoder.bufferedByteCount)))")
                }
                return
            case .badPreface(let bytes):
                report("the server's output does not start with the preface: \(hex(bytes))")
                return
            case .preface(let major, let minor):
                if major != ProtocolConstants.majorVersion || minor > ProtocolConstants.minorVersion {
                    report("the server answered with version \(major).\(minor)")
                }
            case .oversizedFrame:
                report("unreachable: \(event)")
                return
            case .frame(let frame):
                frames += 1
                let id = frame.callID
                if goAway { report("the server sent \(frame.type) on call \(id) after GOAWAY") }
                switch frame.type {
                case .settings, .goAway, .ping:
                    if id != 0 { report("the server sent \(frame.type) on call \(id)") }
                    if frame.type == .settings { decodes(ConnectionSettings.self, frame) }
                    if frame.type == .settings && frames != 1 { report("the server's SETTINGS is frame \(frames)") }
                    if frame.type == .goAway {
                        decodes(GoAway.self, frame)
                        goAway = true
                    }
                case .response, .message, .window:
                    if !requested.contains(id) { report("the server sent \(frame.type) on call \(id), never opened") }
                    if answered.contains(id) { report("the server sent \(frame.type) on call \(id) after its RESPONSE") }
                    if frame.type == .response {
                        decodes(ResponseTrailer.self, frame)
                        answered.insert(id)
                    }
                    if frame.type == .window && frame.payload.count != ProtocolConstants.windowPayloadLength {
                        report("the server sent a WINDOW frame of \(frame.payload.count) bytes")
                    }
                default:
                    report("the server sent a frame of \(frame.type) on call \(id)")
                }
            }
        }
    }

    // MARK: - store-files

    /// Input: byte 0 picks what the rest is — 0: a journal segment (scanned as the newest and as
    /// an older one), 1: a snapshot file, 2: a journal record's payload, 3: a snapshot's payload.
    /// Nothing may crash; a scan's records lie inside the input, in sequence; what decodes
    /// re-encodes to something that decodes equal.
    public static func storeFiles(_ input: UnsafeRawBufferPointer, report: Report) {
        guard let mode = input.first else { return }
        let bytes = [UInt8](input.dropFirst())
        switch mode % 4 {
        case 0:
            for tailMayBeTorn in [true, false] {
                let name = JournalFormat.segmentName(firstSequence: 1)
                guard let scan = try? JournalSegmentScan.scan(bytes, name: name, tailMayBeTorn: tailMayBeTorn) else { continue }
                if scan.validLength > bytes.count { report("a scan's valid length \(scan.validLength) is beyond the input") }
                if !tailMayBeTorn && scan.tornTailOffset != nil { report("an older segment was given a torn tail") }
                var expected = scan.firstSequence
                for record in scan.records {
                    if record.sequence != expected { report("record \(record.sequence) where \(expected) was expected") }
                    if record.payload.endIndex > bytes.count { report("a record's payload ends beyond the input") }
                    expected += 1
                    checkJournalEntry(record.payload, report: report)
                }
            }
        case 1:
            if let (_, payload) = try? SnapshotFormat.open(bytes, name: "snapshot") {
                checkSnapshotPayload(payload, report: report)
            }
        case 2:
            checkJournalEntry(bytes[...], report: report)
        default:
            checkSnapshotPayload(bytes[...], report: report)
        }
    }

    static func checkJournalEntry(_ payload: ArraySlice<UInt8>, report: Report) {
        guard let change = try? CraftsmanState.decode(payload) else { return }
        guard let again = try? CraftsmanState.decode(try CraftsmanState.encode(change)[...]) else {
            return report("a decoded journal entry does not re-encode and decode: \(hex(payload))")
        }
        if again != change { report("a journal entry changed in a round trip: \(hex(payload))") }
    }

    static func checkSnapshotPayload(_ payload: ArraySlice<UInt8>, report: Report) {
        guard let state = try? CraftsmanState(snapshotPayload: payload) else { return }
        guard let encoded = try? state.snapshotPayload().flatMap({ $0 }),
            let again = try? CraftsmanState(snapshotPayload: encoded[...])
        else { return report("a decoded snapshot does not re-encode and decode: \(hex(payload))") }
        if (try? again.digest()) != (try? state.digest()) { report("a snapshot changed in a round trip: \(hex(payload))") }
    }
}
// END FUZZ HARNESS
