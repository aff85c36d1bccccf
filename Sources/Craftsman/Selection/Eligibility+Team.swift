// The team criteria (二(二)4 of the plan, 优秀匠师团队), one function per criterion.

extension Eligibility {
    /// The roles a team's members must cover between them (成员结构).
    static let requiredTeamRoles: [TeamMemberRole] = [
        .classAdviser, .ideologyTeacher, .cultureFoundationTeacher, .integratedProfessionalTeacher,
    ]

    /// Checks one team against the round's team rule.
    struct TeamCheck {
        let team: Team
        /// The registered teachers of the team (leader and teacher members) that were found, by id.
        let registered: [String: Teacher]
        let rule: TeamRule
        let referenceDate: CivilDate

        /// Every team line, in criterion order, before waivers.
        func lines() -> [EligibilityLine] {
            [expertJudgement(), size(), enterpriseShare(), roleCoverage(), major(), leaderTitleOrSkill()] + memberEthics()
                + membersOfSchool()
        }

        func line(
            _ criterion: EligibilityCriterion, met: Bool, rule: String, clause: String, figures: [EligibilityFigure],
            memberTeacherID: String = "", memberName: String = "", explanation: String
        ) -> EligibilityLine {
            EligibilityLine(
                criterion: criterion, status: met ? .met : .notMet,
                waivable: Eligibility.isWaivable(criterion, tier: .team), rule: rule, planClause: clause, figures: figures,
                memberTeacherID: memberTeacherID, memberName: memberName, explanation: explanation)
        }

        /// A registered member as a phrase: `张伟 (T00000001)`, or the bare id when unknown.
        func named(_ id: String, _ teacher: Teacher?) -> String {
            teacher.map { "\($0.name) (\(id))" } ?? id
        }

        // MARK: Criteria

        func expertJudgement() -> EligibilityLine {
            let clause = "二(二)4(2)(3)(4)(5)"
            return EligibilityLine(
                criterion: .expertJudgement, status: .needsExpertJudgement, waivable: false,
                rule:
                    "qualitative items judged by experts: a leading position among similar majors and a basis for cooperation (2); the school's support and the members' time (3); a sound member structure (4); the leader's foundation, results and organising ability, and the core members' cooperation, teaching, research and ties with industry (5)",
                planClause: clause,
                explanation: "the qualitative items of \(clause) are judged by experts in the comprehensive evaluation")
        }

        func size() -> EligibilityLine {
            let maximum = Int(rule.maxTeamSize)
            let met = team.size <= maximum
            return line(
                .teamSize, met: met, rule: "at most \(maximum) people, leader included (原则上不多于15名)", clause: "二(二)4(4)",
                figures: [figure("team_size", team.size), figure("max_team_size", maximum)],
                explanation: met
                    ? "\(count(team.size, "person", "people")) are within \(maximum)"
                    : "\(count(team.size, "person", "people")) exceed the maximum of \(maximum)")
        }

        func enterpriseShare() -> EligibilityLine {
            let (numerator, denominator) = (Int(rule.enterpriseExpertShareNumerator), Int(rule.enterpriseExpertShareDenominator))
            let experts = team.enterpriseMemberCount
            let met = experts * denominator < team.size * numerator
            let share = "\(numerator)/\(denominator)"
            var figures = [
                figure("enterprise_experts", experts), figure("team_size", team.size),
                figure("max_enterprise_share", share),
            ]
            // The most experts a team of this size may have: the largest e with e × d < size × n.
            if denominator > 0 {
                figures.append(figure("max_enterprise_experts", max(0, (team.size * numerator - 1) / denominator)))
            }
            let counted = count(experts, "enterprise expert")
            return line(
                .teamEnterpriseShare, met: met,
                rule: "enterprise experts fewer than \(share) of the team (少量行业企业专业人员)", clause: "二(二)4(4)",
                figures: figures,
                explanation: met
                    ? "\(counted) of \(team.size) people is fewer than \(share) of the team"
                    : "\(counted) of \(team.size) people is not fewer than \(share) of the team")
        }

        func roleCoverage() -> EligibilityLine {
            let held = Set(team.leaderRoles + team.members.flatMap(\.roles))
            let missing = Eligibility.requiredTeamRoles.filter { !held.contains($0) }
            let required = Eligibility.requiredTeamRoles.map(wireName).joined(separator: ", ")
            let missingNames = missing.map(wireName).joined(separator: ", ")
            return line(
                .teamRoleCoverage, met: missing.isEmpty,
                rule: "the leader and members cover \(required) (班主任、思政课教师、文化基础课教师和专业一体化教师)",
                clause: "二(二)4(4)",
                figures: [figure("missing_roles", missingNames)],
                explanation: missing.isEmpty ? "every required role is covered" : "no member is \(missingNames)")
        }

