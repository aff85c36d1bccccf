/// Schools, their teachers and their teams: the registry's state, its queries, and the commands that plan
/// changes to it. A value: the store keeps one and applies the changes the commands return.
///
/// Commands (`plan…`) check their input against the state and return the change, or throw a
/// ``DomainError`` and change nothing; ``apply(_:)`` performs a change, live or on replay.
public struct Registry: Sendable {
    private var schools = ChunkedTable<School>()
    private var teachers = ChunkedTable<Teacher>()
    /// Each teacher's school and revision, by teacher number, beside the rows: what a read by id
    /// checks before it uses a reply kept encoded. Sixteen bytes each, so that such reads touch a
    /// small table the processor's caches hold rather than one large row each (a row read was a
    /// seventh of a GetTeacher call over 100,000 teachers).
    private var teacherHeads = ChunkedTable<TeacherHead>()
    private var schoolIDByName: [String: String] = [:]
    private var schoolIDByCode: [String: String] = [:]
    private var teacherIDByNationalID = ShardedDictionary<NationalIDKey, String>()
    private var teams = ChunkedTable<Team>()
    /// Team ids by school and name: names are unique within a school.
    private var teamIDByName: [TeamName: String] = [:]
    /// The ids of the teams each teacher leads or is a member of.
    private var teamIDsByTeacherID = ShardedDictionary<String, Set<String>>()

    private struct TeacherHead: Sendable {
        var schoolNumber: UInt64
        var revision: Int64

        init(_ teacher: Teacher) {
            // Never a school's number (at most eight digits): a malformed school id matches no scope.
            schoolNumber = Registry.schoolNumber(id: teacher.schoolID) ?? .max
            revision = teacher.revision
        }
    }

    private struct TeamName: Hashable, Sendable {
        var schoolID: String
        var name: String
    }

    /// An empty registry.
    public init() {}

    /// How many schools, teachers and teams there are.
    public var schoolCount: Int { schools.count }
    public var teacherCount: Int { teachers.count }
    public var teamCount: Int { teams.count }

    /// The school with `id`, if any.
    public func school(id: String) -> School? {
        Self.number(of: id, prefix: "S").flatMap { schools[number: $0] }
    }

    /// The teacher with `id`, if any.
    public func teacher(id: String) -> Teacher? {
        Self.number(of: id, prefix: "T").flatMap { teachers[number: $0] }
    }

    /// The school number (``schoolNumber(id:)``) and revision of the teacher numbered `number`
    /// (``teacherNumber(id:)``), if any: for a read that needs only these, without copying the
    /// whole teacher or even touching its row.
    public func schoolNumberAndRevision(ofTeacherNumber number: UInt64) -> (schoolNumber: UInt64, revision: Int64)? {
        teacherHeads.withRow(number: number) { (schoolNumber: $0.schoolNumber, revision: $0.revision) }
    }

    /// The number of the school with `id` (7 for `S00000007`) when `id` has the form of a school's id.
    public static func schoolNumber(id: String) -> UInt64? {
        number(of: id, prefix: "S")
    }

    /// The number of the teacher with `id` (42 for `T00000042`) when `id` has the form of a
    /// teacher's id, whether or not the teacher exists: for tables kept beside the teachers.
    public static func teacherNumber(id: String) -> UInt64? {
        number(of: id, prefix: "T")
    }

