import Testing

@testable import Craftsman

/// National IDs as index keys: valid numbers packed, distinct numbers distinct keys, anything
/// else kept as text, and the registry's uniqueness check the same either way.
@Suite struct NationalIDKeyTests {
    @Test func validNumbersArePackedAndDistinct() {
        let ids = ["11010519491231002X", "110105194912310020", "110105194912310021", "440524188001010014", "999999999999999999"]
        var keys = Set<NationalIDKey>()
        for id in ids {
            guard case .packed = NationalIDKey(id) else {
                Issue.record("\(id) was not packed")
                continue
            }
            keys.insert(NationalIDKey(id))
        }
        #expect(keys.count == ids.count)
        #expect(NationalIDKey("11010519491231002X") == .packed(11_010_519_491_231_002 * 11 + 10))
        #expect(NationalIDKey("000000000000000000") == .packed(0))
        #expect(NationalIDKey("999999999999999999") == .packed(99_999_999_999_999_999 * 11 + 9))
    }

    @Test func anythingElseIsText() {
        for id in [
            "", "11010519491231002x", "1101051949123100", "11010519491231002XX", "１１０１０５１９４９１２３１００２Ｘ", "A1010519491231002X",
        ] {
            #expect(NationalIDKey(id) == .text(id), "\(id)")
        }
        #expect(NationalIDKey("11010519491231002x") != NationalIDKey("11010519491231002X"))
    }

    /// Every number of a demo-sized sample packs to its own key (the packing is one to one).
    @Test func packingIsOneToOne() {
        var generator = SystemRandomNumberGenerator()
        var seen: [NationalIDKey: String] = [:]
        for _ in 0..<20_000 {
            let digits = (0..<17).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) }
            let id = String(digits) + (Bool.random(using: &generator) ? "X" : String(Int.random(in: 0...9, using: &generator)))
            let key = NationalIDKey(id)
            if let other = seen[key] { #expect(other == id, "\(id) and \(other) share a key") }
            seen[key] = id
        }
    }
}
