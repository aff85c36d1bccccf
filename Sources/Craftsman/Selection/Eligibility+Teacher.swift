// The individual tiers' criteria (二(二)1–3 of the plan), one function per criterion.

extension Eligibility {
    /// The criteria of one individual tier, in criterion order, as the plan lists them.
    static func criteria(for tier: Tier) -> [EligibilityCriterion] {
        switch tier {
        case .masterTeacher:
            [
                .employedInPost, .ethics, .age, .education, .teachingYears, .titleOrSkill, .enterprisePractice,
                .researchOrHonour, .expertJudgement,
            ]
        case .leadTeacher:
            [
                .employedInPost, .ethics, .age, .education, .teachingYears, .title, .subjectSkill, .industryExperience,
                .recentHostedProject, .competitionAward, .expertJudgement,
            ]
        case .keyTeacher:
            [.employedInPost, .ethics, .age, .education, .teachingYears, .title, .subjectSkill, .expertJudgement]
        case .team:
            []
        }
    }

    /// Checks one teacher against one individual tier at one reference date.
    struct TeacherCheck {
        let teacher: Teacher
        let tier: Tier
        let referenceDate: CivilDate

        /// The lines of every criterion of the tier, before waivers.
        func lines() -> [EligibilityLine] {
            Eligibility.criteria(for: tier).map(line(for:))
        }

        func line(for criterion: EligibilityCriterion) -> EligibilityLine {
            switch criterion {
            case .employedInPost: employedInPost()
            case .ethics: ethics()
            case .age: age()
            case .education: education()
            case .teachingYears: teachingYears()
            case .titleOrSkill: titleOrSkill()
            case .title: title()
            case .subjectSkill: subjectSkill()
            case .enterprisePractice: enterprisePractice()
            case .industryExperience: industryExperience()
            case .researchOrHonour: researchOrHonour()
            case .recentHostedProject: recentHostedProject()
            case .competitionAward: competitionAward()
            case .expertJudgement: expertJudgement()
            case .teamSize, .teamEnterpriseShare, .teamRoleCoverage, .teamMajor, .teamLeaderTitleOrSkill, .teamMemberEthics,
                .teamMembersOfSchool:
                EligibilityLine(
                    criterion: criterion, status: .notApplicable, waivable: false, rule: "a team criterion",
                    planClause: "二(二)4", explanation: "team criteria do not apply to a single teacher")
            }
        }

        /// The plan's item for this tier: `二(二)1` (master), `二(二)2` (lead), `二(二)3` (key),
        /// followed by the numbered sub-items, e.g. `clause(1)` is `二(二)1(1)` for a master teacher.
        func clause(_ items: Int...) -> String {
            let tierItem =
                switch tier {
                case .masterTeacher: 1
                case .leadTeacher: 2
                case .keyTeacher: 3
                case .team: 4
                }
            return "二(二)\(tierItem)" + items.map { "(\($0))" }.joined()
        }

        func line(
            _ criterion: EligibilityCriterion, met: Bool, rule: String, clause: String, figures: [EligibilityFigure],
            evidenceIDs: [String] = [], explanation: String
        ) -> EligibilityLine {
            EligibilityLine(
                criterion: criterion, status: met ? .met : .notMet,
                waivable: Eligibility.isWaivable(criterion, tier: tier), rule: rule, planClause: clause, figures: figures,
                evidenceIDs: evidenceIDs, explanation: explanation)
        }

        func notApplicable(_ criterion: EligibilityCriterion, rule: String, clause: String) -> EligibilityLine {
            EligibilityLine(
                criterion: criterion, status: .notApplicable, waivable: Eligibility.isWaivable(criterion, tier: tier),
                rule: rule, planClause: clause, figures: [figure("course_kind", wireName(teacher.courseKind))],
                explanation:
                    "the teacher teaches \(wireName(teacher.courseKind)), and the rule applies to professional-course teachers only"
            )
        }

        // MARK: Criteria

        func employedInPost() -> EligibilityLine {
            let met = teacher.employedInPost
            return line(
                .employedInPost, met: met, rule: "employed and in post at a Beijing technical school (在职在岗)",
                clause: "二(一)", figures: [figure("employed_in_post", met)],
                explanation: met ? "the teacher is employed and in post" : "the teacher is not recorded as employed and in post")
        }

        func ethics() -> EligibilityLine {
            let attestation = teacher.ethicsAttestation
            let met = attestation?.attested == true
            let explanation =
                if met { "the school attested the teacher's professional ethics" } else if attestation == nil {
                    "the school has not attested the teacher's professional ethics"
                } else { "the school's ethics record does not attest the teacher's professional ethics" }
            return line(
                .ethics, met: met, rule: "professional ethics attested by the school (师德高尚)", clause: clause(1),
                figures: [figure("ethics_attested", met)], explanation: explanation)
        }

