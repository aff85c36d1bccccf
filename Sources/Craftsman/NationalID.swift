/// Rules for mainland China's resident identity number (公民身份号码, GB 11643-1999): 17 digits
/// (6 of region, 8 of birth date, 3 of sequence) and a check character.
public enum NationalID {
    /// Why `id` is not a valid number, or nil when it is.
    public static func problem(with id: String) -> String? {
        // On the string's own UTF-8 (no copy): checked for every teacher written.
        var id = id
        return id.withUTF8 { bytes -> String? in
            guard bytes.count == 18 else {
                let characters = String(decoding: bytes, as: UTF8.self).count
                return characters == 18
                    ? "must be written with the ASCII digits 0-9 and X (not full-width or other characters)"
                    : "must be 18 characters long, not \(characters)"
            }
            guard bytes[0..<17].allSatisfy(isDigit) else { return "must begin with 17 digits" }
            let last = bytes[17]
            guard isDigit(last) || last == UInt8(ascii: "X") else { return "must end with a digit or X" }
            guard birthDate(bytes) != nil else { return "does not carry a calendar date in characters 7 to 14" }
            var sum = 0
            for index in 0..<17 { sum += Int(bytes[index] - 48) * weights[index] }
            let expected = checkCharacters[sum % 11]
            guard last == expected else { return "fails its check character (expected \(Character(UnicodeScalar(expected))))" }
            return nil
        }
    }

    /// The weights of the first 17 digits in the check sum (GB 11643-1999).
    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    /// The check character for each remainder of the sum modulo 11.
    private static let checkCharacters = Array("10X98765432".utf8)

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// The birth date characters 7 to 14 carry, if they are a date.
    public static func birthDate(in id: String) -> CivilDate? {
        var id = id
        return id.withUTF8 { birthDate($0) }
    }

    private static func birthDate(_ bytes: UnsafeBufferPointer<UInt8>) -> CivilDate? {
        guard bytes.count == 18, bytes[6..<14].allSatisfy(isDigit) else { return nil }
        func number(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 * 10 + Int($1 - 48) } }
        return CivilDate(year: number(6..<10), month: number(10..<12), day: number(12..<14))
    }

    /// The number for display: the first 3 and last 4 characters kept, the rest `*`.
    public static func masked(_ id: String) -> String {
        let utf8 = id.utf8
        if utf8.count == 18 && utf8.allSatisfy({ $0 < 0x80 }) {
            // The usual case, ASCII: no Character breaking.
            var bytes = Array(utf8)
            for index in 3..<14 { bytes[index] = UInt8(ascii: "*") }
            return String(decoding: bytes, as: UTF8.self)
        }
        let characters = Array(id)
        guard characters.count > 7 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(3)) + String(repeating: "*", count: characters.count - 7) + String(characters.suffix(4))
    }
}
