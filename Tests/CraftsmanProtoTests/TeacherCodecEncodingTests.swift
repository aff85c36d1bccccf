import CraftsmanProtoTesting
import Testing

@testable import CraftsmanProto

/// The hand-written teacher encoder writes exactly protobuf-c's bytes: for every value it
/// encodes, the generic path gives the same bytes, which decode to the value again; for every
/// value it hands over (nil), `serializedBytes()` gives the generic path's bytes or error.
@Suite("Teacher codec: encoding")
struct TeacherCodecEncodingTests {
    // MARK: - Checking both paths

    /// What ``expectSameEncoding(_:sourceLocation:)`` saw.
    enum Outcome: Equatable {
        /// The hand-written encoder answered (and protobuf-c wrote the same bytes).
        case direct
        /// The hand-written encoder handed the value over.
        case generic
    }

    /// The first offset where `direct` and `generic` differ, with a few bytes of each around it.
    static func difference(_ direct: [UInt8], _ generic: [UInt8]) -> String {
        let offset = zip(direct, generic).enumerated().first { $1.0 != $1.1 }?.offset ?? min(direct.count, generic.count)
        let window = max(0, offset - 4)..<offset + 8
        return "\(direct.count) bytes against protobuf-c's \(generic.count), first differing at \(offset): "
            + "\(direct[window.clamped(to: direct.indices)]) against \(generic[window.clamped(to: generic.indices)])"
    }

    /// Encodes `message` with the hand-written encoder alone, the generic path alone and the
    /// public entry; records an issue when the hand-written bytes are not protobuf-c's, when it
    /// answers for a value the generic path refuses, when the public entry's result is not the
    /// generic path's, or when the bytes do not decode to `message`.
    @discardableResult
    static func expectSameEncoding<M: CMessageBridged>(_ message: M, sourceLocation: SourceLocation = #_sourceLocation)
        -> Outcome
    {
        let generic = Result { () throws(ProtoEncodingError) in try ProtoCodec.encodeGenerically(message) }
        let viaPublicEntry = Result { () throws(ProtoEncodingError) in try message.serializedBytes() }
        #expect(viaPublicEntry == generic, "\(M.protoMessageName): the public entry differs", sourceLocation: sourceLocation)
        guard let direct = M.directlyEncoded(message) else { return .generic }
        switch generic {
        case .success(let bytes):
            if direct != bytes {
                Issue.record("\(M.protoMessageName): \(difference(direct, bytes))", sourceLocation: sourceLocation)
            }
            let decoded = Result { () throws(ProtoDecodingError) in try M(serializedBytes: direct) }
            #expect(
                decoded == .success(message), "\(M.protoMessageName) does not decode to itself", sourceLocation: sourceLocation)
        case .failure(let error):
            let issue =
                "\(M.protoMessageName): the hand-written encoder writes \(direct.count) bytes; the generic path refuses "
                + "the value: \(error)"
            Issue.record(Comment(rawValue: issue), sourceLocation: sourceLocation)
        }
        return .direct
    }

    /// ``expectSameEncoding(_:sourceLocation:)`` for `teacher` bare and in every message that
    /// carries one, journal entries included; records an issue for any that is handed over.
    static func expectDirectEncodings(
        of teacher: Teacher, nationalID: String = "11010519491231002X", sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let stored = StoredTeacher(teacher: teacher, nationalID: nationalID)
        let outcomes = [
            expectSameEncoding(teacher, sourceLocation: sourceLocation),
            expectSameEncoding(GetTeacherResponse(teacher: teacher), sourceLocation: sourceLocation),
            expectSameEncoding(CreateTeacherResponse(teacher: teacher), sourceLocation: sourceLocation),
            expectSameEncoding(stored, sourceLocation: sourceLocation),
            expectSameEncoding(
                JournalEntry(
                    recordedAtUnixMs: teacher.updatedAtUnixMs, actorAccountID: "A-1", reason: "新教师入职",
                    change: .teacherCreated(stored)),
                sourceLocation: sourceLocation),
            expectSameEncoding(JournalEntry(change: .teacherUpdated(stored)), sourceLocation: sourceLocation),
        ]
        #expect(outcomes.allSatisfy { $0 == .direct }, "\(outcomes)", sourceLocation: sourceLocation)
    }