        func age() -> EligibilityLine {
            let maximum = tier == .keyTeacher ? 45 : 50
            let age = teacher.birthDate.wholeYears(until: referenceDate)
            let met = age <= maximum
            return line(
                .age, met: met, rule: "age ≤ \(maximum) at the reference date \(referenceDate)", clause: clause(1),
                figures: [
                    figure("age_years", age, unit: "years"), figure("max_age_years", maximum, unit: "years"),
                    figure("birth_date", teacher.birthDate.description),
                    figure("reference_date", referenceDate.description),
                ],
                explanation: met
                    ? "age \(age) is within \(maximum) for \(tier)" : "age \(age) exceeds \(maximum) for \(tier)")
        }

        func education() -> EligibilityLine {
            let minimum = EducationLevel.bachelor
            let met = teacher.highestEducation >= minimum
            let actual = wireName(teacher.highestEducation)
            return line(
                .education, met: met, rule: "highest education ≥ \(wireName(minimum)) (大学本科及以上学历)", clause: clause(2),
                figures: [figure("highest_education", actual), figure("min_education", wireName(minimum))],
                explanation: met
                    ? "education \(actual) meets \(wireName(minimum)) for \(tier)"
                    : "education \(actual) is below \(wireName(minimum)) for \(tier)")
        }

        func teachingYears() -> EligibilityLine {
            let minimum = tier == .masterTeacher ? 10 : 5
            let years = max(0, teacher.teachingStartDate.wholeYears(until: referenceDate))
            let met = years >= minimum
            let started = "teaching since \(teacher.teachingStartDate)"
            return line(
                .teachingYears, met: met,
                rule: "teaching years (教龄) ≥ \(minimum) at the reference date \(referenceDate)", clause: clause(2),
                figures: [
                    figure("teaching_years", years, unit: "years"), figure("min_teaching_years", minimum, unit: "years"),
                    figure("teaching_start_date", teacher.teachingStartDate.description),
                    figure("reference_date", referenceDate.description),
                ],
                explanation: met
                    ? "\(count(years, "teaching year")) (\(started)) meet \(minimum) for \(tier)"
                    : "\(count(years, "whole teaching year")) (\(started)) fall short of \(minimum) for \(tier)")
        }

        func titleOrSkill() -> EligibilityLine {
            let (minimumTitle, minimumSkill) = (TitleRank.associateSenior, SkillLevel.seniorTechnician)
            let byTitle = teacher.titleRank >= minimumTitle
            let bySkill = teacher.skillLevel >= minimumSkill
            let (title, skill) = (wireName(teacher.titleRank), wireName(teacher.skillLevel))
            let explanation =
                if byTitle { "title \(title) meets \(wireName(minimumTitle))" } else if bySkill {
                    "skill \(skill) meets \(wireName(minimumSkill))"
                } else {
                    "neither title \(title) reaches \(wireName(minimumTitle)) nor skill \(skill) reaches \(wireName(minimumSkill))"
                }
            return line(
                .titleOrSkill, met: byTitle || bySkill,
                rule:
                    "title ≥ \(wireName(minimumTitle)) (副高级及以上职称) or skill ≥ \(wireName(minimumSkill)) (高级技师及以上技能等级)",
                clause: clause(2),
                figures: [
                    figure("title_rank", title), figure("min_title_rank", wireName(minimumTitle)),
                    figure("skill_level", skill), figure("min_skill_level", wireName(minimumSkill)),
                ],
                explanation: explanation + " for \(tier)")
        }

        func title() -> EligibilityLine {
            let minimum = tier == .leadTeacher ? TitleRank.associateSenior : .intermediate
            let met = teacher.titleRank >= minimum
            let actual = wireName(teacher.titleRank)
            let plan = tier == .leadTeacher ? "副高级及以上职称" : "中级及以上职称"
            return line(
                .title, met: met, rule: "title ≥ \(wireName(minimum)) (\(plan))", clause: clause(2),
                figures: [figure("title_rank", actual), figure("min_title_rank", wireName(minimum))],
                explanation: met
                    ? "title \(actual) meets \(wireName(minimum)) for \(tier)"
                    : "title \(actual) is below \(wireName(minimum)) for \(tier)")
        }

