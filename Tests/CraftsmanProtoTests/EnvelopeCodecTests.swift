import CraftsmanProtoTesting
import Testing

@testable import CraftsmanProto

/// The specialised envelope codec gives exactly what the generic protobuf-c path gives: the same
/// bytes when encoding, the same values or the same errors when decoding.
@Suite("Envelope codec")
struct EnvelopeCodecTests {
    /// Request headers of every shape the fast path handles, and some it hands over.
    static func requestHeaders() -> [RequestHeader] {
        var headers: [RequestHeader] = [
            RequestHeader(),
            RequestHeader(service: "craftsman.rpc.v1.EchoService", method: "Echo", payload: []),
            RequestHeader(service: "craftsman.rpc.v1.EchoService", method: "Echo", payload: [UInt8](repeating: 7, count: 300)),
            RequestHeader(service: "s", method: "m", timeoutMicros: UInt64.max, payload: nil),
            RequestHeader(
                service: "s", method: "m",
                metadata: [
                    MetadataEntry(), MetadataEntry(key: "k"), MetadataEntry(key: "", value: .text("")),
                    MetadataEntry(key: "request-id", value: .text("r-1 ✓")), MetadataEntry(key: "bin", value: .binary([])),
                    MetadataEntry(key: "bin", value: .binary([0, 1, 0, 255])),
                ]),
            RequestHeader(metadata: [MetadataEntry](repeating: MetadataEntry(), count: 10_000)),
            RequestHeader(service: String(repeating: "é", count: 200), method: "数据", payload: [0]),
        ]
        for seed in 0..<200 {
            var source = ExampleSource(seed: UInt64(seed))
            var header = RequestHeader.example(&source)
            if seed % 3 == 1 { header.payload = nil }
            if seed % 4 == 2 { header.metadata = [] }
            if seed % 5 == 3 { header.timeoutMicros = 0 }
            headers.append(header)
        }
        return headers
    }

    static func responseTrailers() -> [ResponseTrailer] {
        var trailers: [ResponseTrailer] = [
            ResponseTrailer(),
            ResponseTrailer(status: CallStatus(), payload: []),
            ResponseTrailer(status: CallStatus(), payload: [UInt8](repeating: 9, count: 256)),
            ResponseTrailer(status: CallStatus(code: 3, message: "bad ✗ 数据")),
            ResponseTrailer(status: CallStatus(code: UInt32.max)),
            ResponseTrailer(metadata: [MetadataEntry(key: "request-id", value: .text("abc"))], payload: [1]),
            ResponseTrailer(
                status: CallStatus(
                    code: 8, message: "slow down",
                    details: [StatusDetail(kind: .retryInfo(RetryInfo(retryAfterMs: 10)))])),
        ]
        for seed in 0..<200 {
            var source = ExampleSource(seed: UInt64(seed))
            var trailer = ResponseTrailer.example(&source)
            if seed % 2 == 0 { trailer.status?.details = [] }
            if seed % 3 == 1 { trailer.payload = nil }
            if seed % 7 == 3 { trailer.status = nil }
            trailers.append(trailer)
        }
        return trailers
    }

    /// Decodes with both paths and expects the same value or the same error.
    static func expectSameDecoding<M: ProtoMessage & Equatable>(
        _ bytes: [UInt8],
        limits: DecodingLimits = .default,
        fast: ([UInt8], DecodingLimits) throws(ProtoDecodingError) -> M,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let generic = Result { () throws(ProtoDecodingError) in try M(serializedBytes: bytes, limits: limits) }
        let specialised = Result { () throws(ProtoDecodingError) in try fast(bytes, limits) }
        #expect(generic == specialised, "input \(bytes.prefix(64))", sourceLocation: sourceLocation)
    }

