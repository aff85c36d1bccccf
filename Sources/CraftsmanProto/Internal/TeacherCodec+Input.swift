/// The server's side of ``TeacherCodec``: `TeacherInput` inside `CreateTeacherRequest`, which
/// every durable write decodes, with the same records and the same rule (nil on anything but a
/// plain, valid message; the generic path decides).
extension TeacherCodec {
    static func createTeacherRequest(_ bytes: UnsafeRawBufferPointer) -> CreateTeacherRequest? {
        var request = CreateTeacherRequest()
        guard read(bytes, into: &request) else { return nil }
        return consume request
    }

    static func read(_ bytes: UnsafeRawBufferPointer, into request: inout CreateTeacherRequest) -> Bool {
        var reader = WireReader(bytes)
        var seen: UInt8 = 0
        while !reader.isAtEnd {
            guard let (number, wireType) = reader.tag(), number <= 2, seen & (1 << number) == 0 else { return false }
            seen |= 1 << number
            switch (number, wireType) {
            case (1, 2):
                guard let value = reader.lengthDelimited(), let teacher = teacherInput(value) else { return false }
                request.teacher = teacher
            case (2, 2):
                guard let value = reader.string() else { return false }
                request.reason = value
            default:
                return false
            }
        }
        return true
    }

    static func teacherInput(_ bytes: UnsafeRawBufferPointer) -> TeacherInput? {
        var input = TeacherInput()
        guard read(bytes, into: &input) else { return nil }
        return consume input
    }

    static func read(_ bytes: UnsafeRawBufferPointer, into input: inout TeacherInput) -> Bool {
        var reader = WireReader(bytes)
        var seen: UInt32 = 0
        while !reader.isAtEnd {
            guard let (number, wireType) = reader.tag(), number <= 20 else { return false }
            // Research projects, awards and honours (17–19) repeat.
            if number < 17 || number > 19 {
                guard seen & (1 << number) == 0 else { return false }
                seen |= 1 << number
            }
            switch (number, wireType) {
            case (1, 2):
                guard let value = reader.string() else { return false }
                input.schoolID = value
            case (2, 2):
                guard let value = reader.string() else { return false }
                input.name = value
            case (3, 2):
                // The one member of a oneof: present, even when empty.
                guard let value = reader.string() else { return false }
                input.nationalID = value
            case (4, 2):
                guard let value = reader.lengthDelimited(), let date = civilDate(value) else { return false }
                input.birthDate = date
            case (5, 0):
                guard let value = reader.enumValue(EducationLevel.self) else { return false }
                input.highestEducation = value
            case (6, 2):
                guard let value = reader.lengthDelimited(), let date = civilDate(value) else { return false }
                input.teachingStartDate = date
            case (7, 0):
                guard let value = reader.enumValue(TitleRank.self) else { return false }
                input.titleRank = value
            case (8, 0):
                guard let value = reader.enumValue(SkillLevel.self) else { return false }
                input.skillLevel = value
            case (9, 2):
                guard let value = reader.string() else { return false }
                input.skillOccupation = value
            case (10, 0):
                guard let value = reader.bool() else { return false }
                input.skillCertificateRelatedToSubject = value
            case (11, 0):
                guard let value = reader.enumValue(CourseKind.self) else { return false }
                input.courseKind = value
            case (12, 2):
                guard let value = reader.string() else { return false }
                input.subjectTaught = value
            case (13, 0):
                guard let value = reader.bool() else { return false }
                input.employedInPost = value
            case (14, 0):
                guard let value = reader.int32() else { return false }
                input.enterprisePracticeMonthsLast5Years = value
            case (15, 2):
                guard let value = reader.lengthDelimited(), let date = civilDate(value) else { return false }
                input.enterprisePracticeAsOf = date
            case (16, 0):
                guard let value = reader.int32() else { return false }
                input.industryExperienceMonths = value
            case (17, 2):
                guard let value = reader.lengthDelimited(), let project = researchProject(value) else { return false }
                input.researchProjects.append(project)
            case (18, 2):
                guard let value = reader.lengthDelimited(), let award = award(value) else { return false }
                input.awards.append(award)
            case (19, 2):
                guard let value = reader.lengthDelimited(), let honour = honour(value) else { return false }
                input.honours.append(honour)
            case (20, 2):
                guard let value = reader.lengthDelimited(), let attestation = attestation(value) else { return false }
                input.ethicsAttestation = attestation
            default:
                return false
            }
        }
        return true
    }
}

extension TeacherInput {
    static func directlyDecoded(_ bytes: UnsafeRawBufferPointer, limits: DecodingLimits) -> TeacherInput? {
        guard TeacherCodec.admits(bytes.count, limits, depth: 2) else { return nil }
        return TeacherCodec.teacherInput(bytes)
    }
}

extension CreateTeacherRequest {
    static func directlyDecoded(_ bytes: UnsafeRawBufferPointer, limits: DecodingLimits) -> CreateTeacherRequest? {
        guard TeacherCodec.admits(bytes.count, limits, depth: 3) else { return nil }
        return TeacherCodec.createTeacherRequest(bytes)
    }
}

extension GetTeacherRequest {
    /// The most frequent request of all (one id): read directly, it costs the server no
    /// validator walk, no protobuf-c unpack and no C string, which the generic path spends on it.
    static func directlyDecoded(_ bytes: UnsafeRawBufferPointer, limits: DecodingLimits) -> GetTeacherRequest? {
        guard TeacherCodec.admits(bytes.count, limits, depth: 1) else { return nil }
        var reader = WireReader(bytes)
        var request = GetTeacherRequest()
        var seen = false
        while !reader.isAtEnd {
            guard let (number, wireType) = reader.tag(), number == 1, wireType == 2, !seen, let id = reader.string() else {
                return nil
            }
            seen = true
            request.teacherID = id
        }
        return request
    }
}
