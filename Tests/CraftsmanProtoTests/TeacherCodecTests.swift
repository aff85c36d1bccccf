import CraftsmanDemo
import CraftsmanProtoTesting
import Testing

@testable import CraftsmanProto

/// The hand-written teacher decoder gives exactly what the generic path gives: for every input it
/// accepts, the generic path decodes the same value (compared by `==` and by the bytes it encodes
/// to, since `String`'s `==` ignores differences of normalisation); everything else it hands over.
@Suite("Teacher codec")
struct TeacherCodecTests {
    // MARK: - Checking both paths

    /// What ``expectAgreement(_:_:limits:fast:sourceLocation:)`` saw.
    enum Outcome: Equatable {
        /// The hand-written decoder answered (and the generic path agreed).
        case direct
        /// The hand-written decoder handed the input over.
        case generic
    }

    /// Why `direct`, the hand-written decoder's answer, is wrong when the generic path gives
    /// `generic`, or nil when it is right: nil (handed over), or the generic path's value, equal
    /// and encoding to the same bytes.
    static func divergence<M: ProtoMessage>(direct: M?, generic: Result<M, ProtoDecodingError>) -> String? {
        guard let direct else { return nil }
        switch generic {
        case .success(let value):
            let directBytes = Result { () throws(ProtoEncodingError) in try direct.serializedBytes() }
            let genericBytes = Result { () throws(ProtoEncodingError) in try value.serializedBytes() }
            guard direct == value, directBytes == genericBytes else {
                return "the hand-written decoder gives \(direct), the generic path \(value)"
            }
            return nil
        case .failure(let error):
            return "the hand-written decoder gives \(direct); the generic path refuses the input: \(error)"
        }
    }