    /// Decodes a header with its payload lent, then puts the payload back from where it was
    /// found: the header the other paths give.
    static func decodeLendingPayload(_ bytes: [UInt8], limits: DecodingLimits, names: inout RequestNames)
        throws(ProtoDecodingError) -> RequestHeader
    {
        var header = RequestHeader()
        var failure: ProtoDecodingError?
        bytes.withUnsafeBytes { raw in
            do throws(ProtoDecodingError) {
                let (decoded, payload) = try RequestHeader.decodeEnvelope(lendingPayloadOf: raw, limits: limits, names: &names)
                header = decoded
                if let payload {
                    #expect(decoded.payload == nil, "a lent payload is not copied too")
                    header.payload = [UInt8](raw[payload])
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return header
    }

    /// Decodes with every path of `RequestHeader` and expects what the generic path gives.
    static func expectSameHeaderDecoding(
        _ bytes: [UInt8], limits: DecodingLimits = .default, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        expectSameDecoding(
            bytes, limits: limits,
            fast: { (bytes, limits) throws(ProtoDecodingError) in try RequestHeader(envelopeBytes: bytes, limits: limits) },
            sourceLocation: sourceLocation)
        var names = RequestNames()
        expectSameDecoding(
            bytes, limits: limits,
            fast: { (bytes, limits) throws(ProtoDecodingError) in try decodeLendingPayload(bytes, limits: limits, names: &names)
            },
            sourceLocation: sourceLocation)
    }

    @Test("request headers encode to protobuf-c's bytes and decode to the same values")
    func requestHeadersRoundTrip() throws {
        var fastDecodes = 0
        for header in Self.requestHeaders() {
            let generic = try header.serializedBytes()
            #expect(try header.envelopeBytes() == generic, "\(header)")
            #expect(EnvelopeCodec.encode(header) != nil)
            #expect(try RequestHeader(envelopeBytes: generic) == header)
            if generic.withUnsafeBytes({ EnvelopeCodec.requestHeader($0, limits: .default) }) != nil { fastDecodes += 1 }
        }
        #expect(fastDecodes == Self.requestHeaders().count, "every valid header takes the fast path")
    }

    @Test("response trailers encode to protobuf-c's bytes and decode to the same values")
    func responseTrailersRoundTrip() throws {
        for trailer in Self.responseTrailers() {
            let generic = try trailer.serializedBytes()
            #expect(try trailer.envelopeBytes() == generic, "\(trailer)")
            #expect(try ResponseTrailer(envelopeBytes: generic) == trailer)
            let hasDetails = !(trailer.status?.details.isEmpty ?? true)
            let fast = generic.withUnsafeBytes { EnvelopeCodec.responseTrailer($0, limits: .default) }
            #expect((fast == nil) == hasDetails, "only trailers with status details take the generic path")
        }
    }

    @Test("request headers written field by field match protobuf-c's bytes")
    func requestHeadersAppended() throws {
        for header in Self.requestHeaders() {
            let method = MethodDescriptor(
                service: header.service, name: header.method, inputType: "", outputType: "", clientStreaming: false,
                serverStreaming: false)
            let count = try #require(
                RequestHeader.envelopeCount(
                    method: method, timeoutMicros: header.timeoutMicros, metadata: header.metadata,
                    payloadCount: header.payload?.count))
            var buffer: [UInt8] = [1, 2, 3]
            RequestHeader.appendEnvelope(
                method: method, timeoutMicros: header.timeoutMicros, metadata: header.metadata, payload: header.payload,
                to: &buffer)
            let generic = try header.serializedBytes()
            #expect(buffer == [1, 2, 3] + generic, "\(header)")
            #expect(count == generic.count)
        }
        let nul = MethodDescriptor(
            service: "s\0", name: "m", inputType: "", outputType: "", clientStreaming: false, serverStreaming: false)
        #expect(RequestHeader.envelopeCount(method: nul, timeoutMicros: 0, metadata: [], payloadCount: nil) == nil)
        let nulMetadata = [MetadataEntry(key: "k", value: .text("a\0b"))]
        let echo = MethodDescriptor(
            service: "s", name: "m", inputType: "", outputType: "", clientStreaming: false, serverStreaming: false)
        #expect(RequestHeader.envelopeCount(method: echo, timeoutMicros: 0, metadata: nulMetadata, payloadCount: 1) == nil)
    }

    @Test("OK trailers written straight into a buffer match protobuf-c's bytes")
    func okTrailersAppended() throws {
        for count in [0, 1, 127, 128, 256, 16_384, 70_000] {
            let payload = (0..<count).map { UInt8(truncatingIfNeeded: $0) }
            var buffer: [UInt8] = [9]
            ResponseTrailer.appendOKEnvelope(payload: payload, to: &buffer)
            let generic = try ResponseTrailer(status: CallStatus(), payload: payload).serializedBytes()
            #expect(buffer == [9] + generic)
            #expect(ResponseTrailer.okEnvelopeCount(payloadCount: count) == generic.count)
        }
    }

    @Test("headers decoded with the previous names reused equal those decoded afresh")
    func requestNamesReused() throws {
        var names = RequestNames()
        let headers = Self.requestHeaders()
        // Each header twice in a row (names reused), then the next (names replaced).
        for header in headers + headers.reversed() {
            let bytes = try header.serializedBytes()
            for _ in 0..<2 {
                #expect(try RequestHeader(envelopeBytes: bytes, names: &names) == header)
                #expect(try Self.decodeLendingPayload(bytes, limits: .default, names: &names) == header)
            }
        }
        let invalid: [UInt8] = [0x0A, 2, 0xC3, 0x28]  // a service name that is not UTF-8
        Self.expectSameDecoding(invalid) { (bytes, limits) throws(ProtoDecodingError) in
            try RequestHeader(envelopeBytes: bytes, limits: limits, names: &names)
        }
    }

    @Test("method descriptors compare and hash by their fields")
    func methodDescriptorIdentity() {
        func make(_ name: String) -> MethodDescriptor {
            MethodDescriptor(
                service: "s", name: name, inputType: "i", outputType: "o", clientStreaming: false, serverStreaming: true)
        }
        #expect(make("a") == make("a"))
        #expect(make("a") != make("b"))
        #expect(Set([make("a"), make("a"), make("b")]).count == 2)
        #expect(make("a").fullName == "s/a")
    }

    @Test("a string holding NUL fails to encode with the generic path's error")
    func nulOnEncode() {
        let header = RequestHeader(service: "a\u{0}b", method: "m")
        #expect(EnvelopeCodec.encode(header) == nil)
        let generic = Result { () throws(ProtoEncodingError) in try header.serializedBytes() }
        let specialised = Result { () throws(ProtoEncodingError) in try header.envelopeBytes() }
        #expect(generic == specialised)
        #expect(throws: ProtoEncodingError.self) { try header.envelopeBytes() }

        let trailer = ResponseTrailer(metadata: [MetadataEntry(key: "k", value: .text("x\u{0}"))])
        let genericTrailer = Result { () throws(ProtoEncodingError) in try trailer.serializedBytes() }
        let specialisedTrailer = Result { () throws(ProtoEncodingError) in try trailer.envelopeBytes() }
        #expect(genericTrailer == specialisedTrailer)
    }

    /// Inputs the fast path must refuse to decide: each is a plain header with one oddity.
    static let oddRequestHeaders: [[UInt8]] = [
        [0x0A, 1, 0x61, 0x0A, 1, 0x62],  // service twice: the last wins
        [0x2A, 1, 1, 0x2A, 1, 2],  // payload twice
        [0x18, 1, 0x18, 2],  // timeout twice
        [0x0A, 1, 0x00],  // NUL in a string
        [0x0A, 2, 0xC0, 0x80],  // overlong UTF-8
        [0x0A, 3, 0xED, 0xA0, 0x80],  // a surrogate
        [0x12, 1, 0xFF],  // invalid UTF-8
        [0x30, 1],  // unknown field 6
        [0x98, 0x01, 1],  // unknown field 19 (a two-byte tag)
        [0x8A, 0x00, 1, 0x61],  // field 1 with a padded two-byte tag
        [0x0B],  // group start
        [0x0D, 0, 0, 0, 0],  // field 1 with wire type 5
        [0x18, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],  // 10-byte varint
        [0x18, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02],  // overflows 64 bits
        [0x18, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00],  // 11 bytes
        [0x2A, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00],  // a length in 6 bytes
        [0x2A, 0x85, 0x80, 0x80, 0x80, 0x00, 1, 2, 3, 4, 5],  // a length padded to 5 bytes
        [0x2A, 5, 1, 2],  // a length past the end
        [0x22, 4, 0x12, 0, 0x1A, 0],  // text then binary in one entry: the last wins
        [0x22, 4, 0x0A, 0, 0x0A, 0],  // key twice
        [0x22, 2, 0x20, 1],  // unknown field inside an entry
        [0x22, 3, 0x0A, 1, 0xFF],  // invalid UTF-8 in a key
        [0x22, 3, 0x12, 1, 0x00],  // NUL in a text value
        [0x22, 3, 0x1A, 1, 0x00],  // NUL in a binary value is fine
        [0x18, 0x80, 0x00],  // a padded varint
        [0x18],  // a truncated varint
        [0x00],  // field 0
    ]

    static let oddResponseTrailers: [[UInt8]] = [
        [0x0A, 0, 0x0A, 2, 0x08, 1],  // status twice: protobuf-c merges them
        [0x0A, 6, 0x08, 0x80, 0x80, 0x80, 0x80, 0x10],  // code over 32 bits
        [0x0A, 6, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F],  // code = UInt32.max in 5 bytes
        [0x0A, 7, 0x08, 0x81, 0x80, 0x80, 0x80, 0x80, 0x00],  // code padded to 6 bytes
        [0x0A, 4, 0x08, 1, 0x08, 2],  // code twice
        [0x0A, 3, 0x12, 1, 0x00],  // NUL in the message
        [0x0A, 2, 0x1A, 0],  // a detail
        [0x0A, 2, 0x20, 0],  // unknown field in the status
        [0x1A, 0, 0x1A, 1, 5],  // payload twice
        [0x12, 2, 0x0A, 0],  // metadata
        [0x0A, 1],  // status cut short
        [0x28, 0],  // unknown field 5
    ]

    @Test("odd request headers decode exactly as the generic path decodes them")
    func oddRequestHeadersAgree() {
        for bytes in Self.oddRequestHeaders {
            Self.expectSameHeaderDecoding(bytes)
        }
    }

    @Test("odd response trailers decode exactly as the generic path decodes them")
    func oddResponseTrailersAgree() {
        for bytes in Self.oddResponseTrailers {
            Self.expectSameDecoding(bytes) { (bytes, limits) throws(ProtoDecodingError) in
                try ResponseTrailer(envelopeBytes: bytes, limits: limits)
            }
        }
    }

    @Test("tight limits are applied as the generic path applies them")
    func limits() throws {
        let tight = [
            DecodingLimits(maxMessageBytes: 10),
            DecodingLimits(maxNestingDepth: 1),
            DecodingLimits(allocationBytesPerInputByte: 1, allocationSlackBytes: 16),
        ]
        let header = try RequestHeader(
            service: "craftsman.rpc.v1.EchoService", method: "Echo",
            metadata: [MetadataEntry(key: "k", value: .text("v"))], payload: [1, 2, 3]
        ).serializedBytes()
        let trailer = try ResponseTrailer(status: CallStatus(), payload: [UInt8](repeating: 1, count: 40)).serializedBytes()
        for limits in tight {
            Self.expectSameHeaderDecoding(header, limits: limits)
            Self.expectSameDecoding(trailer, limits: limits) { (bytes, limits) throws(ProtoDecodingError) in
                try ResponseTrailer(envelopeBytes: bytes, limits: limits)
            }
        }
    }

    @Test("every prefix and single-byte change of valid envelopes decodes as the generic path decodes it")
    func mutationsAgree() throws {
        var source = ExampleSource(seed: 11)
        let headers = try Self.requestHeaders().prefix(40).map { try $0.serializedBytes() }.filter { $0.count < 400 }
        let trailers = try Self.responseTrailers().prefix(40).map { try $0.serializedBytes() }.filter { $0.count < 400 }
        func variants(of bytes: [UInt8]) -> [[UInt8]] {
            var result: [[UInt8]] = []
            for length in 0..<bytes.count { result.append(Array(bytes[..<length])) }
            for index in bytes.indices {
                for value: UInt8 in [0, 0x7F, 0x80, 0xFF, UInt8(truncatingIfNeeded: source.next())] {
                    var changed = bytes
                    changed[index] = value
                    result.append(changed)
                }
            }
            return result
        }
        for bytes in headers {
            for variant in variants(of: bytes) {
                Self.expectSameHeaderDecoding(variant)
            }
        }
        for bytes in trailers {
            for variant in variants(of: bytes) {
                Self.expectSameDecoding(variant) { (bytes, limits) throws(ProtoDecodingError) in
                    try ResponseTrailer(envelopeBytes: bytes, limits: limits)
                }
            }
        }
    }

    @Test("random inputs decode as the generic path decodes them")
    func randomInputsAgree() {
        var source = ExampleSource(seed: 5)
        for _ in 0..<20_000 {
            let count = Int(source.next() % 24)
            // Mostly small field numbers and wire types, so that many inputs get past the first tag.
            let bytes = (0..<count).map { _ in
                let random = source.next()
                return random % 3 == 0 ? UInt8(truncatingIfNeeded: random >> 8) : UInt8(truncatingIfNeeded: random >> 8) & 0x2F
            }
            Self.expectSameHeaderDecoding(bytes)
            Self.expectSameDecoding(bytes) { (bytes, limits) throws(ProtoDecodingError) in
                try ResponseTrailer(envelopeBytes: bytes, limits: limits)
            }
        }
    }
}
