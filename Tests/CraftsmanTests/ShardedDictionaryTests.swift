import Testing

@testable import Craftsman

@Suite struct ShardedDictionaryTests {
    /// Random insertions, replacements and removals give the same contents and count as a
    /// plain `Dictionary`, and a copy taken midway keeps its own contents.
    @Test func behavesLikeADictionary() {
        var generator = SystemRandomNumberGenerator()
        var sharded = ShardedDictionary<String, Int>()
        var plain: [String: Int] = [:]
        var copy: ShardedDictionary<String, Int>?
        var plainCopy: [String: Int] = [:]
        for step in 0..<20_000 {
            let key = "11010119\(Int.random(in: 0..<5_000, using: &generator))"
            switch Int.random(in: 0..<3, using: &generator) {
            case 0, 1:
                sharded[key] = step
                plain[key] = step
            default:
                sharded[key] = nil
                plain[key] = nil
            }
            if step == 10_000 {
                copy = sharded
                plainCopy = plain
            }
            #expect(sharded.count == plain.count)
        }
        for key in Set(plain.keys).union(plainCopy.keys) {
            #expect(sharded[key] == plain[key], "key \(key)")
            #expect(copy?[key] == plainCopy[key], "key \(key) in the copy")
        }
        #expect(copy?.count == plainCopy.count)
    }

    @Test func modifyInsertsChangesAndRemoves() {
        var sharded = ShardedDictionary<String, Set<String>>()
        sharded.modify("T00000001") { teams in
            if teams == nil { teams = [] }
            teams?.insert("TM00000001")
        }
        sharded.modify("T00000001") { teams in teams?.insert("TM00000002") }
        #expect(sharded["T00000001"] == ["TM00000001", "TM00000002"])
        #expect(sharded.count == 1)
        sharded.modify("T00000001") { teams in teams = nil }
        #expect(sharded["T00000001"] == nil)
        #expect(sharded.count == 0)
        sharded.modify("T00000002") { teams in #expect(teams == nil) }
        #expect(sharded.count == 0)
    }
}
