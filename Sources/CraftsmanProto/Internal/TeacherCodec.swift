/// A hand-written decoder for `craftsman.v1.Teacher`, the records inside it (`CivilDate`,
/// `ResearchProject`, `Award`, `Honour`, `Attestation`) and the messages that carry one
/// (`GetTeacherResponse`, `CreateTeacherResponse`, and the store's `StoredTeacher`).
///
/// Every read returns a whole teacher, and the generic path spends about twice the call's own
/// cost on it: the validator's walk over the descriptors, protobuf-c's unpack into C structs
/// and the copy of those into Swift values (each string checked again). This path reads the
/// wire bytes straight into the Swift values, and, like ``EnvelopeCodec``, it is only ever a
/// shortcut: whenever an input is anything but a plain, valid message (an unknown or repeated
/// singular field, a wrong wire type, a padded or long varint, a value protobuf-c would truncate,
/// invalid UTF-8, a NUL, an enum number the schema does not define, limits tighter than any
/// plain message needs) it answers nil, and the caller takes the generic path, which decides.
/// So accepted inputs, values and errors are exactly the generic path's; `TeacherCodecTests`
/// and the `envelope-decoder` fuzz target check that both paths agree.
///
/// Fields may come in any order and repeated fields interleaved, as protobuf-c accepts them.
enum TeacherCodec {
    /// Whether `limits` let every plain message of `count` bytes, nested up to `depth` deep,
    /// through the generic path, which enforces them.
    ///
    /// With singular fields never repeated, protobuf-c asks for less than 50 bytes per input
    /// byte: the costliest plain input is a run of empty records in a repeated field (3 bytes
    /// each on the wire; a C struct of at most 72 bytes, a pointer, and up to 64 bytes of
    /// protobuf-c's own bookkeeping per field). `TeacherCodecTests` checks such inputs decode
    /// under the lowest limits admitted here.
    static func admits(_ count: Int, _ limits: DecodingLimits, depth: Int) -> Bool {
        count <= limits.maxMessageBytes && limits.maxNestingDepth >= depth && limits.allocationBytesPerInputByte >= 64
            && limits.allocationSlackBytes >= 4096
    }

    /// Reads a reply whose one field is `Teacher teacher = 1` into `teacher`, the reply's own
    /// field (left nil when absent, and written in place: a teacher is a large value); false when
    /// the generic path must decide.
    static func reply(_ bytes: UnsafeRawBufferPointer, teacher: inout Teacher?) -> Bool {
        var reader = WireReader(bytes)
        while !reader.isAtEnd {
            // A second teacher would be merged into the first by protobuf-c: left to it.
            guard let (number, wireType) = reader.tag(), number == 1, wireType == 2, teacher == nil,
                let value = reader.lengthDelimited()
            else { return false }
            teacher = Teacher()
            guard read(value, into: &teacher!) else { return false }
        }
        return true
    }

    /// Reads a snapshot's or journal's `StoredTeacher` (the teacher, field 1, and the whole
    /// national ID, field 2) into `stored`; false when the generic path must decide. Loading a
    /// snapshot of 100,000 teachers is mostly this decoding.
    static func stored(_ bytes: UnsafeRawBufferPointer, into stored: inout StoredTeacher) -> Bool {
        var reader = WireReader(bytes)
        var seenNationalID = false
        while !reader.isAtEnd {
            guard let (number, wireType) = reader.tag(), wireType == 2 else { return false }
            switch number {
            case 1:
                // A second teacher would be merged into the first by protobuf-c: left to it.
                guard stored.teacher == nil, let value = reader.lengthDelimited() else { return false }
                stored.teacher = Teacher()
                guard read(value, into: &stored.teacher!) else { return false }
            case 2:
                guard !seenNationalID, let value = reader.string() else { return false }
                seenNationalID = true
                stored.nationalID = value
            default:
                return false
            }
        }
        return true
    }

    // Each message is read into a value its caller owns (`read(_:into:)`, false: the generic path
    // decides), and the functions named after the messages move a new one out: returning the
    // message being filled from the reading loop itself copied it whole (a retain per string)
    // and destroyed the original, a few percent of a client's time.

    static func teacher(_ bytes: UnsafeRawBufferPointer) -> Teacher? {
        var teacher = Teacher()
        guard read(bytes, into: &teacher) else { return nil }
        return consume teacher
    }

