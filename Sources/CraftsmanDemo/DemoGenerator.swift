import Craftsman

/// Builds the demo program step by step: each step is one domain command, planned against the
/// model so far at the simulated clock's time, applied, and kept.
struct DemoGenerator {
    var model = Model()
    var clock = SimulatedClock(calendar: DemoCalendar.calendar, startingOn: DemoProgram.registryDate)
    var random: DemoRandom
    private(set) var steps: [DemoProgram.Step] = []
    let seed: UInt64
    let schoolCount: Int
    let teacherCount: Int

    static let bootstrap = Actor(accountID: "bootstrap", role: .bureauAdministrator)
    var bureau = DemoGenerator.bootstrap
    /// The operator of each school, by school id.
    var operators: [String: Actor] = [:]
    /// The experts, in login order.
    var experts: [Actor] = []
    /// The teachers as drafted, in order, and the id each got.
    var teacherDrafts: [TeacherDraft] = []
    var teacherIDs: [String] = []
    /// How many of ``DemoRegistry/teams(count:teachers:seed:)``'s drafts are taken.
    var teamDraftsTaken = 0

    init(seed: UInt64, schoolCount: Int, teacherCount: Int) {
        self.seed = seed
        self.schoolCount = schoolCount
        self.teacherCount = teacherCount
        random = DemoRandom(seed: seed &+ 0x5EED_0F_DE40)
    }

    mutating func run() throws {
        try setUpProgram()
        try runRound(.round2024)
        try recordHolidays(of: 2025, on: CivilDate(year: 2024, month: 11, day: 13)!)
        try recordHolidays(of: 2026, on: CivilDate(year: 2025, month: 11, day: 5)!)
        // New teams, formed since 2024, about one in every second school.
        clock.start(CivilDate(year: 2026, month: 6, day: 1)!)
        try registerTeams(upTo: teamDraftsTaken + schoolCount / 2, reason: "登记本校新组建的匠师团队")
        try runRound(.round2026)
    }

    /// Applies a command's plan as one step by `actor`, at the clock's time, and returns its value.
    @discardableResult
    mutating func record<Value>(_ actor: Actor, _ reason: String, _ planned: Planned<Value>) throws -> Value {
        for change in planned.changes { try model.apply(change) }
        steps.append(
            DemoProgram.Step(
                recordedAtUnixMilliseconds: clock.now, actorAccountID: actor.accountID, reason: reason,
                changes: planned.changes))
        return planned.value
    }

    /// Lets `seconds` (a random number in the range) of office time pass.
    mutating func tick(_ seconds: ClosedRange<Int>) {
        clock.pass(seconds: Int.random(in: seconds, using: &random))
    }

    // MARK: - Registry, accounts and the program configuration

    private mutating func setUpProgram() throws {
        let admin = try record(
            Self.bootstrap, "开通市人社局管理员账号",
            model.planCreateAccount(
                AccountDraft(
                    loginName: "bureau-admin", displayName: "孙建民（北京市就业促进中心 工匠之师项目管理员）", role: 1, scopeSchoolID: "",
                    affiliatedSchoolID: ""), actor: Self.bootstrap, now: clock.now))
        bureau = admin.actor
        tick(300...900)
        try recordHolidays(of: 2024, on: clock.today)
        for draft in DemoRegistry.schools(count: schoolCount, seed: seed) {
            tick(60...240)
            try record(
                bureau, "登记技工院校：\(draft.name)",
                Planned([.registry(try model.registry.planCreateSchool(draft, now: clock.now))], ()))
        }
        try createAccounts()
        // Each school's operator registers its teachers; the drafts take the schools in turn.
        clock.start(clock.workingDay(1, after: clock.today))
        teacherDrafts = DemoRegistry.teachers(
            count: teacherCount, schoolCount: schoolCount, today: DemoProgram.registryDate, seed: seed)
        for draft in teacherDrafts {
            tick(15...75)
            let actor = operators[draft.schoolID]!
            let change = try model.registry.planCreateTeacher(draft, actorID: actor.accountID, now: clock.now)
            if case .teacherCreated(let teacher) = change { teacherIDs.append(teacher.id) }
            try record(actor, "登记本校教师信息", Planned([.registry(change)], ()))
        }
        // Then its teams: one for every 40 teachers, the schools in turn, at most two per school.
        clock.start(clock.workingDay(1, after: clock.today))
        try registerTeams(upTo: min(teacherCount / 40, 2 * schoolCount), reason: "登记本校匠师团队")
    }

    private mutating func createAccounts() throws {
        func draft(_ login: String, _ name: String, role: Int32, school: String = "", affiliated: String = "") -> AccountDraft {
            AccountDraft(loginName: login, displayName: name, role: role, scopeSchoolID: school, affiliatedSchoolID: affiliated)
        }
        let schools = Array(model.registry.allSchools)
        for school in schools {
            tick(60...180)
            let name = DemoContent.personName(&random)
            let account = try record(
                bureau, "开通学校经办人账号",
                model.planCreateAccount(
                    draft("op-" + school.id.lowercased(), "\(name)（\(school.name)经办人）", role: 2, school: school.id),
                    actor: bureau, now: clock.now))
            operators[school.id] = account.actor
        }
        for (index, expert) in DemoContent.experts.enumerated() {
            tick(60...180)
            // A third of the experts teach at one of the schools: they never score its nominees.
            let school = index % 3 == 2 ? random.pick(schools) : nil
            let displayName =
                school.map { "\(expert.name)（\($0.name) \(expert.title)）" }
                ?? "\(expert.name)（\(expert.affiliation) \(expert.title)）"
            let account = try record(
                bureau, "聘任评审专家",
                model.planCreateAccount(
                    draft("expert-" + DemoRegistry.pad(index + 1, 3), displayName, role: 3, affiliated: school?.id ?? ""),
                    actor: bureau, now: clock.now))
            experts.append(account.actor)
        }
        tick(60...180)
        try record(
            bureau, "开通审计账号",
            model.planCreateAccount(
                draft("auditor-01", "周立平（北京市人力资源和社会保障局 审计处）", role: 5), actor: bureau, now: clock.now))
    }

    /// A new program configuration version adding the holidays of `year`, on `date`.
    private mutating func recordHolidays(of year: Int, on date: CivilDate) throws {
        clock.start(date)
        var config = model.selection.program.config
        let (holidays, makeup) = DemoCalendar.exceptions(years: year...year)
        config.holidays.formUnion(holidays)
        config.makeupWorkingDays.formUnion(makeup)
        try record(
            bureau, "录入\(year)年节假日放假调休安排（国务院办公厅通知）",
            model.planUpdateProgramConfig(
                config, expectedVersion: model.selection.program.version,
                reason: "录入\(year)年节假日放假调休安排（国务院办公厅通知）", actor: bureau, now: clock.now))
        tick(120...600)
    }
}
