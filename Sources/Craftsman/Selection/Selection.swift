/// The program configuration, the rounds and every selection record: nominations, objections,
/// expert assignments and scores, provisional lists, cultivation projects, and the accounts
/// that act on them. A value, like ``Registry``: commands on ``Model`` plan changes, and
/// ``apply(_:)`` stores them, live or on replay.
public struct Selection: Sendable {
    private(set) var programVersions: [ProgramConfigVersion] = []
    private(set) var rounds = SequentialTable<Round>(prefix: "R")
    private var roundConfigVersions: [String: [RoundConfigVersion]] = [:]
    private(set) var nominations = SequentialTable<Nomination>(prefix: "N")
    private(set) var objections = SequentialTable<Objection>(prefix: "OB")
    private(set) var assignments = SequentialTable<ExpertAssignment>(prefix: "EA")
    private(set) var scores = SequentialTable<ExpertScore>(prefix: "ES")
    private var provisionalLists: [String: ProvisionalList] = [:]
    private(set) var projects = SequentialTable<CultivationProject>(prefix: "P")
    private(set) var accounts = SequentialTable<Account>(prefix: "A")
    private var accountIDByLogin: [String: String] = [:]
    private var nominationIDsByRound: [String: [String]] = [:]
    private var scoreIDByNominationAndExpert: [String: String] = [:]
    private var scoreIDsByNomination: [String: [String]] = [:]
    /// Waiver and notice ids live inside nominations and lists; their counters follow the
    /// highest id stored, so they survive a snapshot without fields of their own.
    private(set) var lastWaiverNumber: UInt64 = 0
    private(set) var lastNoticeNumber: UInt64 = 0

    public init() {}

    // MARK: - Queries

    /// The program configuration in force and its version (0: the documented defaults, never changed).
    public var program: (config: ProgramConfig, version: Int64, updatedAtUnixMilliseconds: Int64, updatedByAccountID: String) {
        guard let last = programVersions.last else { return (.defaults, 0, 0, "") }
        return (last.config, last.version, last.changedAtUnixMilliseconds, last.changedByAccountID)
    }

    /// Every kept program configuration version, oldest first.
    public var programConfigVersions: [ProgramConfigVersion] { programVersions }

    public func round(id: String) -> Round? { rounds[id] }
    public var allRounds: [Round] { Array(rounds.all) }
    public func configVersions(ofRound id: String) -> [RoundConfigVersion] { roundConfigVersions[id] ?? [] }
    public func nomination(id: String) -> Nomination? { nominations[id] }
    public func nominations(inRound roundID: String) -> [Nomination] {
        (nominationIDsByRound[roundID] ?? []).compactMap { nominations[$0] }
    }
    public var allNominations: some Sequence<Nomination> { nominations.all }
    public func objection(id: String) -> Objection? { objections[id] }
    public var allObjections: some Sequence<Objection> { objections.all }
    public func assignment(id: String) -> ExpertAssignment? { assignments[id] }
    public var allAssignments: some Sequence<ExpertAssignment> { assignments.all }
    public func score(id: String) -> ExpertScore? { scores[id] }
    public var allScores: some Sequence<ExpertScore> { scores.all }
    public func provisionalList(roundID: String) -> ProvisionalList? { provisionalLists[roundID] }
    public var allProvisionalLists: [ProvisionalList] {
        provisionalLists.values.sorted { $0.roundID < $1.roundID }
    }
    public func project(id: String) -> CultivationProject? { projects[id] }
    public var allProjects: some Sequence<CultivationProject> { projects.all }
    public func account(id: String) -> Account? { accounts[id] }
    public func account(loginName: String) -> Account? { accountIDByLogin[loginName].flatMap { accounts[$0] } }
    public var allAccounts: some Sequence<Account> { accounts.all }

    /// The score `expertAccountID` gave nomination `nominationID`, if any.
    public func score(nominationID: String, expertAccountID: String) -> ExpertScore? {
        scoreIDByNominationAndExpert[nominationID + "/" + expertAccountID].flatMap { scores[$0] }
    }

    /// The scores of one nomination, in id order.
    public func scores(ofNomination nominationID: String) -> [ExpertScore] {
        (scoreIDsByNomination[nominationID] ?? []).compactMap { scores[$0] }
    }

    /// The prefixes of the ids the selection hands out, one per kind of record.
    public static let idPrefixes = ["R", "N", "OB", "EA", "ES", "P", "A"]

    /// The numbers of the last ids handed out, per kind: ids are never reused.
    public var lastNumbers: [String: Int] {
        [
            "R": rounds.lastNumber, "N": nominations.lastNumber, "OB": objections.lastNumber, "EA": assignments.lastNumber,
            "ES": scores.lastNumber, "P": projects.lastNumber, "A": accounts.lastNumber,
        ]
    }

    // MARK: - Changes