    /// The teacher whose national ID is `nationalID`, if any.
    public func teacher(nationalID: String) -> Teacher? {
        teacherIDByNationalID[NationalIDKey(nationalID)].flatMap { teacher(id: $0) }
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

    /// The team with `id`, if any.
    public func team(id: String) -> Team? {
        Self.number(of: id, prefix: "TM").flatMap { teams[number: $0] }
    }

    /// Up to `limit` teams after the one with number `cursor` that match, in id order, and the
    /// cursor of the next page (nil at the end).
    public func teams(after cursor: UInt64, limit: Int, where matches: (Team) -> Bool) -> (rows: [Team], next: UInt64?) {
        Self.page(teams, after: cursor, limit: limit, prefix: "TM", where: matches)
    }

    /// Like ``teams(after:limit:where:)``, among only the teams teacher `teacherID` leads or is a
    /// member of: reads those teams from the index, not every team.
    public func teams(
        containingTeacher teacherID: String, after cursor: UInt64, limit: Int, where matches: (Team) -> Bool
    ) -> (rows: [Team], next: UInt64?) {
        let numbers = teams(containingTeacher: teacherID).compactMap { Self.number(of: $0, prefix: "TM") }
        return Self.page(
            numbers.lazy.filter { $0 > cursor }.compactMap { number in teams[number: number].map { (number, $0) } },
            limit: limit, where: matches)
    }

    /// The ids of the teams teacher `teacherID` leads or is a member of, in id order.
    public func teams(containingTeacher teacherID: String) -> [String] {
        teamIDsByTeacherID[teacherID].map { $0.sorted() } ?? []
    }

    /// Every team, in id order.
    public var allTeams: some Sequence<Team> { teams.rows(after: 0) }

    /// Applies a change planned against this state or read from the journal.
    ///
    /// - Throws: ``DomainError`` when the change does not fit this state (a journal that does not
    ///   belong to the snapshot before it); never for a change a command planned.
    public mutating func apply(_ change: RegistryChange) throws(DomainError) {
        switch change {
        case .schoolCreated(let school):
            try Self.append(school, id: school.id, prefix: "S", to: &schools)
            index(school, replacing: nil)
        case .schoolUpdated(let school):
            let old = try Self.replace(school, id: school.id, prefix: "S", kind: "school", in: &schools)
            index(school, replacing: old)
        case .teacherCreated(let teacher):
            try Self.append(teacher, id: teacher.id, prefix: "T", to: &teachers)
            teacherHeads.append(TeacherHead(teacher))
            if !teacher.nationalID.isEmpty { teacherIDByNationalID[NationalIDKey(teacher.nationalID)] = teacher.id }
        case .teacherUpdated(let teacher):
            let old = try Self.replace(teacher, id: teacher.id, prefix: "T", kind: "teacher", in: &teachers)
            _ = try Self.replace(TeacherHead(teacher), id: teacher.id, prefix: "T", kind: "teacher", in: &teacherHeads)
            if old.nationalID != teacher.nationalID {
                if !old.nationalID.isEmpty { teacherIDByNationalID[NationalIDKey(old.nationalID)] = nil }
                if !teacher.nationalID.isEmpty { teacherIDByNationalID[NationalIDKey(teacher.nationalID)] = teacher.id }
            }
        case .teamCreated(let team):
            try Self.append(team, id: team.id, prefix: "TM", to: &teams)
            index(team, replacing: nil)
        case .teamUpdated(let team):
            let old = try Self.replace(team, id: team.id, prefix: "TM", kind: "team", in: &teams)
            index(team, replacing: old)
        }
    }

    // MARK: - Ids

    /// The id with `prefix` and number `number`: `T00000042`; numbers past eight digits keep all of them.
    static func id(prefix: String, number: UInt64) -> String {
        guard number < 100_000_000 else { return prefix + String(number) }
        let digits = String(unsafeUninitializedCapacity: 8) { buffer in
            var rest = number
            for index in (0..<8).reversed() {
                buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            return 8
        }
        return prefix + digits
    }

    /// The number in an id of the form `prefix` + eight ASCII digits, or nil.
    ///
    /// Byte by byte: every read of a row by id starts here, and the `String` way (`hasPrefix`,
    /// which compares characters, then slicing and parsing a `Substring`) was 7% of a GetTeacher
    /// call on the server. The prefixes are ASCII and the eight bytes after one must be ASCII
    /// digits, so bytes and characters agree: a combining mark after the prefix is not a digit.
    static func number(of id: String, prefix: String) -> UInt64? {
        var id = id
        var prefix = prefix
        return id.withUTF8 { id in
            prefix.withUTF8 { prefix -> UInt64? in
                guard id.count == prefix.count + 8 else { return nil }
                for index in 0..<prefix.count where id[index] != prefix[index] { return nil }
                var value: UInt64 = 0
                for index in prefix.count..<id.count {
                    let digit = id[index] &- UInt8(ascii: "0")
                    guard digit < 10 else { return nil }
                    value = value * 10 + UInt64(digit)
                }
                return value
            }
        }
    }

    /// The id the next created school, teacher or team gets.
    var nextSchoolID: String { Self.id(prefix: "S", number: UInt64(schools.count) + 1) }
    var nextTeacherID: String { Self.id(prefix: "T", number: UInt64(teachers.count) + 1) }
    var nextTeamID: String { Self.id(prefix: "TM", number: UInt64(teams.count) + 1) }

    func schoolID(named name: String) -> String? { schoolIDByName[name] }
    func schoolID(coded code: String) -> String? { schoolIDByCode[code] }
    func teamID(named name: String, inSchool schoolID: String) -> String? {
        teamIDByName[TeamName(schoolID: schoolID, name: name)]
    }

    /// Appends `row`, whose id must be the next one of `table`.
    private static func append<Row>(_ row: Row, id: String, prefix: String, to table: inout ChunkedTable<Row>) throws(DomainError)
    {
        let next = UInt64(table.count) + 1
        guard number(of: id, prefix: prefix) == next else {
            throw DomainError(.failedPrecondition, "created \(id) where \(Self.id(prefix: prefix, number: next)) was next")
        }
        table.append(row)
    }

    /// Replaces the row with `id`, which must exist, and returns the old one.
    private static func replace<Row>(
        _ row: Row, id: String, prefix: String, kind: String, in table: inout ChunkedTable<Row>
    ) throws(DomainError) -> Row {
        guard let number = number(of: id, prefix: prefix), let old = table[number: number] else {
            throw DomainError(.notFound, "no \(kind) \(id) to update")
        }
        table.replace(number: number, with: row)
        return old
    }

    private mutating func index(_ school: School, replacing old: School?) {
        if let old {
            schoolIDByName[old.name] = nil
            if !old.code.isEmpty { schoolIDByCode[old.code] = nil }
        }
        schoolIDByName[school.name] = school.id
        if !school.code.isEmpty { schoolIDByCode[school.code] = school.id }
    }

    private mutating func index(_ team: Team, replacing old: Team?) {
        if let old {
            teamIDByName[TeamName(schoolID: old.schoolID, name: old.name)] = nil
            for teacherID in old.teacherIDs {
                teamIDsByTeacherID.modify(teacherID) { teams in
                    teams?.remove(old.id)
                    if teams?.isEmpty == true { teams = nil }
                }
            }
        }
        teamIDByName[TeamName(schoolID: team.schoolID, name: team.name)] = team.id
        for teacherID in team.teacherIDs {
            teamIDsByTeacherID.modify(teacherID) { teams in
                if teams == nil { teams = [] }
                teams?.insert(team.id)
            }
        }
    }

    private static func page<Row>(
        _ table: ChunkedTable<Row>, after cursor: UInt64, limit: Int, prefix: String, where matches: (Row) -> Bool
    ) -> (rows: [Row], next: UInt64?) {
        page(zip((cursor + 1)..., table.rows(after: cursor)), limit: limit, where: matches)
    }

    /// Up to `limit` of the numbered rows that match, and the number of the last one returned
    /// when rows remain after it.
    private static func page<Row>(
        _ numbered: some Sequence<(UInt64, Row)>, limit: Int, where matches: (Row) -> Bool
    ) -> (rows: [Row], next: UInt64?) {
        var rows: [Row] = []
        var iterator = numbered.makeIterator()
        while let (number, row) = iterator.next() {
            guard matches(row) else { continue }
            rows.append(row)
            if rows.count == limit { return (rows, iterator.next() == nil ? nil : number) }
        }
        return (rows, nil)
    }
}