        func subjectSkill() -> EligibilityLine {
            let minimum = tier == .leadTeacher ? SkillLevel.technician : .seniorWorker
            let plan = tier == .leadTeacher ? "技师及以上" : "高级及以上"
            let rule =
                "professional-course teachers: skill ≥ \(wireName(minimum)) (\(plan)技能等级) in or close to the subject taught (相关或相近)"
            guard teacher.courseKind == .professional else {
                return notApplicable(.subjectSkill, rule: rule, clause: clause(2))
            }
            let skill = wireName(teacher.skillLevel)
            let levelMet = teacher.skillLevel >= minimum
            let related = teacher.skillCertificateRelatedToSubject
            let subject = "the subject taught (\(teacher.subjectTaught))"
            let explanation =
                switch (levelMet, related) {
                case (true, true):
                    "skill \(skill) in \(teacher.skillOccupation) meets \(wireName(minimum)) and is related to \(subject)"
                case (true, false): "skill \(skill) meets \(wireName(minimum)) but is not recorded as related to \(subject)"
                case (false, _): "skill \(skill) is below \(wireName(minimum)) for \(tier)"
                }
            return line(
                .subjectSkill, met: levelMet && related, rule: rule, clause: clause(2),
                figures: [
                    figure("skill_level", skill), figure("min_skill_level", wireName(minimum)),
                    figure("skill_certificate_related_to_subject", related), figure("skill_occupation", teacher.skillOccupation),
                    figure("subject_taught", teacher.subjectTaught),
                ],
                explanation: explanation)
        }

        func enterprisePractice() -> EligibilityLine {
            let minimum: Int32 = 6
            let rule =
                "professional-course teachers: enterprise practice ≥ \(minimum) months in the 5 years before the reference date \(referenceDate) (近5年累计企业实践不少于6个月), declared no more than 1 year before it"
            guard teacher.courseKind == .professional else {
                return notApplicable(.enterprisePractice, rule: rule, clause: clause(3))
            }
            let months = teacher.enterprisePracticeMonthsLast5Years
            var figures = [
                figure("enterprise_practice_months", months, unit: "months"),
                figure("min_enterprise_practice_months", minimum, unit: "months"),
                figure("enterprise_practice_as_of", teacher.enterprisePracticeAsOf?.description ?? ""),
                // Not a condition: longer industry experience is a plus the experts weigh (者优先).
                figure("industry_experience_months", teacher.industryExperienceMonths, unit: "months"),
            ]
            let (met, explanation): (Bool, String)
            if let asOf = teacher.enterprisePracticeAsOf, asOf > referenceDate {
                (met, explanation) = (false, "the enterprise practice is declared as of \(asOf), after the reference date")
            } else if let asOf = teacher.enterprisePracticeAsOf, asOf < Eligibility.oneYear(before: referenceDate) {
                (met, explanation) = (
                    false,
                    "the enterprise practice declared as of \(asOf) is more than a year old and no longer describes the 5 years before \(referenceDate)"
                )
            } else if let asOf = teacher.enterprisePracticeAsOf {
                (met, explanation) =
                    months >= minimum
                    ? (true, "\(count(months, "month")) of enterprise practice (as of \(asOf)) meet \(minimum)")
                    : (false, "\(count(months, "month")) of enterprise practice (as of \(asOf)) fall short of \(minimum)")
            } else {
                (met, explanation) = (false, "no date is declared for the enterprise practice, so the 5 years cannot be placed")
            }
            figures.append(figure("earliest_as_of", Eligibility.oneYear(before: referenceDate).description))
            return line(.enterprisePractice, met: met, rule: rule, clause: clause(3), figures: figures, explanation: explanation)
        }

        func industryExperience() -> EligibilityLine {
            let minimum: Int32 = 24
            let months = teacher.industryExperienceMonths
            let met = months >= minimum
            return line(
                .industryExperience, met: met,
                rule: "industry work or technical service to enterprises ≥ \(minimum) months (两年以上相关行业企业工作经历或技术服务经历)",
                clause: clause(4),
                figures: [
                    figure("industry_experience_months", months, unit: "months"),
                    figure("min_industry_experience_months", minimum, unit: "months"),
                ],
                explanation: met
                    ? "\(count(months, "month")) of industry experience meet \(minimum)"
                    : "\(count(months, "month")) of industry experience fall short of \(minimum)")
        }

