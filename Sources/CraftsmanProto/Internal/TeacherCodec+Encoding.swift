/// The hand-written encoder for `craftsman.v1.Teacher`, the records inside it and the messages
/// that carry one: the journal's `JournalEntry` with its `StoredTeacher` on every durable write,
/// the `CreateTeacherResponse` or `GetTeacherResponse` reply, and the snapshot's 100,000
/// `StoredTeacher`s.
///
/// The generic path copies the value, every string included, into protobuf-c's C structs before
/// protobuf-c measures and packs them, which cost a server about 8% of a connection's time under
/// a CreateTeacher load. Here each message describes its fields to a ``WireSink`` (see
/// ``WireEncodable``), measured then written straight into the result, the same bytes as
/// protobuf-c's: fields by number, proto3 defaults left out, a present message written even when
/// empty, a oneof member written whenever set. Like the decoder it is only a shortcut: a value it
/// does not handle, or one the generic path refuses (a string holding NUL), gets nil, and the
/// generic path decides. `TeacherCodecEncodingTests` checks both paths give the same bytes.
extension TeacherCodec {
    /// A journal entry of the kind every teacher write journals: a teacher created or updated, or
    /// no change, and no selection changes. Other entries take the generic path.
    struct TeacherJournalEntry: WireEncodable {
        let entry: JournalEntry
        /// The oneof `change`'s field number and teacher, when set.
        let change: (number: Int, stored: StoredTeacher)?

        init?(_ entry: JournalEntry) {
            guard entry.selectionChanges.isEmpty else { return nil }
            switch entry.change {
            case .teacherCreated(let stored)?: change = (4, stored)
            case .teacherUpdated(let stored)?: change = (5, stored)
            case nil: change = nil
            default: return nil
            }
            self.entry = entry
        }

        func encodeFields<Sink: WireSink>(to sink: inout Sink) {
            sink.int64(1, entry.recordedAtUnixMs)
            if let change { sink.messageField(change.number, change.stored) }
            // Selection changes (8) are empty: `init?` leaves the others to the generic path.
            sink.string(9, entry.actorAccountID)
            sink.string(10, entry.reason)
        }
    }
}

extension CivilDate: WireEncodable {
    public func encodeFields<Sink: WireSink>(to sink: inout Sink) {
        sink.int32(1, year)
        sink.int32(2, month)
        sink.int32(3, day)
    }
}

extension Attestation: WireEncodable {
    public func encodeFields<Sink: WireSink>(to sink: inout Sink) {
        sink.bool(1, attested)
        sink.string(2, statement)
        sink.string(3, attestedByAccountID)
        sink.int64(4, attestedAtUnixMs)
    }
}

extension ResearchProject: WireEncodable {
    public func encodeFields<Sink: WireSink>(to sink: inout Sink) {
        sink.string(1, id)
        sink.string(2, title)
        sink.enumValue(3, level)
        sink.enumValue(4, role)
        sink.bool(5, concluded)
        sink.int32(6, year)
        // The one member of a oneof: written when set, even when 0, and before field 8.
        if let concludedYear { sink.int32Field(7, concludedYear) }
        sink.string(8, issuingBody)
    }
}

extension Award: WireEncodable {
    public func encodeFields<Sink: WireSink>(to sink: inout Sink) {
        sink.string(1, id)
        sink.string(2, title)
        sink.enumValue(3, kind)
        sink.enumValue(4, level)
        sink.enumValue(5, rank)
        sink.int32(6, year)
        sink.string(7, awardingBody)
    }
}

extension Honour: WireEncodable {
    public func encodeFields<Sink: WireSink>(to sink: inout Sink) {
        sink.string(1, id)
        sink.string(2, title)
        sink.enumValue(3, level)
        sink.int32(4, year)
        sink.string(5, awardingBody)
    }
}

extension Teacher: WireEncodable {
    public func encodeFields<Sink: WireSink>(to sink: inout Sink) {
        sink.string(1, id)
        sink.string(2, schoolID)
        sink.string(3, name)
        sink.string(4, nationalIDMasked)
        sink.message(5, birthDate)
        sink.enumValue(6, highestEducation)
        sink.message(7, teachingStartDate)
        sink.enumValue(8, titleRank)
        sink.enumValue(9, skillLevel)
        sink.string(10, skillOccupation)
        sink.bool(11, skillCertificateRelatedToSubject)
        sink.enumValue(12, courseKind)
        sink.string(13, subjectTaught)
        sink.bool(14, employedInPost)
        sink.int32(15, enterprisePracticeMonthsLast5Years)
        sink.message(16, enterprisePracticeAsOf)
        sink.int32(17, industryExperienceMonths)
        sink.messages(18, researchProjects)
        sink.messages(19, awards)
        sink.messages(20, honours)
        sink.message(21, ethicsAttestation)
        sink.int64(22, createdAtUnixMs)
        sink.int64(23, updatedAtUnixMs)
        sink.int64(24, revision)
    }
}

extension StoredTeacher: WireEncodable {
    public func encodeFields<Sink: WireSink>(to sink: inout Sink) {
        sink.message(1, teacher)
        sink.string(2, nationalID)
    }
}

extension GetTeacherResponse: WireEncodable {
    public func encodeFields<Sink: WireSink>(to sink: inout Sink) {
        sink.message(1, teacher)
    }
}

extension CreateTeacherResponse: WireEncodable {
    public func encodeFields<Sink: WireSink>(to sink: inout Sink) {
        sink.message(1, teacher)
    }
}

// The hooks ``ProtoCodec/encode(_:)`` consults before the generic path.

extension Teacher {
    static func directlyEncoded(_ teacher: Teacher) -> [UInt8]? {
        teacher.wireBytes()
    }
}

extension StoredTeacher {
    /// The snapshot writes one per teacher, and the journal one inside every teacher's entry.
    static func directlyEncoded(_ stored: StoredTeacher) -> [UInt8]? {
        stored.wireBytes()
    }
}

extension JournalEntry {
    /// Entries of teacher writes only (see ``TeacherCodec/TeacherJournalEntry``); nil for others.
    static func directlyEncoded(_ entry: JournalEntry) -> [UInt8]? {
        TeacherCodec.TeacherJournalEntry(entry)?.wireBytes()
    }
}

extension GetTeacherResponse {
    static func directlyEncoded(_ response: GetTeacherResponse) -> [UInt8]? {
        response.wireBytes()
    }
}

extension CreateTeacherResponse {
    static func directlyEncoded(_ response: CreateTeacherResponse) -> [UInt8]? {
        response.wireBytes()
    }
}
