/// The eligibility engine (选拔条件审查): checks a teacher against an individual tier, or a team
/// against the team rules, criterion by criterion, and explains every line with the figures it
/// used and the plan clause it comes from.
///
/// Pure: no clock, no registry. The caller supplies the reference date, the round's team rule,
/// the nomination's waivers and, for teams, a way to look teachers up.
///
/// ```swift
/// let lines = Eligibility.lines(for: teacher, tier: .masterTeacher, referenceDate: date, waivers: [])
/// let blocked = lines.filter { $0.status == .notMet }.map(\.explanation)
/// ```
public enum Eligibility {
    /// Whether `criterion` may be waived for `tier` by an approved waiver.
    ///
    /// Only the plan's softened criteria are waivable: age (年龄一般不超过) and education
    /// (特别优秀的可放宽学历要求), and only for the three individual tiers.
    public static func isWaivable(_ criterion: EligibilityCriterion, tier: Tier) -> Bool {
        tier.isIndividual && (criterion == .age || criterion == .education)
    }

    /// The eligibility lines of `teacher` for an individual tier.
    ///
    /// - Parameters:
    ///   - teacher: The teacher checked.
    ///   - tier: The tier checked against; `.team` yields a single `.notMet` line, since teams
    ///     are checked with ``lines(for:teachers:rule:referenceDate:waivers:)``.
    ///   - referenceDate: The date ages and years are computed at (基准日).
    ///   - waivers: The nomination's waivers; approved ones waive waivable criteria that are not met.
    /// - Returns: One line per criterion that applies to the tier, in criterion (raw value) order.
    public static func lines(for teacher: Teacher, tier: Tier, referenceDate: CivilDate, waivers: [Waiver]) -> [EligibilityLine] {
        guard tier.isIndividual else {
            return [
                EligibilityLine(
                    criterion: .teamSize, status: .notMet, waivable: false,
                    rule: "a TEAM nomination is of a team, checked with the team rules", planClause: "二(二)4",
                    figures: [EligibilityFigure(name: "tier", text: tier.description)],
                    explanation:
                        "teacher \(teacher.id) was checked for TEAM, but teams are checked as teams, not as single teachers")
            ]
        }
        let check = TeacherCheck(teacher: teacher, tier: tier, referenceDate: referenceDate)
        return check.lines().map { applying(waivers, to: $0) }
    }

    /// The eligibility lines of `team` (优秀匠师团队).
    ///
    /// - Parameters:
    ///   - team: The team checked.
    ///   - teachers: Looks registered teachers up by id (the leader and teacher members).
    ///   - rule: The round's composition limits.
    ///   - referenceDate: The round's reference date (no team rule depends on it today).
    ///   - waivers: The nomination's waivers; no team criterion is waivable, but they are referenced.
    /// - Returns: One line per team criterion (one per offending member for member ethics and
    ///   membership of the school), in criterion (raw value) order.
    public static func lines(
        for team: Team, teachers: (String) -> Teacher?, rule: TeamRule, referenceDate: CivilDate, waivers: [Waiver]
    ) -> [EligibilityLine] {
        var registered: [String: Teacher] = [:]
        for id in team.teacherIDs { registered[id] = teachers(id) }
        let check = TeamCheck(team: team, registered: registered, rule: rule, referenceDate: referenceDate)
        return check.lines().map { applying(waivers, to: $0) }
    }
}

// MARK: - Waivers

extension Eligibility {
    /// The waiver that speaks for `criterion`: the active one (requested or approved, at most one),
    /// else the latest refused one. Withdrawn waivers say nothing.
    static func waiver(for criterion: EligibilityCriterion, in waivers: [Waiver]) -> Waiver? {
        waivers.last { $0.criterion == criterion && $0.isActive }
            ?? waivers.last { $0.criterion == criterion && $0.state == .refused }
    }

    /// `line` with its waiver referenced and, when an approved waiver covers a waivable criterion
    /// that is not met, waived. Completes the explanation of lines that are not met.
    static func applying(_ waivers: [Waiver], to line: EligibilityLine) -> EligibilityLine {
        var line = line
        guard let waiver = waiver(for: line.criterion, in: waivers) else {
            if line.status == .notMet && line.waivable { line.explanation += " and no approved exception" }
            return line
        }
        line.waiverID = waiver.id
        line.waiverState = waiver.state
        let named = "waiver \(waiver.id)"
        switch line.status {
        case .notMet where !line.waivable:
            line.explanation += "; the criterion cannot be waived, so \(named) does not apply"
        case .notMet:
            switch waiver.state {
            case .approved:
                line.status = .waived
                line.waiverJustification = waiver.justification
                line.explanation += ", waived by approved exception \(waiver.id)"
            case .requested:
                line.explanation += "; exception \(waiver.id) awaits the bureau's decision"
            case .refused:
                line.explanation += " and exception \(waiver.id) was refused"
            case .withdrawn:
                line.explanation += " and no approved exception"
            }
        case .met:
            line.explanation += "; \(named) (\(wireName(waiver.state, prefix: "WAIVER_STATE"))) is not needed"
        case .waived, .needsExpertJudgement, .notApplicable:
            break
        }
        return line
    }
}

// MARK: - Helpers shared by the teacher and team checks

extension Eligibility {
    /// The wire name of a scale value, e.g. `TITLE_RANK_ASSOCIATE_SENIOR` for
    /// `wireName(TitleRank.associateSenior, prefix: "TITLE_RANK")`: the case name in upper
    /// snake case after the wire enum's prefix, as the protos spell it.
    static func wireName<Value: RawRepresentable>(_ value: Value, prefix: String) -> String {
        var name = prefix + "_"
        for character in String(describing: value) {
            if character.isUppercase { name.append("_") }
            name += character.uppercased()
        }
        return name
    }

    static func wireName(_ value: EducationLevel) -> String { wireName(value, prefix: "EDUCATION_LEVEL") }
    static func wireName(_ value: TitleRank) -> String { wireName(value, prefix: "TITLE_RANK") }
    static func wireName(_ value: SkillLevel) -> String { wireName(value, prefix: "SKILL_LEVEL") }
    static func wireName(_ value: CourseKind) -> String { wireName(value, prefix: "COURSE_KIND") }
    static func wireName(_ value: MajorKind) -> String { wireName(value, prefix: "MAJOR_KIND") }
    static func wireName(_ value: TeamMemberRole) -> String { wireName(value, prefix: "TEAM_MEMBER_ROLE") }

    /// A numeric figure.
    static func figure(_ name: String, _ number: some BinaryInteger, unit: String = "") -> EligibilityFigure {
        EligibilityFigure(name: name, number: Double(number), unit: unit)
    }

    /// A text figure.
    static func figure(_ name: String, _ text: String) -> EligibilityFigure {
        EligibilityFigure(name: name, text: text)
    }

    /// A yes/no figure, as the text `true` or `false`.
    static func figure(_ name: String, _ flag: Bool) -> EligibilityFigure {
        EligibilityFigure(name: name, text: flag ? "true" : "false")
    }

    /// `"1 month"`, `"7 months"`.
    static func count(_ number: some BinaryInteger, _ singular: String, _ plural: String? = nil) -> String {
        "\(number) \(number == 1 ? singular : plural ?? singular + "s")"
    }
}