        func researchOrHonour() -> EligibilityLine {
            let projects = teacher.researchProjects.filter {
                $0.level >= .municipal && $0.role >= .mainParticipant && $0.concluded
            }
            let awards = teacher.awards.filter { $0.kind == .teachingResearchResult && Eligibility.isFirstPrizeOrAbove($0) }
            let honours = teacher.honours.filter { $0.level >= .municipal }
            let evidence = projects.map(\.id) + awards.map(\.id) + honours.map(\.id)
            let met = !evidence.isEmpty
            return line(
                .researchOrHonour, met: met,
                rule:
                    "hosted or mainly took part in a concluded municipal-or-above research project, or a research result won a municipal first prize or above (a municipal first or special prize, or any placed prize at ministerial or national level), or a municipal-or-above honour",
                clause: clause(4),
                figures: [
                    figure("qualifying_projects", projects.count), figure("qualifying_awards", awards.count),
                    figure("qualifying_honours", honours.count),
                ],
                evidenceIDs: evidence,
                explanation: met
                    ? "qualifying evidence: \(evidence.joined(separator: ", "))"
                    : "no concluded municipal-or-above project hosted or mainly taken part in, no research result with a municipal first prize or above, and no municipal-or-above honour among \(count(teacher.researchProjects.count, "project")), \(count(teacher.awards.count, "award")) and \(count(teacher.honours.count, "honour"))"
            )
        }

        func recentHostedProject() -> EligibilityLine {
            let year = referenceDate.year
            let earliest = Int32(year - 3)
            let projects = teacher.researchProjects.filter {
                $0.role == .host && $0.level >= .municipal && $0.year <= Int32(year)
                    && ($0.year >= earliest || !$0.concluded || ($0.concludedYear ?? $0.year) >= earliest)
            }
            let met = !projects.isEmpty
            return line(
                .recentHostedProject, met: met,
                rule:
                    "hosted a municipal-or-above research project or programme running at some time in \(earliest)–\(year) (近三年主持): started by \(year), and started in or after \(earliest), still running, or concluded in or after \(earliest)",
                clause: clause(4),
                figures: [
                    figure("qualifying_projects", projects.count), figure("reference_year", year),
                    figure("earliest_year", earliest),
                ],
                evidenceIDs: projects.map(\.id),
                explanation: met
                    ? "hosted \(projects.map(\.id).joined(separator: ", ")) running in \(earliest)–\(year)"
                    : "no municipal-or-above project hosted and running in \(earliest)–\(year) among \(count(teacher.researchProjects.count, "project"))"
            )
        }

        func competitionAward() -> EligibilityLine {
            let awards = teacher.awards.filter {
                ($0.kind == .competitionContestant || $0.kind == .competitionCoach)
                    && ($0.level == .municipal ? $0.rank >= .first : $0.level >= .ministerial && $0.rank >= .second)
            }
            let met = !awards.isEmpty
            return line(
                .competitionAward, met: met,
                rule:
                    "the teacher, or students or teachers they guided, won a competition prize: municipal first prize or above, or national second prize or above (a ministerial (部级) prize counts as national)",
                clause: clause(5),
                figures: [figure("qualifying_awards", awards.count)],
                evidenceIDs: awards.map(\.id),
                explanation: met
                    ? "qualifying awards: \(awards.map(\.id).joined(separator: ", "))"
                    : "no competition prize at municipal first or national second or above among \(count(teacher.awards.count, "award"))"
            )
        }

        func expertJudgement() -> EligibilityLine {
            let (clause, items) =
                switch tier {
                case .masterTeacher:
                    (
                        clause(5, 6),
                        "deep professional theory and skill, advanced teaching, results in the national integrated work-study reform (5); outstanding achievements and reputation in Beijing, the industry or the region (6)"
                    )
                case .leadTeacher:
                    (
                        clause(3, 4),
                        "professional-development ability, standards and results, leading professional development and integrated curriculum standards (3); applied research, market insight, guidance and close ties with industry (4)"
                    )
                case .keyTeacher, .team:
                    (
                        clause(3, 4),
                        "solid theory and professional knowledge, good teaching results, integrated teaching ability (3); teaching and research duties completed, notable results, development potential (4)"
                    )
                }
            return EligibilityLine(
                criterion: .expertJudgement, status: .needsExpertJudgement, waivable: false,
                rule: "qualitative items judged by experts: \(items)", planClause: clause,
                explanation: "the qualitative items of \(clause) are judged by experts in the comprehensive evaluation")
        }
    }

    /// A municipal first prize or above (市级一等奖及以上): a municipal first or special prize, or
    /// any placed prize (third or better) at ministerial or national level.
    static func isFirstPrizeOrAbove(_ award: Award) -> Bool {
        switch award.level {
        case .school, .district: false
        case .municipal: award.rank >= .first
        case .ministerial, .national: award.rank >= .third
        }
    }

    /// The same day a year earlier; 28 February for 29 February. Dates before 1900 cannot be
    /// represented, so for a reference date in 1900 it is 1900-01-01 (any recorded date is later).
    static func oneYear(before date: CivilDate) -> CivilDate {
        CivilDate(year: date.year - 1, month: date.month, day: date.day)
            ?? CivilDate(year: date.year - 1, month: date.month, day: date.day - 1)
            ?? CivilDate(year: 1900, month: 1, day: 1)!
    }
}
