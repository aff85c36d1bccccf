import Craftsman
import CraftsmanProto

/// The journal entry of a teacher write, encoded straight from the domain teacher.
///
/// The general path builds a `JournalEntry` holding a `StoredTeacher` holding a
/// `CraftsmanProto.Teacher` (every string, record and date copied into wire structs), encodes it
/// and destroys it again: about a tenth of an I/O thread's time under a load of new teachers.
/// This one describes the same fields, in the same order, from the domain values.
/// `TeacherEntryEncodingTests` checks the bytes equal the general path's for the demo teachers.
struct TeacherEntryEncoding: WireEncodable {
    /// The `JournalEntry` field of the change: 4 `teacher_created`, 5 `teacher_updated`.
    let changeField: Int
    let teacher: Craftsman.Teacher
    let recordedAtUnixMilliseconds: Int64
    let actorAccountID: String
    let reason: String

    /// The encoding of `change` when it is one teacher write, else nil (and nil when a string
    /// holds NUL, which the general path then refuses with an error naming the field).
    static func bytes(of change: CraftsmanState.Change) -> [UInt8]? {
        guard change.changes.count == 1, case .registry(let registry) = change.changes[0] else { return nil }
        let (field, teacher): (Int, Craftsman.Teacher)
        switch registry {
        case .teacherCreated(let created): (field, teacher) = (4, created)
        case .teacherUpdated(let updated): (field, teacher) = (5, updated)
        default: return nil
        }
        return TeacherEntryEncoding(
            changeField: field, teacher: teacher, recordedAtUnixMilliseconds: change.recordedAtUnixMilliseconds,
            actorAccountID: change.actorAccountID, reason: change.reason
        ).wireBytes()
    }

    func encodeFields<Sink: WireSink>(to sink: inout Sink) {
        sink.int64(1, recordedAtUnixMilliseconds)
        sink.messageField(changeField, StoredFields(teacher: teacher))
        sink.string(9, actorAccountID)
        sink.string(10, reason)
    }

    /// `StoredTeacher`: the teacher, then the whole national ID.
    private struct StoredFields: WireEncodable {
        let teacher: Craftsman.Teacher

        func encodeFields<Sink: WireSink>(to sink: inout Sink) {
            sink.messageField(1, TeacherFields(teacher: teacher))
            sink.string(2, teacher.nationalID)
        }
    }

    /// `craftsman.v1.Teacher` as stored: `national_id_masked` (4) left out.
    private struct TeacherFields: WireEncodable {
        let teacher: Craftsman.Teacher

        func encodeFields<Sink: WireSink>(to sink: inout Sink) {
            sink.string(1, teacher.id)
            sink.string(2, teacher.schoolID)
            sink.string(3, teacher.name)
            sink.messageField(5, DateFields(date: teacher.birthDate))
            sink.int32(6, teacher.highestEducation.rawValue)
            sink.messageField(7, DateFields(date: teacher.teachingStartDate))
            sink.int32(8, teacher.titleRank.rawValue)
            sink.int32(9, teacher.skillLevel.rawValue)
            sink.string(10, teacher.skillOccupation)
            sink.bool(11, teacher.skillCertificateRelatedToSubject)
            sink.int32(12, teacher.courseKind.rawValue)
            sink.string(13, teacher.subjectTaught)
            sink.bool(14, teacher.employedInPost)
            sink.int32(15, teacher.enterprisePracticeMonthsLast5Years)
            if let asOf = teacher.enterprisePracticeAsOf { sink.messageField(16, DateFields(date: asOf)) }
            sink.int32(17, teacher.industryExperienceMonths)
            for project in teacher.researchProjects { sink.messageField(18, ProjectFields(project: project)) }
            for award in teacher.awards { sink.messageField(19, AwardFields(award: award)) }
            for honour in teacher.honours { sink.messageField(20, HonourFields(honour: honour)) }
            if let attestation = teacher.ethicsAttestation {
                sink.messageField(21, AttestationFields(attestation: attestation))
            }
            sink.int64(22, teacher.createdAtUnixMilliseconds)
            sink.int64(23, teacher.updatedAtUnixMilliseconds)
            sink.int64(24, teacher.revision)
        }
    }

    private struct DateFields: WireEncodable {
        let date: Craftsman.CivilDate

        func encodeFields<Sink: WireSink>(to sink: inout Sink) {
            sink.int32(1, Int32(date.year))
            sink.int32(2, Int32(date.month))
            sink.int32(3, Int32(date.day))
        }
    }

    private struct ProjectFields: WireEncodable {
        let project: Craftsman.ResearchProject

        func encodeFields<Sink: WireSink>(to sink: inout Sink) {
            sink.string(1, project.id)
            sink.string(2, project.title)
            sink.int32(3, project.level.rawValue)
            sink.int32(4, project.role.rawValue)
            sink.bool(5, project.concluded)
            sink.int32(6, project.year)
            // A oneof's one member: written when set, even when 0.
            if let concludedYear = project.concludedYear { sink.int32Field(7, concludedYear) }
            sink.string(8, project.issuingBody)
        }
    }

    private struct AwardFields: WireEncodable {
        let award: Craftsman.Award

        func encodeFields<Sink: WireSink>(to sink: inout Sink) {
            sink.string(1, award.id)
            sink.string(2, award.title)
            sink.int32(3, award.kind.rawValue)
            sink.int32(4, award.level.rawValue)
            sink.int32(5, award.rank.rawValue)
            sink.int32(6, award.year)
            sink.string(7, award.awardingBody)
        }
    }

    private struct HonourFields: WireEncodable {
        let honour: Craftsman.Honour

        func encodeFields<Sink: WireSink>(to sink: inout Sink) {
            sink.string(1, honour.id)
            sink.string(2, honour.title)
            sink.int32(3, honour.level.rawValue)
            sink.int32(4, honour.year)
            sink.string(5, honour.awardingBody)
        }
    }

    private struct AttestationFields: WireEncodable {
        let attestation: Craftsman.Attestation

        func encodeFields<Sink: WireSink>(to sink: inout Sink) {
            sink.bool(1, attestation.attested)
            sink.string(2, attestation.statement)
            sink.string(3, attestation.attestedByAccountID)
            sink.int64(4, attestation.attestedAtUnixMilliseconds)
        }
    }
}
