import Craftsman
import CraftsmanDemo
import Testing

/// A model with two schools, their operators, experts and teachers, driven by commands at a
/// clock the test moves: the fixture of the selection tests.
struct SelectionWorld {
    var model = Model()
    /// Beijing time, ms since the Unix epoch.
    var now: Int64
    let bureau = Actor(accountID: "bootstrap", role: .bureauAdministrator)
    var operatorA = Actor(accountID: "", role: .auditor)
    var operatorB = Actor(accountID: "", role: .auditor)
    var expertA = Actor(accountID: "", role: .auditor)
    var experts: [Actor] = []
    var integration = Actor(accountID: "", role: .auditor)
    var auditor = Actor(accountID: "", role: .auditor)

    /// 09:00 Beijing time on `date`.
    static func nine(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        CivilDate(year: year, month: month, day: day)!.startUnixMilliseconds + 9 * 3_600_000
    }

    init() throws {
        now = Self.nine(2026, 3, 2)
        for (name, code) in [("北京市工业技师学院", "A"), ("北京市商业技师学院", "B")] {
            try apply(
                Planned(
                    [
                        .registry(
                            try model.registry.planCreateSchool(SchoolDraft(name: name, district: "朝阳区", code: code), now: now))
                    ], ()))
        }
        operatorA = try account("op-a", role: 2, school: "S00000001").actor
        operatorB = try account("op-b", role: 2, school: "S00000002").actor
        expertA = try account("expert-a", role: 3, affiliated: "S00000001").actor
        experts = try (1...5).map { try account("expert-\($0)", role: 3).actor }
        integration = try account("integration", role: 4).actor
        auditor = try account("auditor", role: 5).actor
    }

    mutating func account(_ login: String, role: Int32, school: String = "", affiliated: String = "") throws -> Account {
        try apply(
            model.planCreateAccount(
                AccountDraft(
                    loginName: login, displayName: login, role: role, scopeSchoolID: school, affiliatedSchoolID: affiliated),
                actor: bureau, now: now))
    }

    /// Applies a plan's changes and returns its value.
    @discardableResult
    mutating func apply<Value>(_ plan: Planned<Value>) throws -> Value {
        for change in plan.changes { try model.apply(change) }
        return plan.value
    }

    /// A teacher of `school` who meets every MASTER_TEACHER criterion at 2026-03-02, adjusted by `edit`.
    mutating func teacher(_ name: String, school: String = "S00000001", edit: (inout TeacherDraft) -> Void = { _ in }) throws
        -> String
    {
        var draft = DemoRegistry.exemplaryTeacher(name: name, schoolID: school)
        edit(&draft)
        let change = try model.registry.planCreateTeacher(draft, now: now)
        try model.apply(.registry(change))
        guard case .teacherCreated(let teacher) = change else { throw DomainError(.invalidArgument, "no teacher") }
        return teacher.id
    }

    /// A round of 2026 whose window runs through March, with `quotas` and 5 working days of publicity.
    mutating func round(quotas: [Tier: Int32] = [.masterTeacher: 1, .leadTeacher: 2, .keyTeacher: 2, .team: 1]) throws -> Round {
        var config = RoundConfig.defaults
        config.quotas = quotas
        config.nominationOpensAtUnixMilliseconds = CivilDate(year: 2026, month: 3, day: 1)!.startUnixMilliseconds
        config.nominationClosesAtUnixMilliseconds = CivilDate(year: 2026, month: 4, day: 1)!.startUnixMilliseconds
        return try apply(model.planCreateRound(year: 2026, config: config, reason: "2026年选拔", actor: bureau, now: now))
    }

    /// Checks that `body` is refused with `code` and a message containing every one of
    /// `phrases`, and that the refusal left the selection records as they were.
    @discardableResult
    func expectRefused<Value>(
        _ code: DomainError.Code, _ phrases: String..., sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () throws(DomainError) -> Value
    ) -> DomainError? {
        let before = model.selection.rebuildingChanges
        let error = refusal(body)
        #expect(error?.code == code, "\(error.map(String.init(describing:)) ?? "no refusal")", sourceLocation: sourceLocation)
        for phrase in phrases {
            #expect(
                error?.message.contains(phrase) == true, "\(error?.message ?? "") lacks \(phrase)", sourceLocation: sourceLocation
            )
        }
        #expect(model.selection.rebuildingChanges == before, sourceLocation: sourceLocation)
        return error
    }

    /// The error `body` throws, which must be a DomainError.
    func refusal<Value>(_ body: () throws(DomainError) -> Value) -> DomainError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }
}