    /// The same for `input`, bare and in a `CreateTeacherRequest`.
    static func expectDirectEncodings(of input: TeacherInput, sourceLocation: SourceLocation = #_sourceLocation) {
        let outcomes = [
            expectSameEncoding(input, sourceLocation: sourceLocation),
            expectSameEncoding(CreateTeacherRequest(teacher: input, reason: "新教师入职 ✓"), sourceLocation: sourceLocation),
            expectSameEncoding(CreateTeacherRequest(teacher: input), sourceLocation: sourceLocation),
        ]
        #expect(outcomes.allSatisfy { $0 == .direct }, "\(outcomes)", sourceLocation: sourceLocation)
    }

    // MARK: - Values

    @Test("realistic teachers and inputs encode to protobuf-c's bytes")
    func demoValues() {
        for teacher in TeacherCodecTests.demoTeachers { Self.expectDirectEncodings(of: teacher) }
        for input in TeacherCodecTests.demoInputs { Self.expectDirectEncodings(of: input) }
    }

    @Test("example teachers and inputs with every field set encode to protobuf-c's bytes")
    func exampleValues() {
        for teacher in TeacherCodecTests.exampleTeachers { Self.expectDirectEncodings(of: teacher) }
        for input in TeacherCodecTests.exampleInputs { Self.expectDirectEncodings(of: input) }
        for seed in 0..<UInt64(64) {
            var source = ExampleSource(seed: seed)
            Self.expectDirectEncodings(of: StoredTeacher.example(&source).teacher!, nationalID: source.string())
        }
    }

    @Test("defaults, empty records and empty messages encode to protobuf-c's bytes")
    func emptyValues() {
        for teacher in TeacherCodecTests.emptyTeachers { Self.expectDirectEncodings(of: teacher, nationalID: "") }
        let inputs = [
            TeacherInput(), TeacherInput(nationalID: ""), TeacherInput(name: "李娜", nationalID: "110101199001011234"),
            TeacherInput(
                birthDate: CivilDate(), teachingStartDate: CivilDate(), enterprisePracticeAsOf: CivilDate(),
                researchProjects: [ResearchProject(), ResearchProject(concludedYear: 0)], awards: [Award()],
                honours: [Honour(), Honour()], ethicsAttestation: Attestation()),
        ]
        for input in inputs { Self.expectDirectEncodings(of: input) }
        let empties: [Outcome] = [
            Self.expectSameEncoding(GetTeacherResponse()), Self.expectSameEncoding(CreateTeacherResponse()),
            Self.expectSameEncoding(StoredTeacher()), Self.expectSameEncoding(StoredTeacher(teacher: Teacher())),
            Self.expectSameEncoding(StoredTeacher(nationalID: "110101199001011234")),
            Self.expectSameEncoding(JournalEntry()),
            Self.expectSameEncoding(JournalEntry(change: .teacherCreated(StoredTeacher()))),
            Self.expectSameEncoding(JournalEntry(recordedAtUnixMs: -1, actorAccountID: "A-1", reason: "导入")),
            Self.expectSameEncoding(CreateTeacherRequest()), Self.expectSameEncoding(CreateTeacherRequest(reason: "入职")),
            Self.expectSameEncoding(CreateTeacherRequest(teacher: TeacherInput())),
        ]
        #expect(empties.allSatisfy { $0 == .direct })
        #expect(Teacher.directlyEncoded(Teacher()) == [])
        #expect(StoredTeacher.directlyEncoded(StoredTeacher(teacher: Teacher())) == [0x0A, 0])
    }