    /// Decodes `bytes` with the hand-written decoder alone, the generic path alone and the public
    /// entry, and records an issue on any ``divergence(direct:generic:)``, or when the public
    /// entry's result is not the generic path's.
    @discardableResult
    static func expectAgreement<M: CMessageBridged>(
        _: M.Type,
        _ bytes: [UInt8],
        limits: DecodingLimits = .default,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Outcome {
        bytes.withUnsafeBytes { raw in
            let generic = Result { () throws(ProtoDecodingError) in
                try ProtoCodec.decodeGenerically(M.self, from: raw, limits: limits)
            }
            let viaPublicEntry = Result { () throws(ProtoDecodingError) in try M(serializedBytes: raw, limits: limits) }
            #expect(viaPublicEntry == generic, "input \(bytes.prefix(64))", sourceLocation: sourceLocation)
            let direct = M.directlyDecoded(raw, limits: limits)
            if let divergence = divergence(direct: direct, generic: generic) {
                Issue.record("\(M.protoMessageName), input \(bytes.prefix(64)): \(divergence)", sourceLocation: sourceLocation)
            }
            return direct == nil ? .generic : .direct
        }
    }

    /// ``expectAgreement(_:_:limits:sourceLocation:)`` for each type that has a hand-written decoder.
    static func expectAgreementForEveryType(
        _ bytes: [UInt8], limits: DecodingLimits = .default, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        expectAgreement(Teacher.self, bytes, limits: limits, sourceLocation: sourceLocation)
        expectAgreement(GetTeacherResponse.self, bytes, limits: limits, sourceLocation: sourceLocation)
        expectAgreement(CreateTeacherResponse.self, bytes, limits: limits, sourceLocation: sourceLocation)
        expectAgreement(TeacherInput.self, bytes, limits: limits, sourceLocation: sourceLocation)
        expectAgreement(CreateTeacherRequest.self, bytes, limits: limits, sourceLocation: sourceLocation)
        expectAgreement(StoredTeacher.self, bytes, limits: limits, sourceLocation: sourceLocation)
        expectAgreement(GetTeacherRequest.self, bytes, limits: limits, sourceLocation: sourceLocation)
    }

    // MARK: - Messages

    /// Teachers as the demo program makes them (Chinese names and bodies, research projects,
    /// awards, honours), with what the server adds: id, masked national ID, times, revision.
    static let demoInputs: [TeacherInput] = DemoRegistry.teachers(
        count: 200, schoolCount: 12, today: .init(unixMilliseconds: 1_764_374_400_000), seed: 7
    ).map(TeacherInput.init)

    static func teacher(from input: TeacherInput, number: Int) -> Teacher {
        let masked = input.nationalID.map { $0.isEmpty ? "" : String($0.prefix(3)) + "***********" + String($0.suffix(4)) }
        return Teacher(
            id: "T-\(number)", schoolID: input.schoolID, name: input.name, nationalIDMasked: masked ?? "",
            birthDate: input.birthDate, highestEducation: input.highestEducation,
            teachingStartDate: input.teachingStartDate, titleRank: input.titleRank, skillLevel: input.skillLevel,
            skillOccupation: input.skillOccupation,
            skillCertificateRelatedToSubject: input.skillCertificateRelatedToSubject, courseKind: input.courseKind,
            subjectTaught: input.subjectTaught, employedInPost: input.employedInPost,
            enterprisePracticeMonthsLast5Years: input.enterprisePracticeMonthsLast5Years,
            enterprisePracticeAsOf: input.enterprisePracticeAsOf, industryExperienceMonths: input.industryExperienceMonths,
            researchProjects: input.researchProjects, awards: input.awards, honours: input.honours,
            ethicsAttestation: input.ethicsAttestation.map {
                Attestation(
                    attested: $0.attested, statement: $0.statement, attestedByAccountID: "A-\(number % 9)",
                    attestedAtUnixMs: 1_764_000_000_000 + Int64(number))
            },
            createdAtUnixMs: 1_764_000_000_000 + Int64(number) * 1000, updatedAtUnixMs: 1_764_400_000_000,
            revision: Int64(number % 4 + 1))
    }

    static let demoTeachers: [Teacher] = demoInputs.enumerated().map { teacher(from: $1, number: $0 + 1) }

    /// Every field at a non-default value, from every kind of string the example source makes
    /// (ASCII, Chinese, emoji, combining marks, U+10FFFF), numbers at their extremes.
    static let exampleTeachers: [Teacher] = (0..<300).map { seed in
        var source = ExampleSource(seed: UInt64(seed))
        return Teacher.example(&source)
    }

    static let exampleInputs: [TeacherInput] = (0..<300).map { seed in
        var source = ExampleSource(seed: UInt64(seed))
        return TeacherInput.example(&source)
    }

    /// Defaults everywhere, and records present but empty (protobuf-c writes them as zero-length
    /// fields), in each place one can be.
    static let emptyTeachers: [Teacher] = [
        Teacher(),
        Teacher(birthDate: CivilDate()),
        Teacher(
            birthDate: CivilDate(), teachingStartDate: CivilDate(), enterprisePracticeAsOf: CivilDate(),
            researchProjects: [ResearchProject(), ResearchProject(concludedYear: 0)], awards: [Award(), Award()],
            honours: [Honour()], ethicsAttestation: Attestation()),
        Teacher(
            id: "T-1", name: "张伟", researchProjects: [ResearchProject(id: "R-1", concludedYear: 0)],
            revision: Int64.min),
        Teacher(
            name: "王芳", nationalIDMasked: "110***********123X", skillOccupation: "数控车工", subjectTaught: "数控加工",
            researchProjects: [
                ResearchProject(
                    id: "R-1", title: "基于工作过程的一体化课程开发", level: .municipal, role: .host, concluded: true, year: 2022,
                    issuingBody: "北京市人力资源和社会保障局", concludedYear: 2023)
            ],
            awards: [
                Award(
                    id: "A-1", title: "北京市职业技能大赛", kind: .competitionCoach, level: .municipal, rank: .first,
                    year: 2024, awardingBody: "北京市总工会")
            ],
            honours: [Honour(id: "H-1", title: "北京市优秀教师", level: .municipal, year: 2021, awardingBody: "北京市教委")],
            ethicsAttestation: Attestation(attested: true, statement: "师德表现良好", attestedByAccountID: "A-1")),
        Teacher(
            birthDate: CivilDate(year: Int32.min, month: -1, day: Int32.max), enterprisePracticeMonthsLast5Years: -1,
            industryExperienceMonths: Int32.min, createdAtUnixMs: -1, updatedAtUnixMs: Int64.max),
    ]

    /// Encodings of every kind of message with a hand-written decoder, made by protobuf-c.
    static func encodings(of teachers: [Teacher], inputs: [TeacherInput]) throws -> [[UInt8]] {
        var encodings: [[UInt8]] = []
        for teacher in teachers {
            encodings.append(try teacher.serializedBytes())
            encodings.append(try GetTeacherResponse(teacher: teacher).serializedBytes())
            encodings.append(try CreateTeacherResponse(teacher: teacher).serializedBytes())
            encodings.append(try StoredTeacher(teacher: teacher, nationalID: "11010519491231002X").serializedBytes())
        }
        for input in inputs {
            encodings.append(try input.serializedBytes())
            encodings.append(try CreateTeacherRequest(teacher: input, reason: "新教师入职").serializedBytes())
        }
        return encodings
    }

    /// Checks each teacher and input, bare and in its wrappers, takes the hand-written path and
    /// decodes to itself.
    static func expectDirectRoundTrips(_ teachers: [Teacher], _ inputs: [TeacherInput]) throws {
        func check<M: CMessageBridged>(_ message: M) throws {
            let bytes = try message.serializedBytes()
            #expect(expectAgreement(M.self, bytes) == .direct, "\(message)")
            #expect(try M(serializedBytes: bytes) == message)
        }
        for teacher in teachers {
            try check(teacher)
            try check(GetTeacherResponse(teacher: teacher))
            try check(CreateTeacherResponse(teacher: teacher))
            try check(StoredTeacher(teacher: teacher, nationalID: "11010519491231002X"))
            try check(StoredTeacher(teacher: teacher))
        }
        for input in inputs {
            try check(input)
            try check(CreateTeacherRequest(teacher: input, reason: "新教师入职 ✓"))
        }
        try check(GetTeacherResponse())
        try check(CreateTeacherRequest())
        try check(StoredTeacher())
        try check(StoredTeacher(nationalID: "110101199001011234"))
        try check(GetTeacherRequest())
        try check(GetTeacherRequest(teacherID: "T00000042"))
        try check(GetTeacherRequest(teacherID: "教师 ✓"))
    }

    @Test("realistic teachers take the hand-written path and decode to themselves")
    func demoTeachersRoundTrip() throws {
        #expect(Self.demoTeachers.contains { !$0.researchProjects.isEmpty && !$0.awards.isEmpty && !$0.honours.isEmpty })
        try Self.expectDirectRoundTrips(Self.demoTeachers, Self.demoInputs)
    }

    @Test("example teachers with every field set take the hand-written path and decode to themselves")
    func exampleTeachersRoundTrip() throws {
        try Self.expectDirectRoundTrips(Self.exampleTeachers, Self.exampleInputs)
    }

    @Test("teachers at their defaults and with empty records take the hand-written path")
    func emptyTeachersRoundTrip() throws {
        let inputs = [
            TeacherInput(), TeacherInput(nationalID: ""), TeacherInput(name: "李娜", nationalID: "110101199001011234"),
            TeacherInput(birthDate: CivilDate(), researchProjects: [ResearchProject()], ethicsAttestation: Attestation()),
        ]
        try Self.expectDirectRoundTrips(Self.emptyTeachers, inputs)
    }

    /// The encoding of each field of `bytes`, in order, as far as they are varint or
    /// length-delimited fields.
    static func fields(of bytes: [UInt8]) -> [[UInt8]] {
        bytes.withUnsafeBytes { raw in
            var reader = WireReader(raw)
            var fields: [[UInt8]] = []
            while !reader.isAtEnd {
                let start = reader.offset
                guard let (_, wireType) = reader.tag(),
                    wireType == 0 ? reader.varint() != nil : reader.lengthDelimited() != nil
                else { break }
                fields.append(Array(bytes[start..<reader.offset]))
            }
            return fields
        }
    }

    @Test("fields in any order and repeated fields interleaved decode as protobuf-c decodes them")
    func fieldOrder() throws {
        let teacher = Self.exampleTeachers[1]
        // Split the encoding into its fields and reverse them: protobuf-c accepts any order.
        let bytes = try teacher.serializedBytes()
        let fields = Self.fields(of: bytes)
        #expect(Array(fields.joined()) == bytes)
        #expect(fields.count > 10)
        let reversed = Array(fields.reversed().joined())
        #expect(Self.expectAgreement(Teacher.self, reversed) == .direct)
        // Project, award, project, honour, award: protobuf-c keeps each field's order.
        var records: [UInt8] = [0x92, 0x01, 2, 0x0A, 0, 0x9A, 0x01, 2, 0x0A, 0, 0x92, 0x01, 0, 0xA2, 0x01, 0, 0x9A, 0x01, 0]
        records += try Teacher(revision: 3).serializedBytes()
        #expect(Self.expectAgreement(Teacher.self, records) == .direct)
        let decoded = try Teacher(serializedBytes: records)
        #expect(decoded.researchProjects.count == 2 && decoded.awards.count == 2 && decoded.honours.count == 1)
    }

    // MARK: - Inputs handed over

    /// Unusual teachers that are still plain: the hand-written decoder decides them.
    static let plainTeachers: [[UInt8]] = [
        [0x30, 0x02, 0x2A, 0],  // education, then an empty birth date
        [0x2A, 2, 0x08, 0x01, 0x0A, 0],  // a birth date, then an empty id
        [0x78, 0x80, 0x80, 0x80, 0x80, 0xF8, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],  // enterprise months Int32.min
        [0xB0, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],  // created at -1
        [0x30, 0x00, 0x58, 0x00, 0x70, 0x01, 0x78, 0x00],  // defaults written out
        [0x92, 0x01, 2, 0x38, 0],  // a project that concluded in year 0
    ]

    /// Teachers with one oddity each; the hand-written decoder must hand every one over.
    static let oddTeachers: [[UInt8]] = [
        [0x0A, 1, 0x61, 0x0A, 1, 0x62],  // id twice: the last wins
        [0xC0, 0x01, 1, 0xC0, 0x01, 2],  // revision twice
        [0x2A, 0, 0x2A, 2, 0x08, 1],  // birth date twice: protobuf-c merges them
        [0xAA, 0x01, 0, 0xAA, 0x01, 0],  // attestation twice
        [0x0A, 1, 0x00],  // NUL in a string
        [0x1A, 3, 0x61, 0x00, 0x62],  // NUL inside a string
        [0x1A, 2, 0xC0, 0x80],  // overlong UTF-8 (a hidden NUL)
        [0x1A, 3, 0xED, 0xA0, 0x80],  // a surrogate
        [0x1A, 4, 0xF4, 0x90, 0x80, 0x80],  // past U+10FFFF
        [0x1A, 2, 0xE5, 0xBC],  // a Chinese character cut short
        [0x1A, 1, 0xFF],  // not UTF-8
        [0xC8, 0x01, 1],  // unknown field 25
        [0xD2, 0x01, 0],  // unknown field 26, length-delimited
        [0x78, 1, 0x88, 0x80, 0x01, 1],  // unknown field 8193 (a three-byte tag)
        [0x8A, 0x00, 1, 0x61],  // field 1 with a padded two-byte tag
        [0x0B],  // group start
        [0x0D, 0, 0, 0, 0],  // id with wire type 5
        [0x09, 0, 0, 0, 0, 0, 0, 0, 0],  // id with wire type 1
        [0x08, 1],  // id as a varint
        [0x32, 1, 1],  // education length-delimited (packed form of a singular enum)
        [0x2D, 0, 0, 0, 0],  // birth date with wire type 5
        [0x28, 1],  // birth date as a varint
        [0x30, 5],  // education 5: not in the schema
        [0x30, 0x7F],  // education 127
        [0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F],  // education -1 in 5 bytes
        [0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],  // education -1
        [0x30, 0x81, 0x80, 0x80, 0x80, 0x10],  // education 2^32 + 1: protobuf-c keeps 1
        [0x40, 6],  // title rank 6
        [0x48, 9],  // skill level 9
        [0x60, 4],  // course kind 4
        [0x58, 2],  // a bool of 2: protobuf-c reads true
        [0x70, 0x80, 0x01],  // a bool of 128
        [0x70, 0x81, 0x00],  // a padded bool
        [0x78, 0x80, 0x80, 0x80, 0x80, 0x10],  // enterprise months 2^32: protobuf-c keeps 0
        [0x78, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F],  // enterprise months -1 in 5 bytes
        [0x78, 0x80, 0x80, 0x80, 0x80, 0xF0, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],  // below Int32.min
        [0x78, 0x85, 0x00],  // a padded varint
        [0x78, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],  // a 10-byte varint
        [0x78, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02],  // over 64 bits
        [0x78, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],  // 11 bytes
        [0x0A, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00],  // a length in 6 bytes
        [0x0A, 0x81, 0x80, 0x80, 0x80, 0x00, 0x61],  // a length padded to 5 bytes
        [0x0A, 5, 0x61],  // a length past the end
        [0x2A, 3, 0x08, 0x01],  // a date's length past its end
        [0x2A, 4, 0x08, 1, 0x08, 2],  // year twice in a date
        [0x2A, 2, 0x20, 1],  // unknown field 4 in a date
        [0x2A, 2, 0x0A, 0],  // year length-delimited
        [0x2A, 6, 0x08, 0x80, 0x80, 0x80, 0x80, 0x10],  // year 2^32
        [0x92, 0x01, 4, 0x38, 0, 0x38, 0],  // concluded year twice
        [0x92, 0x01, 2, 0x18, 6],  // research level 6
        [0x92, 0x01, 2, 0x20, 4],  // research role 4
        [0x92, 0x01, 2, 0x28, 2],  // concluded 2
        [0x92, 0x01, 2, 0x48, 0],  // unknown field 9 in a project
        [0x92, 0x01, 3, 0x42, 1, 0x00],  // NUL in an issuing body
        [0x9A, 0x01, 2, 0x18, 4],  // award kind 4
        [0x9A, 0x01, 2, 0x28, 6],  // award rank 6
        [0x9A, 0x01, 2, 0x40, 0],  // unknown field 8 in an award
        [0x9A, 0x01, 4, 0x0A, 0, 0x0A, 0],  // an award's id twice
        [0xA2, 0x01, 2, 0x18, 9],  // honour level 9
        [0xA2, 0x01, 2, 0x30, 0],  // unknown field 6 in an honour
        [0xA2, 0x01, 3, 0x12, 1, 0xFF],  // invalid UTF-8 in an honour
        [0xAA, 0x01, 2, 0x08, 2],  // attested 2
        [0xAA, 0x01, 2, 0x28, 0],  // unknown field 5 in an attestation
        [0xAA, 0x01, 3, 0x12, 1, 0x00],  // NUL in a statement
        [0x92, 0x01],  // a project cut short
        [0x78],  // a varint cut short
        [0x00],  // field 0
        [0x07],  // field 0, wire type 7
    ]

    /// Inputs and requests with one oddity each.
    static let oddInputs: [[UInt8]] = [
        [0x1A, 0, 0x1A, 0],  // national ID twice
        [0x1A, 1, 0x00],  // NUL in the national ID
        [0x1A, 0],  // an empty national ID: fine
        [0x28, 5],  // education 5
        [0xA2, 0x01, 0, 0xA2, 0x01, 0],  // attestation twice
        [0xA8, 0x01, 0],  // unknown field 21
        [0x0A, 0, 0x0A, 0],  // (request) teacher twice
        [0x12, 1, 0x00],  // (request) NUL in the reason
        [0x18, 0],  // (request) unknown field 3
        [0x0A, 2, 0x28, 5],  // (request) education 5 inside the teacher
    ]

    @Test("odd inputs decode exactly as the generic path decodes them, and the oddities are handed over")
    func oddInputsAgree() throws {
        for bytes in Self.oddTeachers + Self.oddInputs {
            Self.expectAgreementForEveryType(bytes)
        }
        for (index, bytes) in Self.oddTeachers.enumerated() {
            let direct = bytes.withUnsafeBytes { Teacher.directlyDecoded($0, limits: .default) }
            #expect(direct == nil, "odd teacher \(index): \(bytes)")
        }
        for bytes in Self.plainTeachers {
            #expect(Self.expectAgreement(Teacher.self, bytes) == .direct, "\(bytes)")
        }
    }

    // MARK: - Limits

    @Test("tight limits are applied as the generic path applies them")
    func tightLimits() throws {
        let tight = [
            DecodingLimits(maxMessageBytes: 0), DecodingLimits(maxMessageBytes: 100), DecodingLimits(maxNestingDepth: 0),
            DecodingLimits(maxNestingDepth: 1), DecodingLimits(maxNestingDepth: 2), DecodingLimits(maxNestingDepth: 3),
            DecodingLimits(allocationBytesPerInputByte: 1, allocationSlackBytes: 16),
            DecodingLimits(allocationBytesPerInputByte: 63), DecodingLimits(allocationSlackBytes: 4095),
            DecodingLimits(allocationBytesPerInputByte: 64, allocationSlackBytes: 4096),
        ]
        let bytes = try Self.encodings(
            of: Self.emptyTeachers + Self.demoTeachers.prefix(5), inputs: Array(Self.demoInputs.prefix(5)))
        for limits in tight {
            for encoding in bytes {
                Self.expectAgreementForEveryType(encoding, limits: limits)
            }
        }
        var own = DecodingLimits.ownChecksummedData
        own.maxMessageBytes = 1 << 20
        for encoding in bytes + Self.oddTeachers {
            Self.expectAgreementForEveryType(encoding, limits: own)
        }
    }

    @Test("the lowest limits admitted let protobuf-c unpack the costliest plain teachers")
    func allocationBound() throws {
        let lowest = DecodingLimits(allocationBytesPerInputByte: 64, allocationSlackBytes: 4096)
        // Runs of empty records cost protobuf-c the most per input byte; its bookkeeping grows in
        // slabs of 32, 64, 128, … fields, so counts just past 16 + 32 + … are the worst.
        var counts = Array(0...40)
        for boundary in [48, 112, 240, 496, 1008, 2032] { counts += [boundary - 1, boundary, boundary + 1, boundary + 2] }
        for count in counts {
            let teachers = [
                Teacher(researchProjects: Array(repeating: ResearchProject(), count: count)),
                Teacher(awards: Array(repeating: Award(), count: count)),
                Teacher(honours: Array(repeating: Honour(), count: count)),
                Teacher(
                    birthDate: CivilDate(), teachingStartDate: CivilDate(), enterprisePracticeAsOf: CivilDate(),
                    researchProjects: Array(repeating: ResearchProject(concludedYear: 0), count: count / 3),
                    awards: Array(repeating: Award(), count: count / 3), honours: Array(repeating: Honour(), count: count / 3),
                    ethicsAttestation: Attestation()),
            ]
            let inputs = teachers.map {
                TeacherInput(
                    birthDate: $0.birthDate, researchProjects: $0.researchProjects, awards: $0.awards, honours: $0.honours,
                    ethicsAttestation: $0.ethicsAttestation, nationalID: "")
            }
            for encoding in try Self.encodings(of: teachers, inputs: inputs) {
                let raw = encoding
                // Each type the encoding is made for decodes under the lowest limits.
                var decodedAsSomething = false
                for outcome in [
                    Self.expectAgreement(Teacher.self, raw, limits: lowest),
                    Self.expectAgreement(GetTeacherResponse.self, raw, limits: lowest),
                    Self.expectAgreement(TeacherInput.self, raw, limits: lowest),
                    Self.expectAgreement(CreateTeacherRequest.self, raw, limits: lowest),
                    Self.expectAgreement(StoredTeacher.self, raw, limits: lowest),
                ] where outcome == .direct {
                    decodedAsSomething = true
                }
                #expect(decodedAsSomething, "\(count) records")
            }
        }
    }

    // MARK: - Malformed inputs

    /// Every prefix, and every byte changed to a few values, of `bytes`.
    static func variants(of bytes: [UInt8], source: inout ExampleSource) -> [[UInt8]] {
        var result: [[UInt8]] = []
        for length in 0..<bytes.count { result.append(Array(bytes[..<length])) }
        for index in bytes.indices {
            for value: UInt8 in [0, 1, 0x7F, 0x80, 0xFF, bytes[index] ^ 0x01, UInt8(truncatingIfNeeded: source.next())] {
                var changed = bytes
                changed[index] = value
                result.append(changed)
            }
        }
        return result
    }

    @Test("every prefix and single-byte change of valid teachers decodes as the generic path decodes it")
    func mutationsAgree() throws {
        var source = ExampleSource(seed: 13)
        let teachers = [Self.emptyTeachers[4]] + Self.demoTeachers.prefix(3) + Self.exampleTeachers.prefix(2)
        for teacher in teachers {
            let bytes = try teacher.serializedBytes()
            for variant in Self.variants(of: bytes, source: &source) {
                Self.expectAgreement(Teacher.self, variant)
            }
            for variant in Self.variants(of: try GetTeacherResponse(teacher: teacher).serializedBytes(), source: &source) {
                Self.expectAgreement(GetTeacherResponse.self, variant)
            }
            for variant in Self.variants(of: try GetTeacherRequest(teacherID: teacher.id).serializedBytes(), source: &source) {
                Self.expectAgreement(GetTeacherRequest.self, variant)
            }
            let stored = try StoredTeacher(teacher: teacher, nationalID: "11010519491231002X").serializedBytes()
            for variant in Self.variants(of: stored, source: &source) {
                Self.expectAgreement(StoredTeacher.self, variant)
            }
        }
        for input in Self.demoInputs.prefix(2) + Self.exampleInputs.prefix(1) {
            let request = try CreateTeacherRequest(teacher: input, reason: "入职").serializedBytes()
            for variant in Self.variants(of: request, source: &source) {
                Self.expectAgreement(CreateTeacherRequest.self, variant)
                Self.expectAgreement(TeacherInput.self, variant)
            }
        }
    }

    @Test("random inputs decode as the generic path decodes them")
    func randomInputsAgree() {
        var source = ExampleSource(seed: 17)
        // Tags of the teacher's fields with their right and wrong wire types, and bytes that make
        // small lengths, varints, UTF-8 and NUL.
        let pieces: [[UInt8]] = [
            [0x0A], [0x12], [0x1A], [0x22], [0x2A], [0x30], [0x3A], [0x40], [0x48], [0x52], [0x58], [0x60], [0x6A],
            [0x70], [0x78], [0x80, 0x01], [0x82, 0x01], [0x88, 0x01], [0x92, 0x01], [0x9A, 0x01], [0xA2, 0x01],
            [0xAA, 0x01], [0xB0, 0x01], [0xB8, 0x01], [0xC0, 0x01], [0x08], [0x10], [0x18], [0x20], [0x28], [0x38],
            [0x42], [0x00], [0x01], [0x02], [0x03], [0x05], [0x7F], [0x80], [0xFF], [0xE5, 0xBC, 0xA0], [0xC0, 0x80],
        ]
        for _ in 0..<30_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(source.next() % 14) {
                let random = source.next()
                if random % 4 == 0 {
                    bytes.append(UInt8(truncatingIfNeeded: random >> 8))
                } else {
                    bytes += pieces[Int((random >> 8) % UInt64(pieces.count))]
                }
            }
            Self.expectAgreementForEveryType(bytes)
        }
    }

