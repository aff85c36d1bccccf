/// The client's side of the teacher encoder: `TeacherInput` inside `CreateTeacherRequest`, which
/// every CreateTeacher call encodes, and `GetTeacherRequest`, the most frequent request, with the
/// same rule (the bytes protobuf-c writes; nil, for the generic path to decide, when a string
/// holds NUL).
extension TeacherInput: WireEncodable {
    public func encodeFields<Sink: WireSink>(to sink: inout Sink) {
        sink.string(1, schoolID)
        sink.string(2, name)
        // The one member of a oneof: written when set, even when empty, in its number's place.
        if let nationalID { sink.stringField(3, nationalID) }
        sink.message(4, birthDate)
        sink.enumValue(5, highestEducation)
        sink.message(6, teachingStartDate)
        sink.enumValue(7, titleRank)
        sink.enumValue(8, skillLevel)
        sink.string(9, skillOccupation)
        sink.bool(10, skillCertificateRelatedToSubject)
        sink.enumValue(11, courseKind)
        sink.string(12, subjectTaught)
        sink.bool(13, employedInPost)
        sink.int32(14, enterprisePracticeMonthsLast5Years)
        sink.message(15, enterprisePracticeAsOf)
        sink.int32(16, industryExperienceMonths)
        sink.messages(17, researchProjects)
        sink.messages(18, awards)
        sink.messages(19, honours)
        sink.message(20, ethicsAttestation)
    }
}

extension CreateTeacherRequest: WireEncodable {
    public func encodeFields<Sink: WireSink>(to sink: inout Sink) {
        sink.message(1, teacher)
        sink.string(2, reason)
    }
}

extension GetTeacherRequest: WireEncodable {
    public func encodeFields<Sink: WireSink>(to sink: inout Sink) {
        sink.string(1, teacherID)
    }
}

extension GetTeacherRequest {
    static func directlyEncoded(_ request: GetTeacherRequest) -> [UInt8]? {
        request.wireBytes()
    }
}

extension TeacherInput {
    static func directlyEncoded(_ input: TeacherInput) -> [UInt8]? {
        input.wireBytes()
    }
}

extension CreateTeacherRequest {
    static func directlyEncoded(_ request: CreateTeacherRequest) -> [UInt8]? {
        request.wireBytes()
    }
}
