/// Schools and their teachers: the registry's state, its queries, and the commands that plan
/// changes to it. A value: the store keeps one and applies the changes the commands return.
///
/// Commands (`plan…`) check their input against the state and return the change, or throw a
/// ``DomainError`` and change nothing; ``apply(_:)`` performs a change, live or on replay.
public struct Registry: Sendable {
    private var schools = ChunkedTable<School>()
    private var teachers = ChunkedTable<Teacher>()
    private var schoolIDByName: [String: String] = [:]
    private var schoolIDByCode: [String: String] = [:]
    private var teacherIDByNationalID: [String: String] = [:]

    /// An empty registry.
    public init() {}

    /// How many schools and teachers there are.
    public var schoolCount: Int { schools.count }
    public var teacherCount: Int { teachers.count }

    /// The school with `id`, if any.
    public func school(id: String) -> School? {
        Self.number(of: id, prefix: "S").flatMap { schools[number: $0] }
    }

    /// The teacher with `id`, if any.
    public func teacher(id: String) -> Teacher? {
        Self.number(of: id, prefix: "T").flatMap { teachers[number: $0] }
    }

    /// The teacher whose national ID is `nationalID`, if any.
    public func teacher(nationalID: String) -> Teacher? {
        teacherIDByNationalID[nationalID].flatMap { teacher(id: $0) }
    }

    /// Up to `limit` schools after the one with number `cursor` that match, in id order, and the
    /// cursor of the next page (nil at the end).
    public func schools(after cursor: UInt64, limit: Int, where matches: (School) -> Bool) -> (rows: [School], next: UInt64?) {
        Self.page(schools, after: cursor, limit: limit, prefix: "S", where: matches)
    }

    /// Up to `limit` teachers after the one with number `cursor` that match, in id order, and the
    /// cursor of the next page (nil at the end).
    public func teachers(after cursor: UInt64, limit: Int, where matches: (Teacher) -> Bool) -> (rows: [Teacher], next: UInt64?) {
        Self.page(teachers, after: cursor, limit: limit, prefix: "T", where: matches)
    }

    /// Every teacher, in id order.
    public var allTeachers: some Sequence<Teacher> { teachers.rows(after: 0) }

    /// The teachers whose numbers (counted from 0) are in `range`, in id order: for splitting
    /// work over all teachers into parts.
    public func teachers(numbered range: Range<UInt64>) -> some Sequence<Teacher> {
        teachers.rows(after: range.lowerBound).prefix(Int(range.count))
    }
    /// Every school, in id order.
    public var allSchools: some Sequence<School> { schools.rows(after: 0) }

    /// Applies a change planned against this state or read from the journal.
    ///
    /// - Throws: ``DomainError`` when the change does not fit this state (a journal that does not
    ///   belong to the snapshot before it); never for a change a command planned.
    public mutating func apply(_ change: RegistryChange) throws(DomainError) {
        switch change {
        case .schoolCreated(let school):
            try expectNext(school.id, prefix: "S", count: schools.count)
            schools.append(school)
            index(school, replacing: nil)
        case .schoolUpdated(let school):
            guard let number = Self.number(of: school.id, prefix: "S"), let old = schools[number: number] else {
                throw DomainError(.notFound, "no school \(school.id) to update")
            }
            schools.replace(number: number, with: school)
            index(school, replacing: old)
        case .teacherCreated(let teacher):
            try expectNext(teacher.id, prefix: "T", count: teachers.count)
            teachers.append(teacher)
            if !teacher.nationalID.isEmpty { teacherIDByNationalID[teacher.nationalID] = teacher.id }
        case .teacherUpdated(let teacher):
            guard let number = Self.number(of: teacher.id, prefix: "T"), let old = teachers[number: number] else {
                throw DomainError(.notFound, "no teacher \(teacher.id) to update")
            }
            teachers.replace(number: number, with: teacher)
            if old.nationalID != teacher.nationalID {
                if !old.nationalID.isEmpty { teacherIDByNationalID[old.nationalID] = nil }
                if !teacher.nationalID.isEmpty { teacherIDByNationalID[teacher.nationalID] = teacher.id }
            }
        }
    }

    // MARK: - Ids

    /// The id with `prefix` and number `number`: `T00000042`.
    static func id(prefix: String, number: UInt64) -> String {
        let digits = String(number)
        return prefix + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// The number in an id of the form `prefix` + digits, or nil.
    static func number(of id: String, prefix: String) -> UInt64? {
        guard id.hasPrefix(prefix), id.utf8.count == prefix.utf8.count + 8 else { return nil }
        let digits = id.utf8.dropFirst(prefix.utf8.count)
        guard digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return UInt64(Substring(digits))
    }

    /// The id the next created school or teacher gets.
    var nextSchoolID: String { Self.id(prefix: "S", number: UInt64(schools.count) + 1) }
    var nextTeacherID: String { Self.id(prefix: "T", number: UInt64(teachers.count) + 1) }

    func schoolID(named name: String) -> String? { schoolIDByName[name] }
    func schoolID(coded code: String) -> String? { schoolIDByCode[code] }

    private func expectNext(_ id: String, prefix: String, count: Int) throws(DomainError) {
        guard Self.number(of: id, prefix: prefix) != UInt64(count) + 1 else { return }
        throw DomainError(
            .failedPrecondition, "created \(id) where \(Self.id(prefix: prefix, number: UInt64(count) + 1)) was next")
    }

    private mutating func index(_ school: School, replacing old: School?) {
        if let old {
            schoolIDByName[old.name] = nil
            if !old.code.isEmpty { schoolIDByCode[old.code] = nil }
        }
        schoolIDByName[school.name] = school.id
        if !school.code.isEmpty { schoolIDByCode[school.code] = school.id }
    }

    private static func page<Row>(
        _ table: ChunkedTable<Row>, after cursor: UInt64, limit: Int, prefix: String, where matches: (Row) -> Bool
    ) -> (rows: [Row], next: UInt64?) {
        var rows: [Row] = []
        var number = cursor
        for row in table.rows(after: cursor) {
            number += 1
            guard matches(row) else { continue }
            rows.append(row)
            if rows.count == limit { return (rows, number < UInt64(table.count) ? number : nil) }
        }
        return (rows, nil)
    }
}
