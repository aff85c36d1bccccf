import CraftsmanStore
import Testing

@Suite struct CRC32CTests {
    /// The reference: one bit at a time, straight from the polynomial.
    static func bitwise(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        return ~crc
    }

    @Test func knownVectors() {
        // The check value of CRC-32C, and RFC 3720's (iSCSI) vectors.
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum(Array(0..<32)) == 0x46DD_794E)
        #expect(CRC32C.checksum([]) == 0)
    }

    @Test func slicingMatchesTheBitwiseReferenceAtEveryLengthAndAlignment() {
        var generator = SystemRandomNumberGenerator()
        let data = (0..<300).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for start in 0..<9 {
            for end in stride(from: start, through: data.count, by: 7) {
                let slice = Array(data[start..<end])
                #expect(CRC32C.checksum(data[start..<end]) == Self.bitwise(slice), "bytes \(start)..<\(end)")
                let table = slice.withUnsafeBytes { CRC32C.tableChecksum($0) }
                #expect(table == Self.bitwise(slice), "tables, bytes \(start)..<\(end)")
            }
        }
    }

    /// Every x86-64 processor this runs on has SSE 4.2 (x86-64-v2, 2008 on); the tables remain
    /// for others, and are checked above.
    @Test func theInstructionIsUsedOnX86() {
        #if arch(x86_64)
            #expect(CRC32C.usesInstruction)
        #else
            #expect(!CRC32C.usesInstruction)
        #endif
    }

    @Test func continuingEqualsOneShot() {
        let data = Array("the journal record and its sequence number".utf8)
        for split in 0...data.count {
            let first = CRC32C.checksum(data[..<split])
            #expect(CRC32C.checksum(data[split...], continuing: first) == CRC32C.checksum(data))
        }
    }
}
