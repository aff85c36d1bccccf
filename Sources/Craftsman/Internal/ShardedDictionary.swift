/// A dictionary split into a fixed number of independent shards, for the registry's indexes that
/// grow with the number of teachers.
///
/// A plain `Dictionary` is one copy-on-write buffer: the first insertion after the store copies
/// its state for a snapshot copies all of it, and an insertion that outgrows the capacity rehashes
/// all of it — both under the store's lock, so every call waits (20–75 ms at 100,000–200,000
/// teachers). Here a change copies or rehashes one shard (about 1/1024 of the entries) and the
/// array of shard references, so no single change costs more than a small fraction of the index.
struct ShardedDictionary<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// A power of two, so that a shard is picked by the hash's top bits. 1,024 shards keep a
    /// shard under a thousand entries up to a million keys.
    private static var shardBits: Int { 10 }

    private var shards: [[Key: Value]]
    /// How many entries there are.
    private(set) var count = 0

    /// An empty dictionary; the shards are empty dictionaries, which allocate nothing.
    init() {
        shards = Array(repeating: [:], count: 1 << Self.shardBits)
    }

    /// The shard `key` belongs to: the top bits of its hash (the shards' own buckets use the
    /// hash with seeds of their own, so keys still spread over each shard's buckets).
    private static func shard(of key: Key) -> Int {
        Int(truncatingIfNeeded: UInt(bitPattern: key.hashValue) >> (UInt.bitWidth - shardBits))
    }

    subscript(key: Key) -> Value? {
        get { shards[Self.shard(of: key)][key] }
        set {
            let shard = Self.shard(of: key)
            if let newValue {
                if shards[shard].updateValue(newValue, forKey: key) == nil { count += 1 }
            } else if shards[shard].removeValue(forKey: key) != nil {
                count -= 1
            }
        }
    }

    /// Changes the value of `key` in place (nil when absent; setting nil removes it), without
    /// copying the value out and back, so a set or array value is not copied on write.
    @discardableResult
    mutating func modify<Result>(_ key: Key, _ body: (inout Value?) throws -> Result) rethrows -> Result {
        let shard = Self.shard(of: key)
        let had = shards[shard][key] != nil
        let result = try body(&shards[shard][key])
        let has = shards[shard][key] != nil
        count += (has ? 1 : 0) - (had ? 1 : 0)
        return result
    }
}