    static func read(_ bytes: UnsafeRawBufferPointer, into teacher: inout Teacher) -> Bool {
        var reader = WireReader(bytes)
        var seen: UInt32 = 0
        while !reader.isAtEnd {
            guard let (number, wireType) = reader.tag(), number <= 24 else { return false }
            // Research projects, awards and honours (18–20) repeat; a singular field given twice
            // is left to protobuf-c (the last wins, sub-messages merge).
            if number < 18 || number > 20 {
                guard seen & (1 << number) == 0 else { return false }
                seen |= 1 << number
            }
            switch (number, wireType) {
            case (1, 2):
                guard let value = reader.string() else { return false }
                teacher.id = value
            case (2, 2):
                guard let value = reader.string() else { return false }
                teacher.schoolID = value
            case (3, 2):
                guard let value = reader.string() else { return false }
                teacher.name = value
            case (4, 2):
                guard let value = reader.string() else { return false }
                teacher.nationalIDMasked = value
            case (5, 2):
                guard let value = reader.lengthDelimited(), let date = civilDate(value) else { return false }
                teacher.birthDate = date
            case (6, 0):
                guard let value = reader.enumValue(EducationLevel.self) else { return false }
                teacher.highestEducation = value
            case (7, 2):
                guard let value = reader.lengthDelimited(), let date = civilDate(value) else { return false }
                teacher.teachingStartDate = date
            case (8, 0):
                guard let value = reader.enumValue(TitleRank.self) else { return false }
                teacher.titleRank = value
            case (9, 0):
                guard let value = reader.enumValue(SkillLevel.self) else { return false }
                teacher.skillLevel = value
            case (10, 2):
                guard let value = reader.string() else { return false }
                teacher.skillOccupation = value
            case (11, 0):
                guard let value = reader.bool() else { return false }
                teacher.skillCertificateRelatedToSubject = value
            case (12, 0):
                guard let value = reader.enumValue(CourseKind.self) else { return false }
                teacher.courseKind = value
            case (13, 2):
                guard let value = reader.string() else { return false }
                teacher.subjectTaught = value
            case (14, 0):
                guard let value = reader.bool() else { return false }
                teacher.employedInPost = value
            case (15, 0):
                guard let value = reader.int32() else { return false }
                teacher.enterprisePracticeMonthsLast5Years = value
            case (16, 2):
                guard let value = reader.lengthDelimited(), let date = civilDate(value) else { return false }
                teacher.enterprisePracticeAsOf = date
            case (17, 0):
                guard let value = reader.int32() else { return false }
                teacher.industryExperienceMonths = value
            case (18, 2):
                guard let value = reader.lengthDelimited(), let project = researchProject(value) else { return false }
                teacher.researchProjects.append(project)
            case (19, 2):
                guard let value = reader.lengthDelimited(), let award = award(value) else { return false }
                teacher.awards.append(award)
            case (20, 2):
                guard let value = reader.lengthDelimited(), let honour = honour(value) else { return false }
                teacher.honours.append(honour)
            case (21, 2):
                guard let value = reader.lengthDelimited(), let attestation = attestation(value) else { return false }
                teacher.ethicsAttestation = attestation
            case (22, 0):
                guard let value = reader.int64() else { return false }
                teacher.createdAtUnixMs = value
            case (23, 0):
                guard let value = reader.int64() else { return false }
                teacher.updatedAtUnixMs = value
            case (24, 0):
                guard let value = reader.int64() else { return false }
                teacher.revision = value
            default:
                return false
            }
        }
        return true
    }

    static func civilDate(_ bytes: UnsafeRawBufferPointer) -> CivilDate? {
        var date = CivilDate()
        guard read(bytes, into: &date) else { return nil }
        return consume date
    }

    static func read(_ bytes: UnsafeRawBufferPointer, into date: inout CivilDate) -> Bool {
        var reader = WireReader(bytes)
        var seen: UInt8 = 0
        while !reader.isAtEnd {
            guard let (number, wireType) = reader.tag(), number <= 3, wireType == 0, seen & (1 << number) == 0,
                let value = reader.int32()
            else { return false }
            seen |= 1 << number
            switch number {
            case 1: date.year = value
            case 2: date.month = value
            default: date.day = value
            }
        }
        return true
    }

    static func attestation(_ bytes: UnsafeRawBufferPointer) -> Attestation? {
        var attestation = Attestation()
        guard read(bytes, into: &attestation) else { return nil }
        return consume attestation
    }

    static func read(_ bytes: UnsafeRawBufferPointer, into attestation: inout Attestation) -> Bool {
        var reader = WireReader(bytes)
        var seen: UInt8 = 0
        while !reader.isAtEnd {
            guard let (number, wireType) = reader.tag(), number <= 4, seen & (1 << number) == 0 else { return false }
            seen |= 1 << number
            switch (number, wireType) {
            case (1, 0):
                guard let value = reader.bool() else { return false }
                attestation.attested = value
            case (2, 2):
                guard let value = reader.string() else { return false }
                attestation.statement = value
            case (3, 2):
                guard let value = reader.string() else { return false }
                attestation.attestedByAccountID = value
            case (4, 0):
                guard let value = reader.int64() else { return false }
                attestation.attestedAtUnixMs = value
            default:
                return false
            }
        }
        return true
    }

    static func researchProject(_ bytes: UnsafeRawBufferPointer) -> ResearchProject? {
        var project = ResearchProject()
        guard read(bytes, into: &project) else { return nil }
        return consume project
    }