    @Test("every integer field at its extremes and every enum case encode to protobuf-c's bytes")
    func extremesAndEnumCases() {
        for value in [Int32.min, Int32.min + 1, -129, -128, -1, 1, 127, 128, 16_383, 16_384, Int32.max] {
            let date = CivilDate(year: value, month: value, day: value)
            Self.expectDirectEncodings(
                of: Teacher(
                    birthDate: date, teachingStartDate: date, enterprisePracticeMonthsLast5Years: value,
                    enterprisePracticeAsOf: date, industryExperienceMonths: value,
                    researchProjects: [ResearchProject(year: value, concludedYear: value)],
                    awards: [Award(year: value)], honours: [Honour(year: value)]))
            Self.expectDirectEncodings(
                of: TeacherInput(
                    birthDate: date, enterprisePracticeMonthsLast5Years: value, industryExperienceMonths: value,
                    researchProjects: [ResearchProject(concludedYear: value)]))
        }
        for value in [Int64.min, Int64(Int32.min) - 1, -1, 1, 127, 128, Int64(UInt32.max), Int64(UInt32.max) + 1, Int64.max] {
            Self.expectDirectEncodings(
                of: Teacher(
                    ethicsAttestation: Attestation(attestedAtUnixMs: value), createdAtUnixMs: value, updatedAtUnixMs: value,
                    revision: value))
        }
        for level in EducationLevel.allCases { Self.expectDirectEncodings(of: Teacher(highestEducation: level)) }
        for rank in TitleRank.allCases { Self.expectDirectEncodings(of: Teacher(titleRank: rank)) }
        for level in SkillLevel.allCases {
            Self.expectDirectEncodings(of: Teacher(skillLevel: level))
            Self.expectDirectEncodings(of: TeacherInput(skillLevel: level))
        }
        for kind in CourseKind.allCases {
            Self.expectDirectEncodings(of: Teacher(courseKind: kind))
            Self.expectDirectEncodings(of: TeacherInput(courseKind: kind))
        }
        for level in AdministrativeLevel.allCases {
            Self.expectDirectEncodings(
                of: Teacher(
                    researchProjects: [ResearchProject(level: level)], awards: [Award(level: level)],
                    honours: [Honour(level: level)]))
        }
        for role in ResearchRole.allCases {
            Self.expectDirectEncodings(of: Teacher(researchProjects: [ResearchProject(role: role)]))
        }
        for kind in AwardKind.allCases { Self.expectDirectEncodings(of: Teacher(awards: [Award(kind: kind)])) }
        for rank in AwardRank.allCases { Self.expectDirectEncodings(of: Teacher(awards: [Award(rank: rank)])) }
    }

    @Test("lengths in one to four bytes, at every boundary, encode to protobuf-c's bytes")
    func lengthBoundaries() {
        // Strings whose own length, and the lengths of the messages around them, cross 127 and
        // 16,383 bytes; one of 2 MiB has a length in four bytes.
        for count in Array(120...135) + Array(16_370...16_390) + [2_097_151, 2_097_152] {
            let name = String(repeating: "a", count: count)
            Self.expectDirectEncodings(of: Teacher(name: name, revision: 1))
            Self.expectDirectEncodings(of: Teacher(researchProjects: [ResearchProject(title: name)]))
            Self.expectDirectEncodings(of: TeacherInput(name: name, nationalID: ""))
        }
        // Chinese: three bytes a character, so the UTF-8 count, not the character count, is the length.
        let chinese = String(repeating: "基于工作过程的一体化课程开发", count: 400)
        Self.expectDirectEncodings(of: Teacher(name: chinese, honours: [Honour(title: chinese)]), nationalID: chinese)
        Self.expectDirectEncodings(of: TeacherInput(subjectTaught: chinese, nationalID: chinese))
    }

    @Test("many records, past the sizes kept on the stack, encode to protobuf-c's bytes")
    func manyRecords() {
        // 64 nested messages' sizes fit on the stack. Besides its records, the first teacher holds
        // four messages and sits one or two deep in its wrappers: counts around 64 cross the
        // boundary in each, and counts far beyond take the path that measures twice.
        for count in [0, 1, 2, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 200, 2_000] {
            let projects = (0..<count).map {
                ResearchProject(id: "R-\($0)", year: Int32($0), concludedYear: $0 % 2 == 0 ? 0 : nil)
            }
            Self.expectDirectEncodings(
                of: Teacher(
                    birthDate: CivilDate(year: 1980), teachingStartDate: CivilDate(), enterprisePracticeAsOf: CivilDate(),
                    researchProjects: projects, ethicsAttestation: Attestation()))
            Self.expectDirectEncodings(of: Teacher(awards: Array(repeating: Award(), count: count)))
            Self.expectDirectEncodings(of: TeacherInput(honours: Array(repeating: Honour(title: "荣誉"), count: count)))
        }
    }

