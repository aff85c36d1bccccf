/// The editable fields of a teacher as a caller sent them, before validation: scales are the raw
/// wire numbers and dates the raw year, month and day, so that a refusal can quote the value given.
public struct TeacherDraft: Sendable {
    /// A date as given.
    public struct DateInput: Sendable, Equatable {
        public var year: Int32, month: Int32, day: Int32
        public init(year: Int32, month: Int32, day: Int32) {
            self.year = year
            self.month = month
            self.day = day
        }
    }

    /// What to do with the stored national ID.
    public enum NationalIDInput: Sendable, Equatable {
        /// Keep the stored one (none on create).
        case keep
        /// Store this one; empty erases it.
        case set(String)
    }

    public struct ResearchProjectInput: Sendable {
        public var id = "", title = "", issuingBody = ""
        public var level: Int32 = 0, role: Int32 = 0
        public var concluded = false
        public var year: Int32 = 0
        public var concludedYear: Int32?
        public init() {}
    }

    public struct AwardInput: Sendable {
        public var id = "", title = "", awardingBody = ""
        public var kind: Int32 = 0, level: Int32 = 0, rank: Int32 = 0
        public var year: Int32 = 0
        public init() {}
    }

    public struct HonourInput: Sendable {
        public var id = "", title = "", awardingBody = ""
        public var level: Int32 = 0
        public var year: Int32 = 0
        public init() {}
    }

    public struct AttestationInput: Sendable {
        public var attested = false
        public var statement = ""
        public init(attested: Bool, statement: String) {
            self.attested = attested
            self.statement = statement
        }
    }

    public var schoolID = ""
    public var name = ""
    public var nationalID = NationalIDInput.keep
    public var birthDate: DateInput?
    public var highestEducation: Int32 = 0
    public var teachingStartDate: DateInput?
    public var titleRank: Int32 = 0
    public var skillLevel: Int32 = 0
    public var skillOccupation = ""
    public var skillCertificateRelatedToSubject = false
    public var courseKind: Int32 = 0
    public var subjectTaught = ""
    public var employedInPost = false
    public var enterprisePracticeMonthsLast5Years: Int32 = 0
    public var enterprisePracticeAsOf: DateInput?
    public var industryExperienceMonths: Int32 = 0
    public var researchProjects: [ResearchProjectInput] = []
    public var awards: [AwardInput] = []
    public var honours: [HonourInput] = []
    public var ethicsAttestation: AttestationInput?

    public init() {}
}