        func major() -> EligibilityLine {
            let kind = wireName(team.majorKind)
            return line(
                .teamMajor, met: true,
                rule: "formed in an integrated work-study, Beijing key-supported or new-occupation major", clause: "二(二)4(2)",
                figures: [figure("major_kind", kind), figure("major_name", team.majorName)],
                explanation: "the team is formed in \(team.majorName), a \(kind) major")
        }

        func leaderTitleOrSkill() -> EligibilityLine {
            let (minimumTitle, minimumSkill) = (TitleRank.associateSenior, SkillLevel.seniorTechnician)
            let rule =
                "the leader's title ≥ \(wireName(minimumTitle)) (副高级及以上职称) or skill ≥ \(wireName(minimumSkill)) (高级技师及以上技能等级)"
            let id = team.leaderTeacherID
            guard let leader = registered[id] else {
                return line(
                    .teamLeaderTitleOrSkill, met: false, rule: rule, clause: "二(二)4(5)", figures: [], memberTeacherID: id,
                    explanation: "the leader \(id) is not a registered teacher")
            }
            let (title, skill) = (wireName(leader.titleRank), wireName(leader.skillLevel))
            let byTitle = leader.titleRank >= minimumTitle
            let bySkill = leader.skillLevel >= minimumSkill
            let explanation =
                if byTitle { "the leader's title \(title) meets \(wireName(minimumTitle))" } else if bySkill {
                    "the leader's skill \(skill) meets \(wireName(minimumSkill))"
                } else {
                    "neither the leader's title \(title) reaches \(wireName(minimumTitle)) nor skill \(skill) reaches \(wireName(minimumSkill))"
                }
            return line(
                .teamLeaderTitleOrSkill, met: byTitle || bySkill, rule: rule, clause: "二(二)4(5)",
                figures: [
                    figure("title_rank", title), figure("min_title_rank", wireName(minimumTitle)),
                    figure("skill_level", skill), figure("min_skill_level", wireName(minimumSkill)),
                ],
                memberTeacherID: id, memberName: leader.name, explanation: explanation)
        }

        func memberEthics() -> [EligibilityLine] {
            let rule = "every member's professional ethics attested (团队成员师德高尚)"
            let clause = "二(二)4(1)"
            var failures: [EligibilityLine] = []
            for id in team.teacherIDs {
                let teacher = registered[id]
                guard teacher?.ethicsAttestation?.attested != true else { continue }
                let why =
                    teacher == nil
                    ? "is not a registered teacher, so no ethics attestation is on file"
                    : "has no ethics attestation from the school"
                failures.append(
                    line(
                        .teamMemberEthics, met: false, rule: rule, clause: clause, figures: [figure("ethics_attested", false)],
                        memberTeacherID: id, memberName: teacher?.name ?? "", explanation: "\(named(id, teacher)) \(why)"))
            }
            for case .enterprise(let member) in team.members.map(\.person) where member.ethicsAttestation?.attested != true {
                failures.append(
                    line(
                        .teamMemberEthics, met: false, rule: rule, clause: clause, figures: [figure("ethics_attested", false)],
                        memberName: member.name,
                        explanation: "enterprise member \(member.name) (\(member.employer)) has no ethics attestation"))
            }
            if !failures.isEmpty { return failures }
            return [
                line(
                    .teamMemberEthics, met: true, rule: rule, clause: clause, figures: [figure("members", team.size)],
                    explanation: "every member's professional ethics is attested (\(count(team.size, "person", "people")))")
            ]
        }

        func membersOfSchool() -> [EligibilityLine] {
            let rule = "the leader and teacher members are teachers of the team's school \(team.schoolID), employed and in post"
            let clause = "二(一); 二(二)4(4)"
            var failures: [EligibilityLine] = []
            for id in team.teacherIDs {
                guard let teacher = registered[id] else {
                    failures.append(
                        line(
                            .teamMembersOfSchool, met: false, rule: rule, clause: clause, figures: [], memberTeacherID: id,
                            explanation: "\(id) is not a registered teacher"))
                    continue
                }
                var problems: [String] = []
                if teacher.schoolID != team.schoolID { problems.append("teaches at \(teacher.schoolID), not \(team.schoolID)") }
                if !teacher.employedInPost { problems.append("is not employed and in post") }
                guard !problems.isEmpty else { continue }
                failures.append(
                    line(
                        .teamMembersOfSchool, met: false, rule: rule, clause: clause,
                        figures: [
                            figure("school_id", teacher.schoolID), figure("team_school_id", team.schoolID),
                            figure("employed_in_post", teacher.employedInPost),
                        ],
                        memberTeacherID: id, memberName: teacher.name,
                        explanation: "\(named(id, teacher)) " + problems.joined(separator: " and ")))
            }
            if !failures.isEmpty { return failures }
            let registered = team.teacherIDs.count
            return [
                line(
                    .teamMembersOfSchool, met: true, rule: rule, clause: clause, figures: [figure("teacher_members", registered)],
                    explanation: "every registered teacher in the team (\(registered)) teaches at \(team.schoolID) and is in post"
                )
            ]
        }
    }
}