    @Test("random values with every field at its default or not encode to protobuf-c's bytes")
    func randomValues() {
        for seed in 0..<UInt64(1_500) {
            var random = RandomValues(seed: seed)
            let teacher = random.teacher()
            Self.expectDirectEncodings(of: teacher, nationalID: random.string())
            let entry = JournalEntry(
                recordedAtUnixMs: random.int64(), actorAccountID: random.string(), reason: random.string(),
                change: [nil, .teacherCreated(StoredTeacher(teacher: teacher)), .teacherUpdated(StoredTeacher())][random.below(3)]
            )
            #expect(Self.expectSameEncoding(entry) == .direct)
            Self.expectDirectEncodings(of: random.input())
        }
    }

    // MARK: - Values handed over

    @Test("journal entries of other changes, or with selection changes, take the generic path")
    func otherJournalEntries() {
        let teacher = TeacherCodecTests.demoTeachers[0]
        let entries = [
            JournalEntry(change: .schoolCreated(School(id: "S-1", name: "北京市工业技师学院"))),
            JournalEntry(change: .schoolUpdated(School())), JournalEntry(change: .teamCreated(Team(id: "G-1"))),
            JournalEntry(change: .teamUpdated(Team())), JournalEntry(selectionChanges: [SelectionChange()]),
            JournalEntry(
                selectionChanges: [SelectionChange(change: .assignmentRevoked("E-1"))],
                change: .teacherCreated(StoredTeacher(teacher: teacher))),
        ]
        for entry in entries { #expect(Self.expectSameEncoding(entry) == .generic, "\(entry)") }
        for seed in ExampleSource.coveringSeeds(for: JournalEntry.self) {
            var source = ExampleSource(seed: seed)
            let entry = JournalEntry.example(&source)
            #expect(!entry.selectionChanges.isEmpty)
            #expect(Self.expectSameEncoding(entry) == .generic)
        }
    }

    /// Strings holding NUL where it is found at once, in the middle, and past a first word of 8 bytes.
    static let stringsWithNUL = ["\0", "a\0", "\0b", "张\0伟", "T-0000000000\0", String(repeating: "北京", count: 40) + "\0x"]

    /// Every string field of a teacher, as the generic path's error names it, and a way to put a
    /// value into it.
    static let teacherStrings: [(field: String, set: @Sendable (inout Teacher, String) -> Void)] = [
        ("craftsman.v1.Teacher.id", { $0.id = $1 }), ("craftsman.v1.Teacher.school_id", { $0.schoolID = $1 }),
        ("craftsman.v1.Teacher.name", { $0.name = $1 }),
        ("craftsman.v1.Teacher.national_id_masked", { $0.nationalIDMasked = $1 }),
        ("craftsman.v1.Teacher.skill_occupation", { $0.skillOccupation = $1 }),
        ("craftsman.v1.Teacher.subject_taught", { $0.subjectTaught = $1 }),
        ("craftsman.v1.ResearchProject.id", { $0.researchProjects[0].id = $1 }),
        ("craftsman.v1.ResearchProject.title", { $0.researchProjects[0].title = $1 }),
        ("craftsman.v1.ResearchProject.issuing_body", { $0.researchProjects[$0.researchProjects.count - 1].issuingBody = $1 }),
        ("craftsman.v1.Award.id", { $0.awards[0].id = $1 }), ("craftsman.v1.Award.title", { $0.awards[0].title = $1 }),
        ("craftsman.v1.Award.awarding_body", { $0.awards[$0.awards.count - 1].awardingBody = $1 }),
        ("craftsman.v1.Honour.id", { $0.honours[0].id = $1 }), ("craftsman.v1.Honour.title", { $0.honours[0].title = $1 }),
        ("craftsman.v1.Honour.awarding_body", { $0.honours[0].awardingBody = $1 }),
        ("craftsman.v1.Attestation.statement", { $0.ethicsAttestation!.statement = $1 }),
        ("craftsman.v1.Attestation.attested_by_account_id", { $0.ethicsAttestation!.attestedByAccountID = $1 }),
    ]

    /// Expects `message` to be handed over and refused by the generic path for a NUL, with the
    /// same error through `serializedBytes()`.
    static func expectRefused<M: CMessageBridged>(_ message: M, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(M.directlyEncoded(message) == nil, sourceLocation: sourceLocation)
        #expect(expectSameEncoding(message, sourceLocation: sourceLocation) == .generic, sourceLocation: sourceLocation)
        let thrown = #expect(throws: ProtoEncodingError.self, sourceLocation: sourceLocation) { try message.serializedBytes() }
        #expect(thrown?.code == .embeddedNUL, sourceLocation: sourceLocation)
    }

    @Test("a NUL in any string is handed over, and serializedBytes() throws the generic path's error")
    func stringsWithNULAreHandedOver() {
        let base = TeacherCodecTests.exampleTeachers.first { $0.researchProjects.count > 1 && $0.awards.count > 1 }!
        for (field, set) in Self.teacherStrings {
            for value in Self.stringsWithNUL {
                var teacher = base
                set(&teacher, value)
                let stored = StoredTeacher(teacher: teacher)
                Self.expectRefused(teacher)
                Self.expectRefused(GetTeacherResponse(teacher: teacher))
                Self.expectRefused(CreateTeacherResponse(teacher: teacher))
                Self.expectRefused(stored)
                Self.expectRefused(JournalEntry(change: .teacherUpdated(stored)))
                let error = #expect(throws: ProtoEncodingError.self) { try stored.serializedBytes() }
                #expect(error?.field == field)
            }
        }
        let teacher = TeacherCodecTests.demoTeachers[0]
        for value in Self.stringsWithNUL {
            Self.expectRefused(StoredTeacher(teacher: teacher, nationalID: value))
            Self.expectRefused(JournalEntry(actorAccountID: value, change: .teacherCreated(StoredTeacher(teacher: teacher))))
            Self.expectRefused(JournalEntry(reason: value))
            var input = TeacherCodecTests.exampleInputs[0]
            input.nationalID = value
            Self.expectRefused(input)
            Self.expectRefused(CreateTeacherRequest(teacher: input))
            input = TeacherCodecTests.demoInputs[0]
            input.name = value
            Self.expectRefused(input)
            input = TeacherCodecTests.demoInputs[0]
            input.awards.append(Award(awardingBody: value))
            Self.expectRefused(CreateTeacherRequest(teacher: input))
            Self.expectRefused(CreateTeacherRequest(teacher: TeacherCodecTests.demoInputs[1], reason: value))
            Self.expectRefused(GetTeacherRequest(teacherID: value))
        }
    }

    @Test(
        "GetTeacherRequest encodes to protobuf-c's bytes",
        arguments: ["", "T00000001", "T" + String(repeating: "9", count: 200), "教师"])
    func getTeacherRequest(_ id: String) {
        #expect(Self.expectSameEncoding(GetTeacherRequest(teacherID: id)) == .direct)
    }
}

/// Random teachers and inputs whose fields are each at their default or not, independently:
/// strings empty, short, long Chinese or around 128 bytes; integers 0, at their extremes or of
/// any size; every enum case, `unspecified` included; records absent, empty or several;
/// sub-messages absent, present and empty, or set.
struct RandomValues {
    private var source: ExampleSource

