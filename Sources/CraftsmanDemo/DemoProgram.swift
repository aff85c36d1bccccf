import Craftsman

/// A whole, realistic program for demos: Beijing technical schools and their teachers, the
/// accounts that work on them, and two selection rounds, driven through the domain commands
/// by a simulated clock (office hours on working days, with the announced public holidays).
///
/// - **Registry** (January 2024): the schools and teachers of ``DemoRegistry``, each teacher
///   registered by their school's operator, then the schools' teams (优秀匠师团队; one for every
///   40 teachers, the schools in turn, at most two per school; about one in six deliberately
///   imperfect). In June 2026 new teams formed since (one in every second school).
/// - **Accounts**: a bureau administrator, one operator per school, 24 experts (a third of them
///   working at a school, so conflict-of-interest avoidance matters) and an auditor.
/// - **Program configuration**: the defaults with the 2024 holidays, then the 2025 and 2026 ones
///   as each year's arrangement was announced (three versions).
/// - **Round 2024** (nominations 2024-03-04 to 2024-04-30), carried to confirmation: first the
///   schools bring the teams they consider up to date (teachers not in post or not attested
///   leave, a teacher joins now and then; after a review that found a role missing, the role is
///   made up) and nominate teams for TEAM, about 2.2–3 times the quota (a few missing a hard
///   criterion); then the strongest teachers per individual tier who are in no nominated team
///   (some needing an AGE or EDUCATION waiver, a few not eligible), so that nobody takes part in
///   two nominations of a round. School publicity with objections, submissions and lapses,
///   waiver decisions and qualification review (unmet criteria named in the failure reasons),
///   expert scoring on each tier's weighted rubric (TEAM's too), the provisional list, a public
///   notice with an upheld objection, a promotion and its supplementary notice, confirmation:
///   the quota or everyone who passed per tier, up to 8 team projects.
/// - **Round 2026** (nominations 2026-09-01 to 2026-10-31), in evaluation: the same story, the
///   teams and teachers in cultivation since 2024 not nominated again, and a team is changed only
///   before its school publicity; about half of the expert scores are in when the clock stops,
///   in late November 2026.
///
/// Every choice comes from ``DemoRandom``: the same arguments give the same steps on every machine.
///
/// ```swift
/// var model = Model()
/// for step in try DemoProgram.steps() {
///     for change in step.changes { try model.apply(change) }
/// }
/// ```
public enum DemoProgram {
    /// What one command changed, when, by whom and why: one journal record.
    public struct Step: Sendable {
        /// The simulated clock, ms since the Unix epoch (Beijing office hours).
        public var recordedAtUnixMilliseconds: Int64
        /// The account acting; `bootstrap` for the first account, made before any existed.
        public var actorAccountID: String
        public var reason: String
        /// The command's planned changes, in order; a registry change travels alone.
        public var changes: [Change]

        public init(recordedAtUnixMilliseconds: Int64, actorAccountID: String, reason: String, changes: [Change]) {
            self.recordedAtUnixMilliseconds = recordedAtUnixMilliseconds
            self.actorAccountID = actorAccountID
            self.reason = reason
            self.changes = changes
        }
    }

    /// The day the registry is recorded, and the date its teachers' careers are drawn up to.
    public static let registryDate = CivilDate(year: 2024, month: 1, day: 8)!

    /// Every step of the demo program, in order.
    ///
    /// - Parameters:
    ///   - seed: Chooses everything; the same seed gives the same steps.
    ///   - schools: How many schools (at least 2).
    ///   - teachers: How many teachers, spread evenly over the schools.
    /// - Returns: The steps; applied in order to an empty ``Model`` they build the program.
    /// - Throws: `DomainError` if a command refuses a step, which is a bug of the generator or
    ///   of the domain (the sizes are too small for a round when fewer than a few hundred teachers).
    public static func steps(seed: UInt64 = 2024, schools: Int = 40, teachers: Int = 3000) throws -> [Step] {
        precondition(schools >= 2 && teachers >= schools, "the demo needs at least 2 schools and a teacher per school")
        var generator = DemoGenerator(seed: seed, schoolCount: schools, teacherCount: teachers)
        try generator.run()
        return generator.steps
    }
}
