/// Rows with ids `prefix` + eight digits, numbered 1, 2, 3, … in creation order; a removed row
/// leaves a hole, so numbers are never reused. For the selection records, which number in the
/// thousands: a plain array is enough (teachers use ``ChunkedTable``).
struct SequentialTable<Row: Sendable>: Sendable {
    /// The most ids one kind of record may hand out. A program of four rounds makes thousands;
    /// the limit keeps a damaged or crafted file from making the server reserve room for a
    /// hundred million (ids have eight digits), which would exhaust memory before any check.
    static var maxNumber: Int { 1_000_000 }

    let prefix: String
    private var rows: [Row?] = []

    init(prefix: String) { self.prefix = prefix }

    /// How many ids were handed out (removed rows included).
    var lastNumber: Int { rows.count }
    /// The id the next row gets.
    var nextID: String { Registry.id(prefix: prefix, number: UInt64(rows.count) + 1) }

    subscript(id: String) -> Row? {
        guard let number = Registry.number(of: id, prefix: prefix), number >= 1, number <= UInt64(rows.count) else { return nil }
        return rows[Int(number - 1)]
    }

    /// Stores `row` under `id`: the next id appends, an existing one replaces. With
    /// `fillingHoles`, a later id appends after holes (removed rows, as a snapshot lists them).
    mutating func put(_ row: Row, id: String, fillingHoles: Bool = false) throws(DomainError) {
        guard let number = Registry.number(of: id, prefix: prefix), number >= 1,
            fillingHoles || number <= UInt64(rows.count) + 1
        else {
            throw DomainError(.failedPrecondition, "stored \(id) where \(nextID) was next")
        }
        try reserve(upTo: Int(number) - 1)
        if number == UInt64(rows.count) + 1 { rows.append(row) } else { rows[Int(number - 1)] = row }
    }

    /// Makes sure ids up to `number` count as handed out (holes for rows that are gone).
    ///
    /// - Throws: `failedPrecondition` beyond ``maxNumber``.
    mutating func reserve(upTo number: Int) throws(DomainError) {
        guard number < Self.maxNumber else {
            throw DomainError(
                .failedPrecondition, "\(prefix) ids up to \(number) are beyond the \(Self.maxNumber) one kind of record may have")
        }
        while rows.count < number { rows.append(nil) }
    }

    /// Removes the row with `id`; its number is not reused.
    mutating func remove(id: String) throws(DomainError) {
        guard let number = Registry.number(of: id, prefix: prefix), number >= 1, number <= UInt64(rows.count),
            rows[Int(number - 1)] != nil
        else { throw DomainError(.notFound, "no \(id) to remove") }
        rows[Int(number - 1)] = nil
    }

    /// Every row, in id order.
    var all: some Sequence<Row> { rows.lazy.compactMap { $0 } }

    /// Up to `limit` rows numbered above `cursor` that match, and the cursor of the next page.
    func page(after cursor: UInt64, limit: Int, where matches: (Row) -> Bool) -> (rows: [Row], next: UInt64?) {
        var result: [Row] = []
        var number = Int(min(cursor, UInt64(rows.count)))
        while number < rows.count {
            let row = rows[number]
            number += 1
            guard let row, matches(row) else { continue }
            result.append(row)
            if result.count == limit { return (result, number < rows.count ? UInt64(number) : nil) }
        }
        return (result, nil)
    }
}
