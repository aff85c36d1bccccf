/// A national ID as a key of the registry's index: a valid number packed into 64 bits, anything
/// else (which validation never lets in, but a stored record is read as it is) as its text.
///
/// A valid number's 17 digits and check character fit in a `UInt64`, which hashes and compares
/// without reading a string's heap storage: the `String` keys (18 bytes, too long to be stored in
/// the string itself) cost a cache miss for every comparison, and the uniqueness check and the
/// index insertion were ~9% of an I/O thread's time under a load of new teachers.
enum NationalIDKey: Hashable, Sendable {
    case packed(UInt64)
    case text(String)

    init(_ id: String) {
        var id = id
        self = id.withUTF8 { bytes in Self.pack(bytes).map(NationalIDKey.packed) } ?? .text(id)
    }

    /// 17 digits then a digit or `X`: the digits as a number, times 11, plus the check
    /// character's value (10 for `X`). At most about 1.1e18, under 2^63.
    private static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard bytes.count == 18 else { return nil }
        var value: UInt64 = 0
        for index in 0..<17 {
            let digit = bytes[index] &- 48
            guard digit <= 9 else { return nil }
            value = value * 10 + UInt64(digit)
        }
        let last = bytes[17]
        let check: UInt64
        if last >= 48 && last <= 57 {
            check = UInt64(last - 48)
        } else if last == UInt8(ascii: "X") {
            check = 10
        } else {
            return nil
        }
        return value * 11 + check
    }
}