    init(seed: UInt64) {
        source = ExampleSource(seed: seed)
    }

    mutating func below(_ bound: Int) -> Int {
        Int(source.next() % UInt64(bound))
    }

    mutating func bool() -> Bool {
        below(2) == 1
    }

    mutating func int32() -> Int32 {
        switch below(4) {
        case 0: return 0
        case 1: return [Int32.min, Int32.max, -1, 1, 127, 128, -128, 16_383, 16_384][below(9)]
        default: return Int32(truncatingIfNeeded: Int64(bitPattern: source.next()) >> below(64))
        }
    }

    mutating func int64() -> Int64 {
        switch below(4) {
        case 0: return 0
        case 1: return [Int64.min, Int64.max, -1, 1, Int64(Int32.min), Int64(UInt32.max) + 1][below(6)]
        default: return Int64(bitPattern: source.next()) >> below(64)
        }
    }

    mutating func enumCase<E: ProtoEnum>(_: E.Type) -> E {
        let cases = Array(E.allCases)
        return cases[below(cases.count)]
    }

    private static let chinese = Array("张伟王芳李娜刘洋陈静北京市技工院校数控车工一体化课程开发职业技能大赛师德表现良好")

    mutating func string() -> String {
        switch below(6) {
        case 0, 1: return ""
        case 2: return source.string()
        case 3: return String((0..<below(300)).map { _ in Self.chinese[below(Self.chinese.count)] })
        case 4: return String(repeating: "a", count: below(260))
        default: return "T-\(source.next() % 100_000)"
        }
    }