    static func read(_ bytes: UnsafeRawBufferPointer, into project: inout ResearchProject) -> Bool {
        var reader = WireReader(bytes)
        var seen: UInt16 = 0
        while !reader.isAtEnd {
            guard let (number, wireType) = reader.tag(), number <= 8, seen & (1 << number) == 0 else { return false }
            seen |= 1 << number
            switch (number, wireType) {
            case (1, 2):
                guard let value = reader.string() else { return false }
                project.id = value
            case (2, 2):
                guard let value = reader.string() else { return false }
                project.title = value
            case (3, 0):
                guard let value = reader.enumValue(AdministrativeLevel.self) else { return false }
                project.level = value
            case (4, 0):
                guard let value = reader.enumValue(ResearchRole.self) else { return false }
                project.role = value
            case (5, 0):
                guard let value = reader.bool() else { return false }
                project.concluded = value
            case (6, 0):
                guard let value = reader.int32() else { return false }
                project.year = value
            case (7, 0):
                // The one member of a oneof: present, even when 0.
                guard let value = reader.int32() else { return false }
                project.concludedYear = value
            case (8, 2):
                guard let value = reader.string() else { return false }
                project.issuingBody = value
            default:
                return false
            }
        }
        return true
    }

    static func award(_ bytes: UnsafeRawBufferPointer) -> Award? {
        var award = Award()
        guard read(bytes, into: &award) else { return nil }
        return consume award
    }

    static func read(_ bytes: UnsafeRawBufferPointer, into award: inout Award) -> Bool {
        var reader = WireReader(bytes)
        var seen: UInt8 = 0
        while !reader.isAtEnd {
            guard let (number, wireType) = reader.tag(), number <= 7, seen & (1 << number) == 0 else { return false }
            seen |= 1 << number
            switch (number, wireType) {
            case (1, 2):
                guard let value = reader.string() else { return false }
                award.id = value
            case (2, 2):
                guard let value = reader.string() else { return false }
                award.title = value
            case (3, 0):
                guard let value = reader.enumValue(AwardKind.self) else { return false }
                award.kind = value
            case (4, 0):
                guard let value = reader.enumValue(AdministrativeLevel.self) else { return false }
                award.level = value
            case (5, 0):
                guard let value = reader.enumValue(AwardRank.self) else { return false }
                award.rank = value
            case (6, 0):
                guard let value = reader.int32() else { return false }
                award.year = value
            case (7, 2):
                guard let value = reader.string() else { return false }
                award.awardingBody = value
            default:
                return false
            }
        }
        return true
    }

    static func honour(_ bytes: UnsafeRawBufferPointer) -> Honour? {
        var honour = Honour()
        guard read(bytes, into: &honour) else { return nil }
        return consume honour
    }

    static func read(_ bytes: UnsafeRawBufferPointer, into honour: inout Honour) -> Bool {
        var reader = WireReader(bytes)
        var seen: UInt8 = 0
        while !reader.isAtEnd {
            guard let (number, wireType) = reader.tag(), number <= 5, seen & (1 << number) == 0 else { return false }
            seen |= 1 << number
            switch (number, wireType) {
            case (1, 2):
                guard let value = reader.string() else { return false }
                honour.id = value
            case (2, 2):
                guard let value = reader.string() else { return false }
                honour.title = value
            case (3, 0):
                guard let value = reader.enumValue(AdministrativeLevel.self) else { return false }
                honour.level = value
            case (4, 0):
                guard let value = reader.int32() else { return false }
                honour.year = value
            case (5, 2):
                guard let value = reader.string() else { return false }
                honour.awardingBody = value
            default:
                return false
            }
        }
        return true
    }
}

// The hooks ``ProtoCodec/decode(_:from:limits:)`` consults before the generic path.

extension Teacher {
    static func directlyDecoded(_ bytes: UnsafeRawBufferPointer, limits: DecodingLimits) -> Teacher? {
        guard TeacherCodec.admits(bytes.count, limits, depth: 2) else { return nil }
        return TeacherCodec.teacher(bytes)
    }
}

extension GetTeacherResponse {
    static func directlyDecoded(_ bytes: UnsafeRawBufferPointer, limits: DecodingLimits) -> GetTeacherResponse? {
        guard TeacherCodec.admits(bytes.count, limits, depth: 3) else { return nil }
        var response = GetTeacherResponse()
        guard TeacherCodec.reply(bytes, teacher: &response.teacher) else { return nil }
        return consume response
    }
}

extension CreateTeacherResponse {
    static func directlyDecoded(_ bytes: UnsafeRawBufferPointer, limits: DecodingLimits) -> CreateTeacherResponse? {
        guard TeacherCodec.admits(bytes.count, limits, depth: 3) else { return nil }
        var response = CreateTeacherResponse()
        guard TeacherCodec.reply(bytes, teacher: &response.teacher) else { return nil }
        return consume response
    }
}

extension StoredTeacher {
    static func directlyDecoded(_ bytes: UnsafeRawBufferPointer, limits: DecodingLimits) -> StoredTeacher? {
        guard TeacherCodec.admits(bytes.count, limits, depth: 3) else { return nil }
        var stored = StoredTeacher()
        guard TeacherCodec.stored(bytes, into: &stored) else { return nil }
        return consume stored
    }
}