    /// Stores a change planned against this state or read from the journal.
    mutating func apply(_ change: SelectionChange) throws(DomainError) {
        switch change {
        case .programConfigured(let version):
            guard version.version == Int64(programVersions.count) + 1 else {
                throw DomainError(
                    .failedPrecondition,
                    "program configuration version \(version.version) where \(programVersions.count + 1) was next")
            }
            programVersions.append(version)
        case .roundPut(let round):
            try rounds.put(round, id: round.id)
        case .roundConfigVersionAdded(let version):
            roundConfigVersions[version.roundID, default: []].append(version)
        case .nominationPut(let nomination):
            let old = nominations[nomination.id]
            try nominations.put(nomination, id: nomination.id)
            if old == nil { nominationIDsByRound[nomination.roundID, default: []].append(nomination.id) }
            for waiver in nomination.waivers {
                lastWaiverNumber = max(lastWaiverNumber, Registry.number(of: waiver.id, prefix: "W") ?? 0)
            }
        case .objectionPut(let objection):
            try objections.put(objection, id: objection.id)
        case .assignmentPut(let assignment):
            try assignments.put(assignment, id: assignment.id, fillingHoles: true)
        case .assignmentRevoked(let id):
            try assignments.remove(id: id)
        case .scorePut(let score):
            if scores[score.id] == nil { scoreIDsByNomination[score.nominationID, default: []].append(score.id) }
            try scores.put(score, id: score.id)
            scoreIDByNominationAndExpert[score.nominationID + "/" + score.expertAccountID] = score.id
        case .provisionalListPut(let list):
            provisionalLists[list.roundID] = list
            for notice in list.notices {
                lastNoticeNumber = max(lastNoticeNumber, Registry.number(of: notice.id, prefix: "PN") ?? 0)
            }
        case .projectPut(let project):
            try projects.put(project, id: project.id)
        case .accountPut(let account):
            if let old = accounts[account.id] { accountIDByLogin[old.loginName] = nil }
            try accounts.put(account, id: account.id)
            accountIDByLogin[account.loginName] = account.id
        }
    }

    // MARK: - Pages

    /// Up to `limit` matching records numbered above `cursor`, in id order, and the cursor of
    /// the next page (nil at the end).
    public func nominations(after cursor: UInt64, limit: Int, where matches: (Nomination) -> Bool) -> (
        rows: [Nomination], next: UInt64?
    ) {
        nominations.page(after: cursor, limit: limit, where: matches)
    }
    public func objections(after cursor: UInt64, limit: Int, where matches: (Objection) -> Bool) -> (
        rows: [Objection], next: UInt64?
    ) {
        objections.page(after: cursor, limit: limit, where: matches)
    }
    public func assignments(after cursor: UInt64, limit: Int, where matches: (ExpertAssignment) -> Bool) -> (
        rows: [ExpertAssignment], next: UInt64?
    ) {
        assignments.page(after: cursor, limit: limit, where: matches)
    }
    public func scores(after cursor: UInt64, limit: Int, where matches: (ExpertScore) -> Bool) -> (
        rows: [ExpertScore], next: UInt64?
    ) {
        scores.page(after: cursor, limit: limit, where: matches)
    }
    public func rounds(after cursor: UInt64, limit: Int, where matches: (Round) -> Bool) -> (rows: [Round], next: UInt64?) {
        rounds.page(after: cursor, limit: limit, where: matches)
    }
    public func accounts(after cursor: UInt64, limit: Int, where matches: (Account) -> Bool) -> (rows: [Account], next: UInt64?) {
        accounts.page(after: cursor, limit: limit, where: matches)
    }

    // MARK: - Snapshots

    /// The changes that rebuild this state from empty, in an order ``apply(_:)`` accepts; with
    /// ``lastNumbers`` and ``reserveIDs(_:)``, a snapshot.
    public var rebuildingChanges: [SelectionChange] {
        var changes: [SelectionChange] = accounts.all.map { .accountPut($0) }
        changes += programVersions.map { .programConfigured($0) }
        for round in rounds.all {
            changes.append(.roundPut(round))
            changes += configVersions(ofRound: round.id).map { .roundConfigVersionAdded($0) }
        }
        changes += nominations.all.map { .nominationPut($0) }
        changes += objections.all.map { .objectionPut($0) }
        changes += assignments.all.map { .assignmentPut($0) }
        changes += scores.all.map { .scorePut($0) }
        changes += allProvisionalLists.map { .provisionalListPut($0) }
        changes += projects.all.map { .projectPut($0) }
        return changes
    }

    /// Marks ids as handed out up to the numbers in `lastNumbers` (by prefix), so that ids of
    /// removed records are not reused after a snapshot is loaded.
    ///
    /// - Throws: `failedPrecondition` for an unknown prefix or a number beyond the limit.
    public mutating func reserveIDs(_ lastNumbers: [String: Int]) throws(DomainError) {
        for (prefix, number) in lastNumbers {
            switch prefix {
            case "R": try rounds.reserve(upTo: number)
            case "N": try nominations.reserve(upTo: number)
            case "OB": try objections.reserve(upTo: number)
            case "EA": try assignments.reserve(upTo: number)
            case "ES": try scores.reserve(upTo: number)
            case "P": try projects.reserve(upTo: number)
            case "A": try accounts.reserve(upTo: number)
            default: throw DomainError(.failedPrecondition, "no kind of selection record has ids with the prefix \(prefix)")
            }
        }
    }

    // MARK: - Ids

    var nextRoundID: String { rounds.nextID }
    var nextNominationID: String { nominations.nextID }
    var nextObjectionID: String { objections.nextID }
    var nextAssignmentID: String { assignments.nextID }
    var nextScoreID: String { scores.nextID }
    var nextProjectID: String { projects.nextID }
    var nextAccountID: String { accounts.nextID }
}