    mutating func date() -> CivilDate? {
        switch below(3) {
        case 0: return nil
        case 1: return CivilDate()
        default: return CivilDate(year: int32(), month: int32(), day: int32())
        }
    }

    mutating func attestation() -> Attestation? {
        switch below(3) {
        case 0: return nil
        case 1: return Attestation()
        default:
            return Attestation(attested: bool(), statement: string(), attestedByAccountID: string(), attestedAtUnixMs: int64())
        }
    }

    mutating func records<T>(_ make: (inout RandomValues) -> T) -> [T] {
        (0..<[0, 0, 1, 2, 5][below(5)]).map { _ in make(&self) }
    }

    mutating func project() -> ResearchProject {
        ResearchProject(
            id: string(), title: string(), level: enumCase(AdministrativeLevel.self), role: enumCase(ResearchRole.self),
            concluded: bool(), year: int32(), issuingBody: string(), concludedYear: [nil, 0, int32()][below(3)])
    }

    mutating func award() -> Award {
        Award(
            id: string(), title: string(), kind: enumCase(AwardKind.self), level: enumCase(AdministrativeLevel.self),
            rank: enumCase(AwardRank.self), year: int32(), awardingBody: string())
    }

    mutating func honour() -> Honour {
        Honour(id: string(), title: string(), level: enumCase(AdministrativeLevel.self), year: int32(), awardingBody: string())
    }

    mutating func teacher() -> Teacher {
        Teacher(
            id: string(), schoolID: string(), name: string(), nationalIDMasked: string(), birthDate: date(),
            highestEducation: enumCase(EducationLevel.self), teachingStartDate: date(), titleRank: enumCase(TitleRank.self),
            skillLevel: enumCase(SkillLevel.self), skillOccupation: string(), skillCertificateRelatedToSubject: bool(),
            courseKind: enumCase(CourseKind.self), subjectTaught: string(), employedInPost: bool(),
            enterprisePracticeMonthsLast5Years: int32(), enterprisePracticeAsOf: date(), industryExperienceMonths: int32(),
            researchProjects: records { $0.project() }, awards: records { $0.award() }, honours: records { $0.honour() },
            ethicsAttestation: attestation(), createdAtUnixMs: int64(), updatedAtUnixMs: int64(), revision: int64())
    }

    mutating func input() -> TeacherInput {
        TeacherInput(
            schoolID: string(), name: string(), birthDate: date(), highestEducation: enumCase(EducationLevel.self),
            teachingStartDate: date(), titleRank: enumCase(TitleRank.self), skillLevel: enumCase(SkillLevel.self),
            skillOccupation: string(), skillCertificateRelatedToSubject: bool(), courseKind: enumCase(CourseKind.self),
            subjectTaught: string(), employedInPost: bool(), enterprisePracticeMonthsLast5Years: int32(),
            enterprisePracticeAsOf: date(), industryExperienceMonths: int32(), researchProjects: records { $0.project() },
            awards: records { $0.award() }, honours: records { $0.honour() }, ethicsAttestation: attestation(),
            nationalID: [nil, "", string()][below(3)])
    }
}
