/// Rows numbered 1, 2, 3, … stored in fixed-size chunks.
///
/// Why chunks: the store copies the whole state (copy-on-write) to write a snapshot while calls
/// go on. With one array, the first write after the copy would copy every row — a pause of
/// milliseconds at 100,000 teachers. With chunks, it copies one chunk of `chunkSize` rows.
struct ChunkedTable<Row: Sendable>: Sendable {
    static var chunkSize: Int { 256 }
    private var chunks: [[Row]] = []
    private(set) var count = 0

    /// The row numbered `number`, if it exists.
    subscript(number number: UInt64) -> Row? {
        guard number >= 1, number <= UInt64(count) else { return nil }
        let index = Int(number - 1)
        return chunks[index / Self.chunkSize][index % Self.chunkSize]
    }

    /// `body` applied to the row numbered `number` in place, if it exists: for reading a field
    /// or two without copying the whole row (and touching every object it refers to).
    func withRow<Result>(number: UInt64, _ body: (borrowing Row) -> Result) -> Result? {
        guard number >= 1, number <= UInt64(count) else { return nil }
        let index = Int(number - 1)
        return chunks[index / Self.chunkSize].withUnsafeBufferPointer { body($0[index % Self.chunkSize]) }
    }

    /// Appends the row numbered `count + 1`.
    mutating func append(_ row: Row) {
        if count % Self.chunkSize == 0 {
            var chunk: [Row] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(row)
        count += 1
    }

    /// Replaces the row numbered `number`, which exists.
    mutating func replace(number: UInt64, with row: Row) {
        let index = Int(number - 1)
        chunks[index / Self.chunkSize][index % Self.chunkSize] = row
    }

    /// Rows numbered above `number`, in order.
    func rows(after number: UInt64) -> some Sequence<Row> {
        let start = Int(min(number, UInt64(count)))
        return (start..<count).lazy.map { chunks[$0 / Self.chunkSize][$0 % Self.chunkSize] }
    }
}
