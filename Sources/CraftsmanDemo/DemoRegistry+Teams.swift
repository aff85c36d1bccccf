import Craftsman

extension DemoRegistry {
    static let enterprises = [
        "北京汽车集团有限公司", "北京奔驰汽车有限公司", "京东方科技集团股份有限公司", "北京首钢集团有限公司", "北京城建集团有限责任公司", "北京金隅集团股份有限公司",
        "北京京能电力股份有限公司", "北京首都国际机场股份有限公司", "北京地铁运营有限公司", "北京全聚德集团有限责任公司", "北京同仁堂股份有限公司", "小米科技有限责任公司",
        "北京北重汽轮电机有限责任公司", "北京精雕科技集团有限公司", "北京顺丰速运有限公司", "北京京东世纪贸易有限公司",
    ]
    static let enterprisePositions = ["高级工程师", "技术总监", "车间主任", "首席技师", "项目经理", "技术部经理", "质量主管"]

    /// Up to `count` teams of the schools and teachers `teachers` describes, as created in order
    /// on an empty registry (teacher `n`, from 1, gets the id `T` + eight digits of `n`).
    ///
    /// Each team is a leader and 5 to 14 teacher members of one school, no teacher in two teams,
    /// and 0 to 3 enterprise members; fewer teams come back when the schools run out of
    /// teachers. Most teams are what the program asks for (a leader with a title of associate
    /// senior or above or a skill of senior technician or above; class advisers, ideology,
    /// culture-foundation and integrated professional teachers all present); about one in six is
    /// deliberately imperfect in one of those ways, or has too many enterprise members. Every
    /// team passes the registry's validation.
    public static func teams(count: Int, teachers: [TeacherDraft], seed: UInt64 = 2024) -> [TeamDraft] {
        var random = DemoRandom(seed: seed &+ 2)
        // Unused teachers (positions) per school, in school id order.
        var pools = Dictionary(grouping: teachers.indices) { teachers[$0].schoolID }.sorted { $0.key < $1.key }
        var names: Set<String> = []
        var teams: [TeamDraft] = []
        var turn = 0
        while teams.count < count, let poolIndex = nextPool(pools, from: turn) {
            turn = poolIndex + 1
            let team = team(from: &pools[poolIndex].value, of: teachers, random: &random, usedNames: &names)
            teams.append(team)
        }
        return teams
    }

    /// The first school at or after `start` (cyclically) with teachers for a team of 6.
    private static func nextPool(_ pools: [(key: String, value: [Int])], from start: Int) -> Int? {
        (0..<pools.count).lazy.map { (start + $0) % pools.count }.first { pools[$0].value.count >= 6 }
    }

    /// The role a teacher's course gives them in a team.
    private static func courseRole(_ teacher: TeacherDraft) -> TeamMemberRole {
        switch CourseKind(rawValue: teacher.courseKind) {
        case .ideology: .ideologyTeacher
        case .cultureFoundation: .cultureFoundationTeacher
        default: .integratedProfessionalTeacher
        }
    }

    private static func qualifiesAsLeader(_ teacher: TeacherDraft) -> Bool {
        teacher.titleRank >= TitleRank.associateSenior.rawValue || teacher.skillLevel >= SkillLevel.seniorTechnician.rawValue
    }

    // swiftlint:disable:next function_body_length
    private static func team(
        from pool: inout [Int], of teachers: [TeacherDraft], random: inout DemoRandom, usedNames: inout Set<String>
    ) -> TeamDraft {
        let flaw = random.weighted([(0, 84), (1, 4), (2, 4), (3, 4), (4, 4)])  // 0: none
        func take(where matches: (TeacherDraft) -> Bool) -> Int? {
            guard let at = pool.firstIndex(where: { matches(teachers[$0]) }) else { return nil }
            return pool.remove(at: at)
        }
        pool.shuffle(using: &random)
        // 1: a leader below the title / skill bar, when the school has one.
        let leader =
            take {
                flaw == 1 ? !qualifiesAsLeader($0) : qualifiesAsLeader($0) && $0.courseKind == CourseKind.professional.rawValue
            }
            ?? take { _ in true }!
        var draft = TeamDraft()
        draft.schoolID = teachers[leader].schoolID
        draft.leaderTeacherID = "T" + pad(leader + 1, 8)
        draft.leaderRoles = [courseRole(teachers[leader]).rawValue]
        let subject = teachers[leader].courseKind == CourseKind.professional.rawValue ? teachers[leader].subjectTaught : ""
        draft.majorName = subject.isEmpty ? random.pick(subjects).subject : subject
        draft.majorKind = random.weighted([(1, 60), (2, 25), (3, 15)])
        var name = "\(draft.majorName)匠师团队"
        var number = 2
        while !usedNames.insert(draft.schoolID + name).inserted {
            name = "\(draft.majorName)匠师团队（\(number)）"
            number += 1
        }
        draft.name = name

        // Members: one of each non-professional course when the school has one (2: no ideology
        // teacher; 3: no class adviser), then others.
        var chosen: [Int] = []
        if flaw != 2, let ideology = take(where: { courseRole($0) == .ideologyTeacher }) { chosen.append(ideology) }
        if let culture = take(where: { courseRole($0) == .cultureFoundationTeacher }) { chosen.append(culture) }
        // 4: a small team, so that its enterprise members are a third of it or more.
        let size = min(flaw == 4 ? 5 : Int.random(in: 5...14, using: &random), chosen.count + pool.count)
        while chosen.count < size {
            guard let next = take(where: { flaw != 2 || courseRole($0) != .ideologyTeacher }) else { break }
            chosen.append(next)
        }
        draft.members = chosen.enumerated().map { index, teacher in
            var roles = [courseRole(teachers[teacher]).rawValue]
            if flaw != 3 && (index == chosen.count - 1 || random.chance(0.25)) {
                roles.insert(TeamMemberRole.classAdviser.rawValue, at: 0)
            }
            return TeamDraft.MemberInput(teacherID: "T" + pad(teacher + 1, 8), roles: roles)
        }
        // Enterprise members under a third of the team (experts × 2 < people), but for 4: three,
        // beside the five teachers of a team of six.
        let people = 1 + draft.members.count
        let experts =
            flaw == 4
            ? min(3, 15 - people) : min(random.weighted([(0, 25), (1, 40), (2, 25), (3, 10)]), (people - 1) / 2, 15 - people)
        for _ in 0..<experts { draft.members.append(enterpriseMember(random: &random)) }
        return draft
    }

    private static func enterpriseMember(random: inout DemoRandom) -> TeamDraft.MemberInput {
        var person = TeamDraft.EnterpriseMemberInput()
        person.name = String(random.pick(surnames)) + String((0..<2).map { _ in random.pick(givenCharacters) })
        person.employer = random.pick(enterprises)
        person.position = random.pick(enterprisePositions)
        person.titleRank = random.weighted([(1, 15), (3, 30), (4, 40), (5, 15)])
        person.skillLevel = random.weighted([(1, 25), (5, 20), (6, 35), (7, 12), (8, 8)])
        person.ethicsAttestation = TeamDraft.AttestationInput(attested: random.chance(0.95), statement: "师德师风考核合格")
        return TeamDraft.MemberInput(enterpriseMember: person, roles: [TeamMemberRole.enterpriseExpert.rawValue])
    }
}
