import Testing

@testable import CraftsmanProto

/// The string check every decoded string goes through refuses exactly what a byte-by-byte
/// check refuses, at the same offset.
@Suite("Wire validator")
struct WireValidatorTests {
    /// The first NUL or invalid sequence, found by the plain checks one after the other.
    private func reference(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { raw in
            let nul = raw.firstIndex(of: 0)
            let bad = WireValidator.firstInvalidUTF8(raw)
            switch (nul, bad) {
            case (let nul?, let bad?): return min(nul, bad)
            case (let nul?, nil): return nul
            case (nil, let bad): return bad
            }
        }
    }

    @Test("the word-at-a-time string check agrees with the byte-by-byte one")
    func stringCheck() {
        // Pieces that land on every position of an 8-byte word: ASCII, NUL, valid multi-byte
        // sequences, and broken ones (lone continuation, truncated, overlong, surrogate, too high).
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("abcdefgh".utf8), [0], Array("é".utf8), Array("工".utf8), Array("😀".utf8),
            [0x80], [0xC3], [0xE5, 0xB7], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x7F], [0x01],
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                // Mostly ASCII, so that runs of eight or more occur.
                let ascii = Int.random(in: 0..<10, using: &generator) < 7
                bytes += pieces[Int.random(in: 0..<(ascii ? 2 : pieces.count), using: &generator)]
            }
            let found = bytes.withUnsafeBytes { WireValidator.firstNULOrInvalidUTF8($0) }
            #expect(found == reference(bytes), "\(bytes)")
            let invalid = bytes.withUnsafeBytes { WireValidator.firstInvalidUTF8($0) }
            #expect((invalid == nil) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
    }

    @Test("a string with a NUL after an invalid sequence is refused for the NUL, as before")
    func nulFirst() throws {
        // CivilDate has no strings; Metadata entries do: key is field 1 of MetadataEntry.
        let bytes: [UInt8] = [0x0A, 0x04, 0xFF, 0x61, 0x00, 0x62]
        #expect(throws: ProtoDecodingError.self) { try MetadataEntry(serializedBytes: bytes) }
        do {
            _ = try MetadataEntry(serializedBytes: bytes)
        } catch {
            #expect(error.code == .embeddedNUL)
            #expect(error.offset == 4)
        }
    }
}
