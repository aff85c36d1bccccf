import CraftsmanRPC
import Testing

@Suite("Frame decoder")
struct FrameDecoderTests {
    static let frames = [
        Frame(callID: 0, type: .settings, payload: []),
        Frame(callID: 1, type: .request, flags: .endStream, payload: Array(0..<200)),
        Frame(callID: 7, type: .ping, payload: [1, 2, 3, 4, 5, 6, 7, 8]),
        Frame(callID: 0x0102_0304, type: FrameType(rawValue: 0x7F), flags: FrameFlags(rawValue: 0xFF), payload: [9]),
    ]
    static let stream = ProtocolConstants.preface + frames.flatMap(\.encoded)

    static func drain(_ decoder: inout FrameDecoder) -> [FrameDecoder.Event] {
        var events: [FrameDecoder.Event] = []
        while true {
            let event = decoder.next()
            if event == .needMoreData { return events }
            events.append(event)
        }
    }

    static let expected: [FrameDecoder.Event] = [.preface(major: 1, minor: 0)] + frames.map { .frame($0) }

    @Test("the whole stream at once")
    func wholeStream() {
        var decoder = FrameDecoder(maxFrameSize: 1024, expectsPreface: true)
        decoder.append(Self.stream)
        #expect(Self.drain(&decoder) == Self.expected)
        #expect(!decoder.isInsideFrame)
    }

    @Test("frames with lent payloads are the frames next() returns, at every split of the stream")
    func lentPayloads() {
        for split in 0...Self.stream.count {
            var decoder = FrameDecoder(maxFrameSize: 1024, expectsPreface: true)
            var events: [FrameDecoder.Event] = []
            for part in [Self.stream[..<split], Self.stream[split...]] {
                decoder.append(Array(part))
                while true {
                    switch decoder.nextLendingPayload() {
                    case .frame(let lent):
                        let payload = decoder.withPayload(of: lent) { [UInt8]($0) }
                        #expect(payload.count == lent.payloadCount)
                        events.append(.frame(Frame(callID: lent.callID, type: lent.type, flags: lent.flags, payload: payload)))
                        continue
                    case .other(let event):
                        #expect(event.isWholeFrame == false)
                        if event == .needMoreData { break }
                        events.append(event)
                        continue
                    }
                    break
                }
            }
            #expect(events == Self.expected, "split at \(split)")
        }
    }

    @Test("one byte at a time")
    func byteByByte() {
        var decoder = FrameDecoder(maxFrameSize: 1024, expectsPreface: true)
        var events: [FrameDecoder.Event] = []
        for (index, byte) in Self.stream.enumerated() {
            decoder.append([byte])
            events += Self.drain(&decoder)
            if index < Self.stream.count - 1 { #expect(decoder.isInsideFrame || events.count > 0) }
        }
        #expect(events == Self.expected)
    }

    @Test("every split of the stream into two reads", arguments: [1, 9, 10, 11, 19, 20, 21, 100, 229, 230])
    func everySplit(at split: Int) {
        var decoder = FrameDecoder(maxFrameSize: 1024, expectsPreface: true)
        decoder.append(Array(Self.stream[..<split]))
        var events = Self.drain(&decoder)
        decoder.append(Array(Self.stream[split...]))
        events += Self.drain(&decoder)
        #expect(events == Self.expected)
    }

    @Test("many frames per read, many reads")
    func manyFrames() {
        var decoder = FrameDecoder(maxFrameSize: 1024, expectsPreface: false)
        let frame = Frame(callID: 3, type: .message, payload: [1, 2, 3]).encoded
        let chunk = [UInt8]((0..<1000).flatMap { _ in frame })
        var count = 0
        for _ in 0..<50 {
            decoder.append(chunk)
            count += Self.drain(&decoder).count
        }
        #expect(count == 50_000)
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test("a wrong first byte is a bad preface at once")
    func badPrefaceEarly() {
        var decoder = FrameDecoder(maxFrameSize: 1024, expectsPreface: true)
        decoder.append(Array("GET / HTTP/1.1\r\n".utf8.prefix(3)))
        #expect(decoder.next() == .badPreface(Array("GET".utf8)))
        #expect(decoder.next() == .needMoreData, "decoding stops after a bad preface")
    }

    @Test("a wrong version is reported with the magic intact")
    func otherVersion() {
        var decoder = FrameDecoder(maxFrameSize: 1024, expectsPreface: true)
        decoder.append(ProtocolConstants.magic + [2, 5])
        #expect(decoder.next() == .preface(major: 2, minor: 5))
    }

    @Test("an oversized frame is reported from its header and skipped without buffering")
    func oversized() {
        var decoder = FrameDecoder(maxFrameSize: 100, expectsPreface: false)
        var header: [UInt8] = []
        Frame.encodeHeader(into: &header, payloadLength: 1_000_000, callID: 5, type: .request, flags: .endStream)
        decoder.append(header + [UInt8](repeating: 0xAA, count: 10))
        #expect(decoder.next() == .oversizedFrame(callID: 5, type: .request, flags: .endStream, length: 1_000_000))
        #expect(decoder.next() == .needMoreData)
        for _ in 0..<99 {
            decoder.append([UInt8](repeating: 0xAA, count: 10_000))
            #expect(decoder.bufferedByteCount == 0, "skipped bytes are never stored")
        }
        let next = Frame(callID: 6, type: .ping, payload: [1, 2, 3, 4, 5, 6, 7, 8])
        decoder.append([UInt8](repeating: 0xAA, count: 9990) + next.encoded)
        #expect(decoder.next() == .frame(next), "the stream resumes after the skipped payload")
    }

    @Test("a huge declared length never allocates")
    func hugeLength() {
        var decoder = FrameDecoder(maxFrameSize: 4 << 20, expectsPreface: false)
        decoder.append([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 1, 2, 0])
        #expect(decoder.next() == .oversizedFrame(callID: 1, type: .request, flags: [], length: 0xFFFF_FFFF))
        #expect(decoder.isInsideFrame)
    }

    @Test("the golden frames of docs/PROTOCOL.md")
    func goldenFrames() throws {
        #expect(ProtocolConstants.preface == [0x89, 0x43, 0x52, 0x41, 0x46, 0x54, 0x0D, 0x0A, 0x01, 0x00])
        let ping = Frame(callID: 0, type: .ping, payload: [1, 2, 3, 4, 5, 6, 7, 8]).encoded
        #expect(ping == Self.hex("00 00 00 08 00 00 00 00 07 00 01 02 03 04 05 06 07 08"))
    }

    static func hex(_ text: String) -> [UInt8] {
        text.split(separator: " ").map { UInt8($0, radix: 16)! }
    }
}

extension FrameDecoder.Event {
    fileprivate var isWholeFrame: Bool {
        if case .frame = self { return true }
        return false
    }
}