    // MARK: - The check itself

    @Test("the check catches a decoder that accepts what the generic path refuses or decodes another value")
    func checkCatchesDivergence() throws {
        func generic(_ bytes: [UInt8]) -> Result<Teacher, ProtoDecodingError> {
            bytes.withUnsafeBytes { raw in
                Result { () throws(ProtoDecodingError) in
                    try ProtoCodec.decodeGenerically(Teacher.self, from: raw, limits: .default)
                }
            }
        }
        let nul: [UInt8] = [0x0A, 1, 0x00]
        #expect(Self.divergence(direct: nil, generic: generic(nul)) == nil)
        #expect(Self.divergence(direct: Teacher(), generic: generic(nul)) != nil)
        let plain: [UInt8] = [0x0A, 1, 0x61]
        #expect(Self.divergence(direct: Teacher(id: "a"), generic: generic(plain)) == nil)
        #expect(Self.divergence(direct: Teacher(id: "b"), generic: generic(plain)) != nil)
        // Equal by `==` but not the same bytes: é precomposed, and e with a combining accent.
        let decomposed: [UInt8] = [0x0A, 3, 0x65, 0xCC, 0x81]
        #expect(Teacher(id: "\u{E9}") == Teacher(id: "e\u{301}"))
        #expect(Self.divergence(direct: Teacher(id: "\u{E9}"), generic: generic(decomposed)) != nil)
        #expect(Self.divergence(direct: Teacher(id: "e\u{301}"), generic: generic(decomposed)) == nil)
    }
}
