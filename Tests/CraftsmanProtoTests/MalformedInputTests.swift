import CraftsmanProto
import CraftsmanProtoTesting
import Testing

/// Bad bytes throw a ``ProtoDecodingError`` that names the problem, and never crash.
@Suite("Malformed input")
struct MalformedInputTests {
    /// Decodes `bytes` as `M` and returns the error, failing the test if decoding succeeded.
    func decodingError<M: ProtoMessage>(
        _: M.Type,
        _ bytes: [UInt8],
        limits: DecodingLimits = .default,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> ProtoDecodingError? {
        do {
            let decoded = try M(serializedBytes: bytes, limits: limits)
            Issue.record("decoded \(bytes) as \(decoded), expected an error", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    // Tags of WireProbe fields, as on the wire.
    static let stringTag: UInt8 = 14 << 3 | 2
    static let itemTag: [UInt8] = [17 << 3 & 0x7F | 0x80 | 2, 1]  // field 17, wire type 2

    @Test("a string cut short by the end of the input")
    func truncatedString() {
        let error = decodingError(WireProbe.self, [Self.stringTag, 5, 0x61, 0x62])
        #expect(error?.code == .malformed)
        #expect(error?.message.contains("craftsman.v1.WireProbe.string_value") == true)
        #expect(error?.message.contains("declared length 5") == true)
    }

    @Test("every proper prefix of a message's encoding either decodes or throws, never crashes")
    func everyPrefix() throws {
        var source = ExampleSource(seed: 3)
        let bytes = try WireProbe.example(&source).serializedBytes()
        var failures = 0
        for length in 0..<bytes.count {
            do {
                _ = try WireProbe(serializedBytes: Array(bytes[..<length]))
            } catch {
                failures += 1
                #expect(error.code == .malformed || error.code == .invalidUTF8, "prefix \(length): \(error)")
            }
        }
        #expect(failures > bytes.count / 2, "most prefixes cut a field in two and must fail")
    }

    @Test("a huge declared length is refused before anything is allocated")
    func hugeDeclaredLength() {
        let error = decodingError(WireProbe.self, [Self.stringTag, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        #expect(error?.code == .malformed)
        #expect(error?.message.contains("declared length 4294967295") == true)
        #expect(error?.offset == 1)
    }

    @Test("an input over the size limit is refused")
    func inputOverTheLimit() {
        let bytes = [UInt8](repeating: 0, count: 101)
        let error = decodingError(WireProbe.self, bytes, limits: DecodingLimits(maxMessageBytes: 100))
        #expect(error?.code == .tooLarge)
        #expect(error?.message.contains("101 bytes exceed the limit of 100") == true)
    }

    @Test("a field sent with the wrong wire type")
    func wrongWireType() {
        // string_value (field 14) sent as a varint.
        let error = decodingError(WireProbe.self, [14 << 3 | 0, 1])
        #expect(error?.code == .malformed)
        #expect(error?.message.contains("craftsman.v1.WireProbe.string_value: wire type 0") == true)
        // int32_value (field 1) sent as a length-delimited value.
        #expect(decodingError(WireProbe.self, [1 << 3 | 2, 1, 0])?.code == .malformed)
    }

    @Test("groups, reserved wire types and field number 0 are refused")
    func unsupportedWireTypes() {
        #expect(decodingError(WireProbe.self, [99 << 3 & 0x7F | 0x80 | 3, 99 >> 4])?.code == .malformed)
        #expect(decodingError(WireProbe.self, [1 << 3 | 6, 0])?.code == .malformed)
        #expect(decodingError(WireProbe.self, [0 << 3 | 0, 0])?.message.contains("field number 0") == true)
    }

    @Test("a varint longer than ten bytes is refused")
    func overlongVarint() {
        let error = decodingError(WireProbe.self, [1 << 3] + [UInt8](repeating: 0xFF, count: 10) + [0x01])
        #expect(error?.code == .malformed)
        #expect(error?.message.contains("longer than 10 bytes") == true)
    }

    @Test(
        "invalid UTF-8 in a string names the field and the offset",
        arguments: [
            [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0xE6, 0x88], [0xFF],
        ] as [[UInt8]])
    func invalidUTF8(sequence: [UInt8]) {
        let bytes = [Self.stringTag, UInt8(sequence.count + 1), 0x61] + sequence
        let error = decodingError(WireProbe.self, bytes)
        #expect(error?.code == .invalidUTF8)
        #expect(error?.field == "craftsman.v1.WireProbe.string_value")
        #expect(error?.offset == 3)
    }

    @Test("a NUL inside a string is refused, not cut off")
    func embeddedNULOnDecode() {
        let error = decodingError(WireProbe.self, [Self.stringTag, 3, 0x61, 0x00, 0x62])
        #expect(error?.code == .embeddedNUL)
        #expect(error?.field == "craftsman.v1.WireProbe.string_value")
        #expect(error?.offset == 3)
    }

    @Test("a NUL inside a string of a nested message names the nested field")
    func embeddedNULNested() {
        let item: [UInt8] = [1 << 3 | 2, 2, 0x00, 0x62]  // WireProbeItem.name = "\0b"
        let error = decodingError(WireProbe.self, Self.itemTag + [UInt8(item.count)] + item)
        #expect(error?.code == .embeddedNUL)
        #expect(error?.field == "craftsman.v1.WireProbeItem.name")
    }

    @Test("bytes fields may hold NUL")
    func bytesMayHoldNUL() throws {
        let decoded = try WireProbe(serializedBytes: [15 << 3 | 2, 3, 0x00, 0x00, 0x01])
        #expect(decoded.bytesValue == [0, 0, 1])
    }

    @Test("encoding a string with NUL throws instead of sending a cut string")
    func embeddedNULOnEncode() {
        #expect(throws: ProtoEncodingError.self) { try WireProbe(stringValue: "a\u{0}b").serializedBytes() }
        do {
            _ = try WireProbe(items: [WireProbeItem(name: "ok"), WireProbeItem(name: "\u{0}")]).serializedBytes()
            Issue.record("expected an encoding error")
        } catch {
            #expect(error.code == .embeddedNUL)
            #expect(error.field == "craftsman.v1.WireProbeItem.name")
        }
    }

    @Test(
        "an enum number the schema does not define is refused",
        arguments: [
            [16 << 3 & 0x7F | 0x80, 1, 3],  // kind = 3
            [16 << 3 & 0x7F | 0x80, 1] + [UInt8](repeating: 0xFF, count: 9) + [0x01],  // kind = -1
            [23 << 3 & 0x7F | 0x80 | 2, 1, 2, 1, 9],  // kinds = [1, 9], packed
        ] as [[UInt8]])
    func unknownEnumValue(bytes: [UInt8]) {
        let error = decodingError(WireProbe.self, bytes)
        #expect(error?.code == .unknownEnumValue)
        #expect(error?.field?.hasPrefix("craftsman.v1.WireProbe.kind") == true)
        #expect(error?.message.contains("is not a value of craftsman.v1.WireProbeKind") == true)
    }

    @Test("an unknown enum value inside a oneof is refused too")
    func unknownEnumInOneof() {
        let error = decodingError(WireProbe.self, [29 << 3 & 0x7F | 0x80, 1, 7])
        #expect(error?.code == .unknownEnumValue)
        #expect(error?.field == "craftsman.v1.WireProbe.choice_kind")
    }

    @Test("unknown fields are skipped, so newer peers can add fields")
    func unknownFieldsAreSkipped() throws {
        let decoded = try WireProbe(serializedBytes: [
            1 << 3, 5, 100 << 3 & 0x7F | 0x80, 100 >> 4, 42, 101 << 3 & 0x7F | 0x80 | 2, 101 >> 4, 1, 0,
        ])
        #expect(decoded == WireProbe(int32Value: 5))
    }

    @Test("what protobuf-c would allocate is bounded by the input size")
    func allocationIsBounded() throws {
        // Each two-byte empty item makes protobuf-c allocate a whole WireProbeItem struct.
        let items = [UInt8]((0..<2000).flatMap { _ in [24 << 3 & 0x7F | 0x80 | 2, 1, 0] })
        let tight = DecodingLimits(allocationBytesPerInputByte: 4, allocationSlackBytes: 0)
        let error = decodingError(WireProbe.self, items, limits: tight)
        #expect(error?.code == .tooLarge)
        #expect(error?.message.contains("budget") == true)
        #expect(try WireProbe(serializedBytes: items).items.count == 2000, "the default budget allows it")
    }

    @Test("nesting deeper than the limit is refused")
    func nestingLimit() {
        let item: [UInt8] = [1 << 3 | 2, 1, 0x61]
        let bytes = Self.itemTag + [UInt8(item.count)] + item
        #expect(decodingError(WireProbe.self, bytes, limits: DecodingLimits(maxNestingDepth: 1))?.code == .tooDeep)
    }

    @Test("random and mutated inputs never crash any decoder")
    func randomInputs() async throws {
        var source = ExampleSource(seed: 99)
        let seeds = try (0..<UInt64(8)).map { seed in
            var example = ExampleSource(seed: seed)
            return try WireProbe.example(&example).serializedBytes()
        }
        for round in 0..<3000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int(source.next() % 64)).map { _ in UInt8(truncatingIfNeeded: source.next()) }
            } else {
                bytes = seeds[round % seeds.count]
                for _ in 0...Int(source.next() % 4) where !bytes.isEmpty {
                    let index = Int(source.next() % UInt64(bytes.count))
                    bytes[index] = UInt8(truncatingIfNeeded: source.next())
                }
            }
            for type in ProtoCatalog.messageTypes {
                Self.decodeIgnoringErrors(type, bytes)
            }
            // A long loop must not hold one of Swift concurrency's few threads: let others run.
            await Task.yield()
        }
    }

    static func decodeIgnoringErrors<M: ProtoMessage>(_: M.Type, _ bytes: [UInt8]) {
        if let decoded = try? M(serializedBytes: bytes) {
            // Whatever decodes must encode again.
            #expect(throws: Never.self) { try decoded.serializedBytes() }
        }
    }
}
